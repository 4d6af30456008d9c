// `lab up`: the experiment from start to finish. Resources are created as late and as concurrently as the
// order allows, and removed on every path out: success, failure, Ctrl-C.
import type { LabConfig } from '../config/lab-config.js';
import { LabError } from '../errors.js';
import { ensureImages } from '../docker/images.js';
import type { ContainerRuntime } from '../docker/runtime.js';
import { freeSubnets } from '../docker/subnet.js';
import { removeRun } from './lab-down.js';
import { CAPTURE_FILE, newRunId, planLab, type LabPlan } from './plan.js';
import type { Progress } from './progress.js';
import type { Scenario } from './scenarios.js';

/** A scenario with the name shown in progress lines (a preset's, or "custom"). */
export type NamedScenario = Scenario & { name: string };
import { mergeEvents, parseEventLines, type SocketEvent } from '../capture/socket-events.js';
import { abortable, sleep, withTimeout } from '../waiting.js';
import { waitForLog } from './wait-for-log.js';

export interface LabUpOptions {
  keep: boolean;
  signal: AbortSignal;
}

export interface LabRun {
  plan: LabPlan;
  subnet: string;
  pcap: Buffer;
  events: SocketEvent[];
  /** tcpdump's closing statistics, e.g. "0 packets dropped by kernel". */
  captureStats: string[];
  kept: boolean;
  /** The removal of the lab's resources, already under way; await it before exiting. */
  removal: Promise<void>;
}

const READY_TIMEOUT_MS = 15_000;
const CLIENT_TIMEOUT_MS = 30_000;
/** After the client's teardown is over, the last segment still has to cross the veth pair to tcpdump. */
const CAPTURE_GRACE_MS = 25;

export async function labUp(runtime: ContainerRuntime, config: LabConfig, scenario: NamedScenario, progress: Progress, options: LabUpOptions): Promise<LabRun> {
  const { signal } = options;
  const runId = newRunId();
  const pending = new Set<Promise<unknown>>();
  /** Keeps creations in flight visible to the cleanup, which waits for them before removing by label. */
  const track = <T>(promise: Promise<T>): Promise<T> => {
    pending.add(promise);
    promise.finally(() => pending.delete(promise)).catch(() => {});
    return abortable(promise, signal);
  };
  /** Waits for creations still in flight, then removes by label (with --keep, only the client). */
  const remove = async (keep: boolean) => {
    await Promise.allSettled([...pending]);
    await progress.step(keep ? 'client removed (--keep)' : 'removed', () => withRetries(() => removeRun(runtime, runId, keep ? ['client'] : undefined)));
  };
  let removal: Promise<void> | undefined;
  try {
    const [images, subnets] = await progress.step('images', async () =>
      Promise.all([ensureImages(runtime, { signal }), runtime.networkSubnets()]),
    );
    const { lab, subnet } = await progress.step('network', () =>
      createNetwork(runtime, config, subnets, (candidate) => planLab(config, scenario, images, candidate, runId), track),
    );
    // All three containers start together; the client waits for a signal before it connects, so its
    // start-up overlaps the server's and tcpdump's instead of following them.
    const [serverId, clientId, captureId] = await progress.step('server + capture ready', async () => {
      const wait = (id: string, what: string, pattern: RegExp) => waitForLog(runtime, id, what, pattern, { timeoutMs: READY_TIMEOUT_MS, signal });
      const [server, client] = await Promise.all([track(runtime.createContainer(lab.server)), track(runtime.createContainer(lab.client))]);
      const capture = track(runtime.createContainer({ ...lab.capture, networkMode: `container:${server}` }));
      capture.catch(() => {}); // awaited below; if a start fails first, the cleanup still waits for it
      await Promise.all([abortable(runtime.startContainer(server), signal), abortable(runtime.startContainer(client), signal)]);
      await abortable(runtime.startContainer(await capture), signal);
      await Promise.all([
        wait(server, 'the server to listen', /"call":"listen","ret":0/),
        wait(await capture, 'tcpdump to start', /listening on/),
        wait(client, 'the client to start', /"call":"ready"/),
      ]);
      // Scenario firewall rules (dropping a first SYN or FIN) go in once tcpdump already listens.
      for (const command of lab.firewall) await abortable(runtime.exec(await capture, command), signal);
      return [server, client, await capture];
    });
    const clientExit = await progress.step(`client (${scenario.name})`, async () => {
      await abortable(runtime.signalContainer(clientId, 'SIGUSR1'), signal);
      return withTimeout(runtime.waitContainer(clientId), CLIENT_TIMEOUT_MS, 'the client to finish', signal);
    });
    const programLogs = Promise.all([runtime.logs(serverId), runtime.logs(clientId)]); // beside the capture's collection
    programLogs.catch(() => {});
    const { pcap, stats } = await progress.step('capture collected', async () => {
      await sleep(CAPTURE_GRACE_MS, signal);
      if (options.keep) return { pcap: await runtime.readFile(captureId, CAPTURE_FILE), stats: [] };
      await runtime.signalContainer(captureId, 'SIGINT'); // tcpdump flushes and exits
      await withTimeout(runtime.waitContainer(captureId), 10_000, 'tcpdump to stop', signal);
      const [file, log] = await Promise.all([runtime.readFile(captureId, CAPTURE_FILE), runtime.logs(captureId)]);
      return { pcap: file, stats: log.stderr.split('\n').filter((line) => /packets/.test(line)) };
    });
    const [serverLog, clientLog] = await programLogs;
    if (clientExit !== 0) {
      throw new LabError('EXPERIMENT', `the client exited with code ${clientExit}: ${clientLog.stderr.trim() || clientLog.stdout.trim().split('\n').pop()}`);
    }
    removal = remove(options.keep); // runs while the caller writes the reports
    return {
      plan: lab,
      subnet,
      pcap,
      events: mergeEvents(parseEventLines(serverLog.stdout), parseEventLines(clientLog.stdout)),
      captureStats: stats,
      kept: options.keep,
      removal,
    };
  } finally {
    if (!removal) await remove(false);
  }
}

/** Cleanup must not give up on one failed engine call: try again, then report the last error. */
async function withRetries<T>(attempt: () => Promise<T>, times = 3): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await attempt();
    } catch (error) {
      if (i >= times) throw error;
      await new Promise((resolve) => setTimeout(resolve, 200 * i));
    }
  }
}

/** Creates the lab's network on a free subnet, retrying when a concurrent lab took the same one first. */
async function createNetwork(
  runtime: ContainerRuntime,
  config: LabConfig,
  usedSubnets: string[],
  plan: (subnet: string) => LabPlan,
  track: <T>(p: Promise<T>) => Promise<T>,
): Promise<{ lab: LabPlan; subnet: string }> {
  const candidates = config.network.subnet === 'auto' ? freeSubnets(usedSubnets).slice(0, 5) : [config.network.subnet];
  if (!candidates.length) throw new LabError('DOCKER', 'no free subnet left in 172.29.0.0/16 for another lab', { hint: 'Remove old labs with `lab down --all`, or set network.subnet in lab.yaml.' });
  let lastError: unknown;
  for (const subnet of candidates) {
    const lab = plan(subnet);
    try {
      await track(runtime.createNetwork(lab.network));
      return { lab, subnet };
    } catch (error) {
      if (!/overlap/i.test((error as Error).message)) throw error;
      lastError = error;
    }
  }
  throw lastError;
}
