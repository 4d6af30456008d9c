// `lab up`: load lab.yaml, run the experiment (or every preset), write OUT/NAME/, print a summary.
import { basename, join, relative } from 'node:path';
import { Command } from '@commander-js/extra-typings';
import type { LabConfig } from '../../config/lab-config.js';
import type { ContainerRuntime } from '../../docker/runtime.js';
import { LabError } from '../../errors.js';
import { CAPTURE_SPACE_BYTES } from '../../lab/capture-space.js';
import type { RunSummary } from '../../lab/lab-up.js';
import type { CommandDefinition } from '../command-context.js';
import { EXIT } from '../exit-codes.js';
import type { CliMessages } from '../i18n/messages.js';
import type { CliIo } from '../io.js';
import { labName, minutes, nonEmpty } from '../option-values.js';

export const upCommand: CommandDefinition = (context) => {
  const { t } = context;
  const texts = t.commands.up;
  return new Command('up')
    .option('--config <file>', texts.options.config, nonEmpty(t))
    .option('--scenario <name>', texts.options.scenario, nonEmpty(t))
    .option('--name <name>', texts.options.name, labName(t))
    .option('--out <dir>', texts.options.out, nonEmpty(t))
    .option('--keep', texts.options.keep)
    .option('--json', texts.options.json)
    .option('--open', texts.options.open)
    .option('--interactive', texts.options.interactive)
    .option('--auto-accept', texts.options.autoAccept)
    .option('--idle <minutes>', texts.options.idle, minutes(context.t))
    .option('--wireshark', texts.options.wireshark)
    .action(context.run((options) => up(options, context)));
};

type UpOptions = {
  config?: string;
  scenario?: string;
  name?: string;
  out?: string;
  keep?: boolean;
  json?: boolean;
  open?: boolean;
  interactive?: boolean;
  autoAccept?: boolean;
  idle?: number;
  wireshark?: boolean;
};

const DEFAULT_IDLE_MINUTES = 30;

async function up(options: UpOptions, { t, io, env, askedLang }: Parameters<CommandDefinition>[0]): Promise<number> {
  // The Docker client, the config loader and the analyser load only now: `lab --help` needs none of them.
  // The engine is asked first: its answer comes while the rest loads and lab.yaml is read.
  const stopAsking = new AbortController();
  const connectTo = (await import('./docker-runtime.js')).connectingRuntime(env, stopAsking.signal);
  const [{ readEnvironment }, labConfig, configOrigin, { loadConfigFile, overrideIssueDetail }, { trapInterrupts }, { labUp }, { createProgress }, { resolveScenarios }] =
    await Promise.all([
      import('../../config/environment.js'),
      import('../../config/lab-config.js'),
      import('../../config/config-origin.js'),
      import('../../config/load-config.js'),
      import('../../lab/interrupts.js'),
      import('../../lab/lab-up.js'),
      import('../../lab/progress.js'),
      import('../../lab/resolve-scenario.js'),
    ]);
  const checkedConfig = async () => {
    const loaded = await loadConfigFile(options.config ?? 'lab.yaml', { required: options.config !== undefined });
    const config = withOverrides(labConfig, configOrigin, overrideIssueDetail, loaded, { ...options, lang: askedLang });
    const scenarios = resolveScenarios(config.scenario);
    const all = scenarios.length > 1;
    if (all && options.keep) throw new LabError('keepWithAll', {});
    if (all && options.interactive) throw new LabError('interactiveWithAll', {});
    const onlyInteractive = options.autoAccept ? '--auto-accept' : options.idle !== undefined ? '--idle' : options.wireshark ? '--wireshark' : undefined;
    if (!options.interactive && onlyInteractive) throw new LabError('interactiveOnly', { option: onlyInteractive });
    return { config, scenarios, all };
  };
  const { config, scenarios, all } = await checkedConfig().catch((error: unknown) => {
    stopAsking.abort(); // the mistake is told at once, not after an engine that does not answer times out
    throw error;
  });

  const words = { step: (id: keyof CliMessages['steps'], subject: string | undefined) => (subject ? t.stepAbout(t.steps[id], subject) : t.steps[id]), building: t.building, built: t.built, waitingForEngine: t.waitingForEngine };
  const progress = createProgress(io.stderr, words, { live: readEnvironment(env).isTty && !options.json && !options.interactive });
  const terminal = options.interactive
    ? new (await import('../../lab/interactive-terminal.js')).InteractiveTerminal({
        input: process.stdin,
        io,
        tty: Boolean(process.stdin.isTTY && io.stdout.isTTY),
        json: Boolean(options.json),
        idleMs: (options.idle ?? DEFAULT_IDLE_MINUTES) * 60_000,
        words: t.live,
      })
    : undefined;
  using interrupts = trapInterrupts(io.stderr, config.name, { stopping: t.up.interrupting, givingUp: t.up.givingUp, endingSession: t.up.endingSession }, terminal && (() => terminal.interrupt()));
  let runtime: ContainerRuntime | undefined;
  const connect = async () => (runtime = await connectTo({ giveUp: interrupts.giveUp }));
  const { runs, index } = await labUp(connect, config, scenarios, progress, {
    keep: Boolean(options.keep),
    signal: interrupts.stop,
    ...(terminal && {
      session: { mode: { kind: 'interactive', autoAccept: Boolean(options.autoAccept) }, onLive: terminal.onLive },
      drive: async (lab, signal) => {
        if (options.wireshark) await watchInWireshark(runtime!, config.name, { env, io, t });
        return terminal.drive(lab, signal);
      },
    }),
  }).catch(async (error: unknown) => {
    const [{ explainClientTimeout }, { connectEngine }] = await Promise.all([import('../../lab/explain-client-timeout.js'), import('../../docker/connect.js')]);
    throw await explainClientTimeout(error, runtime, () => connectEngine(readEnvironment(env)));
  });
  if (index) io.stderr.write(t.up.wroteIndex(shown(index)));
  if (options.json && terminal) io.stdout.write(`${JSON.stringify({ type: 'done', ...runs[0] })}\n`);
  else if (options.json) io.stdout.write(`${JSON.stringify(all ? runs : runs[0], null, 2)}\n`);
  else {
    const { messagesFor } = await import('../../report/i18n/index.js');
    const report = messagesFor(t.lang); // the verdict in the language the command line speaks
    // An interactive run played no preset: its summary is named for what it was.
    for (const run of runs) io.stdout.write(humanSummary(run, terminal ? t.up.interactiveRun : run.scenario, t, (c) => report.verdict(c)));
  }
  if (options.open) {
    const { openFile } = await import('../open-file.js');
    await openFile(index ?? runs[0]!.files.html!, { env, io, t });
  }
  interrupts.stop.throwIfAborted(); // an interrupt after the outputs were in place still ends with 130
  return terminal?.interrupted ? EXIT.interrupted : EXIT.ok;
}

/** Wireshark follows the started lab's capture (the same stream as `lab capture`) until the lab is removed;
 * the session goes on whether or not Wireshark can be shown. */
async function watchInWireshark(runtime: ContainerRuntime, lab: string, { env, io, t }: { env: NodeJS.ProcessEnv; io: CliIo; t: CliMessages }): Promise<void> {
  const [{ followLabCapture }, { showInWireshark }] = await Promise.all([import('../../lab/lab-capture.js'), import('../wireshark.js')]);
  const streams = await followLabCapture(runtime, lab);
  void showInWireshark(streams.stdout, { env, t, stderr: io.stderr }).then((outcome) => outcome !== 'shown' && streams.close());
}

type Overrides = { scenario?: string; name?: string; out?: string; lang?: string };
/** The option that sets each lab.yaml key. */
const OVERRIDE_OPTIONS: Record<string, string> = { scenario: '--scenario', name: '--name', output: '--out', 'report.lang': '--lang' };

/** Command-line values win over lab.yaml, and are validated by the same schema. */
function withOverrides(
  { labConfigSchema: schema }: typeof import('../../config/lab-config.js'),
  { keepOrigin }: typeof import('../../config/config-origin.js'),
  issueDetail: typeof import('../../config/load-config.js').overrideIssueDetail,
  config: LabConfig,
  values: Overrides,
): LabConfig {
  const merged = {
    ...config,
    ...(values.scenario !== undefined ? { scenario: values.scenario } : {}),
    ...(values.name !== undefined ? { name: values.name } : {}),
    ...(values.out !== undefined ? { output: values.out } : {}),
    ...(values.lang !== undefined ? { report: { ...config.report, lang: values.lang } } : {}),
  };
  const result = schema.safeParse(merged);
  if (!result.success) {
    // Facts, worded by the CLI in the user's language (zod's English message is not shown).
    const { path, detail } = issueDetail(result.error);
    throw new LabError('invalidOverride', { option: OVERRIDE_OPTIONS[path] ?? path, detail });
  }
  return keepOrigin(config, result.data);
}

/** A path as the user would type it: relative to here when that is shorter. */
function shown(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel && !rel.startsWith('..') ? rel : path;
}

function humanSummary(s: RunSummary, label: string, t: CliMessages, verdictLine: (c: RunSummary['connections'][number]) => string): string {
  const lines = [`\n${t.up.wrote(label, shown(s.outDir), Object.values(s.files).map((f) => basename(f)))}`];
  for (const [i, c] of s.connections.entries()) lines.push(t.up.connection(i, verdictLine(c)));
  if (s.captureCutAt !== undefined) lines.push(t.up.captureCut(s.captureCutAt, CAPTURE_SPACE_BYTES / 1024 / 1024));
  if (s.droppedByKernel !== undefined) lines.push(t.up.droppedByKernel(s.droppedByKernel));
  if (s.settleGaveUpAfter !== undefined) lines.push(t.up.settleGaveUp(s.settleGaveUpAfter.toFixed(1)));
  lines.push(t.up.openCapture(`wireshark ${join(shown(s.outDir), 'capture.pcap')}`));
  if (s.kept) lines.push(t.up.kept(s.lab));
  return `${lines.join('\n')}\n`;
}
