// `lab up`: load lab.yaml, run the experiment (or every preset), write OUT/NAME/, print a summary.
import { basename, join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import { readEnvironment } from '../../config/environment.js';
import { labConfigSchema, type LabConfig } from '../../config/lab-config.js';
import { keepOrigin } from '../../config/config-origin.js';
import { loadConfigFile } from '../../config/load-config.js';
import { LabError } from '../../errors.js';
import { trapInterrupts } from '../../lab/interrupts.js';
import { labUp, type RunSummary } from '../../lab/lab-up.js';
import { createProgress } from '../../lab/progress.js';
import { resolveScenarios } from '../../lab/resolve-scenario.js';
import { verdictLine } from '../../report/verdict-line.js';
import { EXIT } from '../exit-codes.js';
import type { CliIo } from '../io.js';
import { connectRuntime } from './docker-runtime.js';

export async function upCommand(args: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      config: { type: 'string' },
      scenario: { type: 'string' },
      name: { type: 'string' },
      out: { type: 'string' },
      lang: { type: 'string' },
      keep: { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
    },
  });
  const config = withOverrides(await loadConfigFile(values.config ?? 'lab.yaml', { required: values.config !== undefined }), values);
  const scenarios = resolveScenarios(config.scenario);
  const all = scenarios.length > 1;
  if (all && values.keep) throw new LabError('USAGE', '--keep keeps one lab running; it cannot be combined with --scenario all');

  const progress = createProgress(io.stderr, { live: readEnvironment().isTty && !values.json });
  using interrupts = trapInterrupts(io.stderr, config.name);
  const { runs, index } = await labUp(() => connectRuntime({ giveUp: interrupts.giveUp }), config, scenarios, progress, { keep: values.keep, signal: interrupts.stop });
  if (index) io.stderr.write(`\nwrote ${shown(index)}\n`);
  if (values.json) io.stdout.write(`${JSON.stringify(all ? runs : runs[0], null, 2)}\n`);
  else for (const run of runs) io.stdout.write(humanSummary(run));
  return EXIT.ok;
}

type Overrides = { scenario?: string; name?: string; out?: string; lang?: string };

/** Command-line values win over lab.yaml, and are validated by the same schema. */
function withOverrides(config: LabConfig, values: Overrides): LabConfig {
  const merged = {
    ...config,
    ...(values.scenario ? { scenario: values.scenario } : {}),
    ...(values.name ? { name: values.name } : {}),
    ...(values.out ? { output: values.out } : {}),
    ...(values.lang ? { report: { ...config.report, lang: values.lang } } : {}),
  };
  const result = labConfigSchema.safeParse(merged);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    throw new LabError('USAGE', `invalid command-line value for ${issue.path.join('.')}: ${issue.message}`);
  }
  return keepOrigin(config, result.data);
}

/** A path as the user would type it: relative to here when that is shorter. */
function shown(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel && !rel.startsWith('..') ? rel : path;
}

function humanSummary(s: RunSummary): string {
  const lines = [`\n${s.scenario}: wrote ${shown(s.outDir)}/ (${Object.values(s.files).map((f) => basename(f)).join(', ')})`];
  for (const [i, c] of s.connections.entries()) lines.push(`connection ${i + 1}: ${verdictLine(c)}`);
  lines.push(`open the capture in Wireshark: wireshark ${join(shown(s.outDir), 'capture.pcap')}`);
  if (s.kept) lines.push(`server and capture are still running (--keep); remove them with: lab down --name ${s.lab}`);
  return `${lines.join('\n')}\n`;
}
