// `lab up`: the output folder checked and locked, then one scripted lab session per scenario (every preset
// with --scenario all), the outputs written in a staging folder and renamed into place. Whatever happens,
// the session removes what it created; an error in that removal never hides the error that came first.
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { ConnectionReport } from '../analyse/report-model.js';
import type { LabConfig } from '../config/lab-config.js';
import type { ContainerRuntime } from '../docker/runtime.js';
import { LabError } from '../errors.js';
import { LabSession, type NamedScenario, type SessionOptions } from '../session/lab-session.js';
import { captureSpaceFull } from './capture-space.js';
import { packetsDroppedByKernel } from './kernel-drops.js';
import { outputCall, prepareOutputFolder } from './output-folder.js';
import { newRunId } from './plan.js';
import type { Progress } from './progress.js';
import { settleGaveUpAfter } from './settle-gave-up.js';

export type { NamedScenario } from '../session/lab-session.js';

export interface LabUpOptions {
  keep: boolean;
  /** Aborted by an interrupt: the run stops, nothing more is written, everything is removed. */
  signal: AbortSignal;
  /** How the programs run, and who hears the live events (default: scripted, nobody). */
  session?: SessionOptions;
  /** Drives a started session; resolves with the client's exit code. Default: the scenario's script. */
  drive?: (lab: LabSession, signal: AbortSignal) => Promise<number>;
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
  /** The pcap's length when it filled the capture space: later packets were lost. */
  captureCutAt?: number;
  /** Packets the kernel dropped before tcpdump read them (its closing counters): the capture lacks them. */
  droppedByKernel?: number;
  /** Seconds a client waited for its connection's teardown to end before it gave up: the capture ends first. */
  settleGaveUpAfter?: number;
  connections: Omit<ConnectionReport, 'packets'>[];
}

export interface LabUpResult {
  runs: RunSummary[];
  /** With several scenarios: the page that links them. */
  index?: string;
}

/** The analyser and the report writers. */
type Writers = typeof import('./write-outputs.js');

export async function labUp(connect: () => Promise<ContainerRuntime>, config: LabConfig, scenarios: NamedScenario[], progress: Progress, options: LabUpOptions): Promise<LabUpResult> {
  let loading: Promise<Writers> | undefined;
  const writers = () => (loading ??= import('./write-outputs.js'));
  const all = scenarios.length > 1;
  const folder = await prepareOutputFolder(config.output, config.name, newRunId());
  let keepEvidence = false;
  try {
    const runtime = await progress.step('docker', connect);
    const runs: RunSummary[] = [];
    for (const scenario of scenarios) {
      const where = all ? { staging: join(folder.staging, scenario.name), final: join(folder.dir, scenario.name) } : { staging: folder.staging, final: folder.dir };
      if (all) await outputCall(where.staging, () => mkdir(where.staging));
      try {
        runs.push(await runScenario(runtime, config, scenario, where, progress, writers, options));
      } catch (error) {
        keepEvidence = keepsEvidence(error);
        throw error;
      }
    }
    const index = all ? await (await writers()).writeIndex(folder.staging, runs, config.report.lang) : undefined;
    options.signal.throwIfAborted(); // an interrupt at any moment: nothing is put in place after it
    await folder.commit();
    for (const run of runs) run.files = Object.fromEntries(Object.entries(run.files).map(([key, file]) => [key, join(run.outDir, file)]));
    return { runs, index: index && join(folder.dir, index) };
  } catch (error) {
    if (keepEvidence && !options.signal.aborted) await folder.commit();
    else await folder.discard();
    throw error;
  }
}

/** The client failed: its capture and events were kept, and the error says where. */
class ExperimentFailed extends LabError<'clientFailedKept'> {}
/** The reports were written, then the removal failed: a student's experiment is not lost to the engine. */
class ReportsKept extends LabError<'reportsKeptRemovalFailed'> {}

/** Whether the failed run's outputs are put in place (with --keep, the failure is wrapped in what still runs). */
function keepsEvidence(error: unknown): boolean {
  const failure = error instanceof LabError && error.key === 'stillRunning' ? (error as LabError<'stillRunning'>).params.error : error;
  return failure instanceof ExperimentFailed || failure instanceof ReportsKept;
}

/** One scenario's session; its outputs go to `dir.staging`, which will be renamed to `dir.final`. */
async function runScenario(
  runtime: ContainerRuntime,
  config: LabConfig,
  scenario: NamedScenario,
  dir: { staging: string; final: string },
  progress: Progress,
  writers: () => Promise<Writers>,
  { keep, signal, session: sessionOptions, drive = (lab, driveSignal) => lab.drive(driveSignal, { stopCapture: !keep }) }: LabUpOptions,
): Promise<RunSummary> {
  const firstStep = progress.timings.length;
  let session: LabSession | undefined;
  let reportsWritten = false;
  try {
    await using lab = new LabSession(runtime, config, scenario, progress, sessionOptions);
    session = lab;
    await lab.start(signal);
    const driven = drive(lab, signal);
    // Loaded while the client runs, when the CPU would wait on the engine; before, it would hold up the
    // engine's answers on the way to the network and the containers (loading blocks the event loop).
    writers().catch(() => {});
    const clientExit = await driven;
    const collected = await lab.collect(signal, { keep: keep && clientExit === 0 });
    if (clientExit !== 0) {
      const failure = await lab.clientFailure(clientExit);
      const kept = await (await writers()).writeEvidence(collected, dir.staging);
      throw new ExperimentFailed('clientFailedKept', { ...failure, kept: kept.map((file) => join(dir.final, file)) });
    }
    const removal = lab.remove(); // runs while the reports are written
    removal.catch(() => {});
    // Writing the reports holds the CPU without a pause: let the removal's requests go out first.
    await new Promise((resolve) => setImmediate(resolve));
    const outputs = await progress.step('reports', async () => (await writers()).writeOutputs(collected, dir.staging, config.report.lang));
    const gaveUpAfter = settleGaveUpAfter(collected.events);
    const droppedByKernel = packetsDroppedByKernel(collected.captureStats);
    reportsWritten = true;
    await removal;
    return {
      lab: config.name,
      scenario: scenario.name,
      summary: 'summary' in scenario ? String(scenario.summary) : 'a scenario written out in lab.yaml',
      runId: lab.runId,
      subnet: lab.subnet!,
      outDir: dir.final,
      files: outputs.files,
      kept: keep,
      steps: progress.timings.slice(firstStep),
      captureStats: collected.captureStats,
      ...(captureSpaceFull(collected.pcap.length) ? { captureCutAt: collected.pcap.length } : {}),
      ...(droppedByKernel ? { droppedByKernel } : {}),
      ...(gaveUpAfter !== undefined ? { settleGaveUpAfter: gaveUpAfter } : {}),
      connections: outputs.report.connections.map(({ packets: _packets, ...connection }) => connection),
    };
  } catch (error) {
    let primary = withCleanupFailure(error);
    // Once the reports are written only the removal can fail: the experiment is kept, unless interrupted
    // (an interrupt puts nothing in place).
    if (reportsWritten && !signal.aborted) primary = new ReportsKept('reportsKeptRemovalFailed', { error: primary, folder: dir.final });
    if (keep && session?.kept) throw stillRunning(primary, config.name);
    if (primary instanceof LabError && primary.code === 'INTERRUPTED' && !isCleanupFailure(error)) {
      throw new LabError('interruptedAndRemoved', { error: primary });
    }
    throw primary;
  }
}

interface Suppressed {
  name: 'SuppressedError';
  /** The error thrown by the removal. */
  error: unknown;
  /** The error that came first. */
  suppressed: unknown;
}

function isCleanupFailure(error: unknown): error is Suppressed {
  return (error as { name?: string })?.name === 'SuppressedError';
}

/** The error that came first stays the error; a failed removal is added to its message, with its hint. */
function withCleanupFailure(error: unknown): unknown {
  if (!isCleanupFailure(error)) return error;
  const { error: cleanup, suppressed: original } = error;
  // The removal awaited after the reports failed, and disposing of the session returned that same failure: say it once.
  if (cleanup === original) return original;
  return new LabError('cleanupFailedToo', { error: original, cleanup });
}

/** With --keep, a failure after the capture was collected leaves the server and tcpdump running: say so. */
function stillRunning(error: unknown, lab: string): unknown {
  if (!(error instanceof LabError)) return error;
  return new LabError('stillRunning', { error, lab });
}
