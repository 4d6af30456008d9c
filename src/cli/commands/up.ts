// `lab up`: load lab.yaml, run the experiment, write OUT/NAME/, print a summary (or --json).
import { join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import { readEnvironment } from '../../config/environment.js';
import { labConfigSchema, type LabConfig } from '../../config/lab-config.js';
import { loadConfigFile } from '../../config/load-config.js';
import { LabError } from '../../errors.js';
import { labUp } from '../../lab/lab-up.js';
import { createProgress } from '../../lab/progress.js';
import { SCENARIOS, scenarioNames } from '../../lab/scenarios.js';
import { writeOutputs } from '../../lab/write-outputs.js';
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
  const scenario = SCENARIOS[config.scenario];
  if (!scenario) throw new LabError('USAGE', `unknown scenario "${config.scenario}"; the presets are: ${scenarioNames().join(', ')}`);

  const progress = createProgress(io.stderr, { live: readEnvironment().isTty && !values.json });
  const runtime = await progress.step('docker engine', () => connectRuntime());
  const controller = new AbortController();
  const interrupt = (signal: NodeJS.Signals) => {
    if (controller.signal.aborted) return;
    io.stderr.write(`\n${signal}: stopping and removing what this lab created…\n`);
    controller.abort(new LabError('INTERRUPTED', `interrupted by ${signal}; everything this run created was removed`));
  };
  process.on('SIGINT', interrupt);
  process.on('SIGTERM', interrupt);
  try {
    const run = await labUp(runtime, config, scenario, progress, { keep: values.keep, signal: controller.signal });
    const [outputs] = await Promise.all([progress.step('reports written', () => writeOutputs(run, join(config.output, config.name), config.report.lang)), run.removal]);
    const summary = {
      lab: config.name,
      scenario: scenario.name,
      runId: run.plan.runId,
      subnet: run.subnet,
      outDir: outputs.dir,
      files: outputs.files,
      kept: run.kept,
      steps: progress.timings,
      captureStats: run.captureStats,
      connections: outputs.report.connections.map(({ packets: _packets, ...connection }) => connection),
    };
    if (values.json) io.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
    else io.stdout.write(humanSummary(summary.connections, outputs.dir, run.kept, config.name));
    return EXIT.ok;
  } finally {
    process.off('SIGINT', interrupt);
    process.off('SIGTERM', interrupt);
  }
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
  return result.data;
}

/** A path as the user would type it: relative to here when that is shorter. */
function shown(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel && !rel.startsWith('..') ? rel : path;
}

function humanSummary(connections: { outcome: string; handshake: { complete: boolean }; teardown: { kind: string | null; initiator: string | null }; timeWait: string | null }[], dir: string, kept: boolean, name: string): string {
  const lines = [`\nwrote ${shown(dir)}/: capture.pcap, events.jsonl, report.md, report.json`];
  for (const [i, c] of connections.entries()) {
    lines.push(
      `connection ${i + 1}: handshake ${c.handshake.complete ? 'complete' : 'incomplete'}; teardown ${c.teardown.kind ?? 'none'}` +
        `${c.teardown.initiator ? ` started by ${c.teardown.initiator}` : ''}; ${c.outcome}; TIME-WAIT: ${c.timeWait ?? 'nobody'}`,
    );
  }
  lines.push(`open the capture in Wireshark: wireshark ${join(shown(dir), 'capture.pcap')}`);
  if (kept) lines.push(`server and capture are still running (--keep); remove them with: lab down --name ${name}`);
  return `${lines.join('\n')}\n`;
}
