// `lab up`: load lab.yaml, run the experiment (or every preset), write OUT/NAME/, print a summary.
import { join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import type { ConnectionReport } from '../../analyse/report-model.js';
import { readEnvironment } from '../../config/environment.js';
import { labConfigSchema, type LabConfig } from '../../config/lab-config.js';
import { loadConfigFile } from '../../config/load-config.js';
import { LabError } from '../../errors.js';
import type { ContainerRuntime } from '../../docker/runtime.js';
import { labUp, type NamedScenario } from '../../lab/lab-up.js';
import { createProgress, type Progress } from '../../lab/progress.js';
import { resolveScenarios } from '../../lab/resolve-scenario.js';
import { writeIndex, writeOutputs } from '../../lab/write-outputs.js';
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
    const summaries: RunSummary[] = [];
    for (const scenario of scenarios) {
      if (all) io.stderr.write(`\n${scenario.name}\n`);
      const name = all ? `${config.name}-${scenario.name}` : config.name;
      const dir = all ? join(config.output, config.name, scenario.name) : join(config.output, config.name);
      summaries.push(await runOne(runtime, { ...config, name }, scenario, dir, progress, { keep: values.keep, signal: controller.signal }));
    }
    if (all) {
      const index = await writeIndex(join(config.output, config.name), summaries);
      io.stderr.write(`\nwrote ${shown(index)}\n`);
    }
    if (values.json) io.stdout.write(`${JSON.stringify(all ? summaries : summaries[0], null, 2)}\n`);
    else for (const summary of summaries) io.stdout.write(humanSummary(summary));
    return EXIT.ok;
  } finally {
    process.off('SIGINT', interrupt);
    process.off('SIGTERM', interrupt);
  }
}

export interface RunSummary {
  lab: string;
  scenario: string;
  summary: string;
  runId: string;
  subnet: string;
  outDir: string;
  files: Record<string, string>;
  kept: boolean;
  steps: Progress['timings'];
  captureStats: string[];
  connections: Omit<ConnectionReport, 'packets'>[];
}

async function runOne(
  runtime: ContainerRuntime,
  config: LabConfig,
  scenario: NamedScenario,
  dir: string,
  progress: Progress,
  options: { keep: boolean; signal: AbortSignal },
): Promise<RunSummary> {
  const firstStep = progress.timings.length;
  const run = await labUp(runtime, config, scenario, progress, options);
  const [outputs] = await Promise.all([progress.step('reports written', () => writeOutputs(run, dir, config.report.lang)), run.removal]);
  return {
    lab: config.name,
    scenario: scenario.name,
    summary: 'summary' in scenario ? String(scenario.summary) : 'a scenario written out in lab.yaml',
    runId: run.plan.runId,
    subnet: run.subnet,
    outDir: outputs.dir,
    files: outputs.files,
    kept: run.kept,
    steps: progress.timings.slice(firstStep),
    captureStats: run.captureStats,
    connections: outputs.report.connections.map(({ packets: _packets, ...connection }) => connection),
  };
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

function humanSummary(s: RunSummary): string {
  const lines = [`\n${s.scenario}: wrote ${shown(s.outDir)}/ (${Object.values(s.files).map((f) => f.split('/').pop()).join(', ')})`];
  for (const [i, c] of s.connections.entries()) lines.push(`connection ${i + 1}: ${verdictLine(c)}`);
  lines.push(`open the capture in Wireshark: wireshark ${join(shown(s.outDir), 'capture.pcap')}`);
  if (s.kept) lines.push(`server and capture are still running (--keep); remove them with: lab down --name ${s.lab}`);
  return `${lines.join('\n')}\n`;
}
