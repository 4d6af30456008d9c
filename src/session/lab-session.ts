// One lab on the engine, in explicit phases: start (network, server, capture, client ready), drive (the
// client's scripted run; an interactive front end drives the programs itself), collect (the capture and
// the socket events). Removal is `Symbol.asyncDispose`, so `await using` removes the lab on every path
// out; every phase takes the abort signal. The session knows only the runtime interface, not the engine.
import { networkInterfaces } from 'node:os';
import type { KnownDrop } from '../analyse/report-model.js';
import { mergeEvents, parseEventLines, type SocketEvent } from '../capture/socket-events.js';
import { configErrorAt } from '../config/config-origin.js';
import type { LabConfig } from '../config/lab-config.js';
import { firstOverlap, interfaceSubnets, subnetTakenDetail } from '../config/subnet-rules.js';
import { ensureImages, type EnsuredImage, type ImageRole } from '../docker/images.js';
import type { LogStream } from '../docker/log-lines.js';
import { lateAnswer, type AttachedStreams, type ContainerRuntime } from '../docker/runtime.js';
import { freeSubnets } from '../docker/subnet.js';
import { LabError, type WaitingFor } from '../errors.js';
import { removeByIds, removeRun } from '../lab/lab-down.js';
import { clientSettles, newRunId, planLab, type LabPlan, type ProgramMode } from '../lab/plan.js';
import type { Progress } from '../lab/progress.js';
import type { Scenario } from '../lab/scenarios.js';
import { waitForLog } from '../lab/wait-for-log.js';
import { abortable, sleep, withTimeout } from '../waiting.js';
import { CaptureStream } from './capture-stream.js';
import { LivePackets, type LivePacket } from './live-packets.js';
import { ProgramChannel, type ProgramRole, type Reply } from './program-channel.js';

/** A scenario with the name shown in progress lines and labels (a preset's, or "custom"). */
export type NamedScenario = Scenario & { name: string };

/** What a live session reports as it happens: each packet, each socket call, and late command results. */
export type LiveEvent =
  | { type: 'packet'; packet: LivePacket }
  | { type: 'call'; role: ProgramRole; event: SocketEvent }
  | { type: 'reply'; role: ProgramRole; reply: Reply };

export interface SessionOptions {
  mode: ProgramMode;
  /** Called for every live event (packets are decoded only when it is given). */
  onLive?: (event: LiveEvent) => void;
  /** Images already ensured (by a server that starts many labs): the engine is not asked again. */
  images?: Record<ImageRole, EnsuredImage>;
}

export interface Collected {
  pcap: Buffer;
  events: SocketEvent[];
  /** tcpdump's closing statistics, e.g. "0 packets dropped by kernel" (none while it keeps running). */
  captureStats: string[];
  /** What the scenario's firewall dropped after the capture point. */
  drops: KnownDrop[];
}

const READY_TIMEOUT_MS = 15_000;
const CLIENT_TIMEOUT_MS = 30_000;
const CAPTURE_STOP_TIMEOUT_MS = 10_000;
/** After the client's teardown is over, the last segment still has to cross the veth pair to tcpdump. */
const CAPTURE_GRACE_MS = 25;

export class LabSession implements AsyncDisposable {
  readonly runId = newRunId();
  plan: LabPlan | undefined;
  subnet: string | undefined;
  capture: CaptureStream | undefined;
  private ids: { server: string; client: string; capture: string } | undefined;
  /** Creations in flight: removal waits for them before it removes by label. */
  private readonly pending = new Set<Promise<unknown>>();
  /** Everything whose creation was asked for, by name (what may be left if removal cannot finish), with the id
   * the engine answered: a creation cut short by an interrupt may have happened with no id known. */
  private readonly created = new Map<string, { network: boolean; id?: string }>();
  private removal: Promise<void> | undefined;
  private keepRunning = false;
  /** A scripted client's attached output, read only for the moment it ends: true once its process has
   * exited, false if the attach dropped first. */
  private clientOutput: Promise<boolean> | undefined;
  /** Every stream the session opened (attaches): removal closes them, also one the engine answered late. */
  private readonly openStreams = new Set<{ close(): void }>();
  /** tcpdump's stop, once begun: its closing statistics. */
  private captureStop: Promise<string[]> | undefined;
  /** The programs in command mode (interactive sessions only). */
  private programs: Record<ProgramRole, ProgramChannel> | undefined;

  /** True once a kept collect left the server and tcpdump running. */
  get kept(): boolean {
    return this.keepRunning;
  }

  constructor(
    private readonly runtime: ContainerRuntime,
    private readonly config: LabConfig,
    readonly scenario: NamedScenario,
    private readonly progress: Progress,
    private readonly options: SessionOptions = { mode: { kind: 'scripted' } },
  ) {}

  /** Network, server, capture and client, each ready; the client waits for a signal before it connects. */
  async start(signal: AbortSignal): Promise<void> {
    const { runtime, progress } = this;
    const ensured = this.options.images;
    const [images, subnets] = await progress.step('images', (report) =>
      Promise.all([ensured ?? abortable(ensureImages(runtime, { signal, report }), signal), abortable(runtime.networkSubnets(), signal)]),
    );
    const { lab, subnet } = await progress.step('network', () => this.createNetwork(subnets, (candidate) => planLab(this.config, this.scenario, images, candidate, this.runId, this.options.mode), signal));
    this.plan = lab;
    this.subnet = subnet;
    this.ids = await progress.step('ready', async () => {
      const track = (name: string, promise: Promise<string>) => this.track(name, promise, signal);
      const wait = (id: string, what: WaitingFor, pattern: RegExp) => waitForLog(runtime, id, what, pattern, { timeoutMs: READY_TIMEOUT_MS, signal });
      // The capture joins the server's namespace as soon as the server exists, and is attached before it
      // starts, so that no byte of the pcap is missed.
      const server = track(lab.server.name, runtime.createContainer(lab.server));
      const client = track(lab.client.name, runtime.createContainer(lab.client));
      const capture = server.then((id) => track(lab.capture.name, runtime.createContainer({ ...lab.capture, networkMode: `container:${id}` })));
      capture.catch(() => {}); // awaited below; if a start fails first, removal still waits for it
      // Removal waits for the capture's attach, and closes it.
      const attached = this.keepUntilRemoval(capture.then(async (id) => (this.capture = new CaptureStream(await this.attach(id)))));
      // A scripted client is attached before it starts, so that its end is seen (see drive).
      const clientWatched = lab.client.stdin ? undefined : this.keepUntilRemoval(client.then(async (id) => this.watchClientEnd(await this.attach(id))));
      // Programs in command mode are attached before they start, so that no event line is missed.
      const start = (role: ProgramRole, id: Promise<string>, attached?: Promise<void>) =>
        id.then(async (container) => {
          if (lab[role].stdin) this.connectProgram(role, await abortable(this.attach(container), signal));
          if (attached) await abortable(attached, signal);
          await abortable(runtime.startContainer(container), signal);
        });
      // Each container goes on as soon as what it needs is there: the capture starts once the server runs
      // (it joins its namespace), without waiting for the client; each readiness wait begins at its start.
      const serverStarted = start('server', server);
      const clientStarted = start('client', client, clientWatched);
      const captureListening = Promise.all([capture, attached, serverStarted]).then(async ([id, captureStream]) => {
        const onLive = this.options.onLive;
        if (onLive) {
          const packets = new LivePackets(this.config.server.port, (packet) => onLive({ type: 'packet', packet }));
          captureStream.follow((chunk) => packets.feed(chunk));
        }
        await abortable(runtime.startContainer(id), signal);
        await withTimeout(captureStream.listening, READY_TIMEOUT_MS, 'tcpdumpStart', signal);
      });
      await Promise.all([
        Promise.all([server, serverStarted]).then(([id]) => wait(id, 'serverListening', /"call":"listen","ret":0/)),
        Promise.all([client, clientStarted]).then(([id]) => wait(id, 'clientReady', /"call":"ready"/)),
        captureListening,
      ]);
      const [serverId, clientId, captureId] = await Promise.all([server, client, capture]);
      const ids = { server: serverId, client: clientId, capture: captureId };
      // Scenario firewall rules (dropping a first SYN or FIN) go in once tcpdump already listens.
      for (const command of lab.firewall) await abortable(runtime.exec(ids.capture, command), signal);
      return ids;
    });
  }

  /** The scripted drive: the client runs the scenario's steps; resolves with its exit code. With
   * `stopCapture`, and a client that waits for the teardown to be over before it ends (see settleMs in
   * plan.ts), tcpdump's stop (see collect) begins as soon as the client's process has ended: its attached
   * output ends then, while the engine answers the wait only once it has released the client's container
   * (its network endpoint first), 100–200 ms later on a busy machine. Otherwise (a server that never
   * accepts, whose connections nobody ends) tcpdump is stopped only after that answer, as it is when the
   * attach drops before the end. */
  async drive(signal: AbortSignal, { stopCapture = false }: { stopCapture?: boolean } = {}): Promise<number> {
    const { client } = this.started();
    if (stopCapture && clientSettles(this.scenario)) {
      this.clientOutput?.then((exited) => void (exited && this.stopCapture(signal).catch(() => {}))); // collect reports its failure
    }
    return this.progress.step(
      'client',
      async () => {
        // The exit is asked for first, so that the engine takes that request while it delivers the signal.
        const stopWaiting = new AbortController();
        const exited = this.runtime.waitContainer(client, AbortSignal.any([signal, stopWaiting.signal]));
        exited.catch(() => {}); // a failed signal is the error then
        try {
          await abortable(this.runtime.signalContainer(client, 'SIGUSR1'), signal);
          return await withTimeout(exited, CLIENT_TIMEOUT_MS, 'clientFinish', signal);
        } finally {
          stopWaiting.abort();
        }
      },
      this.scenario.name,
    );
  }

  /** Interactive drive: one command to one program (see images/common/COMMANDS.md); resolves with its reply. */
  async command(role: ProgramRole, line: string, signal: AbortSignal): Promise<Reply> {
    if (!this.programs) throw new Error('the programs are not in command mode');
    return this.programs[role].command(line, signal);
  }

  /** What was captured and called so far, while the lab runs on (a live session's downloads). */
  snapshot(): Collected {
    const events = this.programs ? mergeEvents(this.programs.server.events, this.programs.client.events) : [];
    return { pcap: this.capture?.bytes() ?? Buffer.alloc(0), events, captureStats: [], drops: this.plan?.drops ?? [] };
  }

  /** The capture and both programs' events. With `keep`, tcpdump runs on and the pcap is what arrived so far. */
  async collect(signal: AbortSignal, { keep }: { keep: boolean }): Promise<Collected> {
    const { server, client } = this.started();
    const stream = this.capture!;
    const logs: Promise<Record<LogStream, string>[]> = this.programs ? Promise.resolve([]) : Promise.all([this.runtime.logs(server), this.runtime.logs(client)]); // beside the capture's collection
    logs.catch(() => {});
    const captureStats = await this.progress.step('captured', async () => {
      if (!keep) return this.stopCapture(signal);
      await sleep(CAPTURE_GRACE_MS, signal);
      stream.detach();
      return [];
    });
    this.keepRunning = keep;
    // Programs in command mode: their events came through the attached stdout (the log may be cut short).
    const events = this.programs
      ? [this.programs.server.events, this.programs.client.events]
      : await abortable(logs, signal).then((all) => all.map((log) => parseEventLines(log.stdout)));
    return { pcap: stream.bytes(), events: mergeEvents(...events), captureStats, drops: this.plan?.drops ?? [] };
  }

  /** Stops tcpdump, once: it flushes its last packets and exits, and the capture's stream ends. Resolves
   * with tcpdump's closing statistics. */
  private stopCapture(signal: AbortSignal): Promise<string[]> {
    const { capture } = this.started();
    const stream = this.capture!;
    this.captureStop ??= (async () => {
      await sleep(CAPTURE_GRACE_MS, signal);
      await abortable(this.runtime.signalContainer(capture, 'SIGINT'), signal); // tcpdump flushes and exits
      await withTimeout(stream.ended, CAPTURE_STOP_TIMEOUT_MS, 'tcpdumpStop', signal);
      return stream.lines().filter((line) => /packets/.test(line));
    })();
    return this.captureStop;
  }

  /** Reads the scripted client's attached output away (an unread attach would hold up its writes) and
   * notes when it ends: 'end' only comes when the process exited; a dropped connection only closes. */
  private watchClientEnd(streams: AttachedStreams): void {
    streams.stdout.resume();
    streams.stderr.resume();
    this.clientOutput = new Promise((resolve) => {
      streams.stdout.on('end', () => resolve(true)).on('close', () => resolve(false)).on('error', () => resolve(false));
    });
  }

  /** Attaches to a container; removal closes the streams, also those the engine answers for after the run
   * stopped waiting (an open attach keeps the process alive, and Podman does not end it on removal). */
  private attach(id: string): Promise<AttachedStreams> {
    return this.keepUntilRemoval(
      this.runtime.attach(id).then((streams) => {
        this.openStreams.add(streams);
        return streams;
      }),
    );
  }

  /** An attach in progress, or a creation: removal waits for it, so that it closes what it opened even when
   * a start fails first. */
  private keepUntilRemoval<T>(promise: Promise<T>): Promise<T> {
    this.pending.add(promise);
    promise.finally(() => this.pending.delete(promise)).catch(() => {});
    return promise;
  }

  /** Why the client failed, from its own output. */
  async clientFailure(exitCode: number): Promise<{ exitCode: number; output: string }> {
    const log = await this.runtime.logs(this.started().client);
    return { exitCode, output: log.stderr.trim() || (log.stdout.trim().split('\n').pop() ?? '') };
  }

  /** Starts removing the lab (only the client after a kept collect); idempotent. Creations still in flight
   * are waited for first. If the engine cannot finish it, the error names what may be left. */
  remove(): Promise<void> {
    this.removal ??= (async () => {
      const label = this.keepRunning ? 'clientRemoved' : 'removed';
      try {
        await this.progress.step(label, async (report) => {
          // Said at once: with a hung engine this may last until the late answers' own deadline.
          if (this.pending.size) report.waitingForEngine();
          // Again while any is left: a creation past its deadline leaves its late answer to wait for.
          while (this.pending.size) await Promise.allSettled([...this.pending]);
          for (const streams of this.openStreams) streams.close();
          // With every id known, no listing by label is needed: one round trip for the containers, one for the network.
          const created = [...this.created.values()];
          const ids = (network: boolean) => created.filter((r) => r.network === network).map((r) => r.id!);
          const remove: () => Promise<unknown> = created.every((r) => r.id !== undefined)
            ? () => removeByIds(this.runtime, this.keepRunning ? { containers: [this.started().client], networks: [] } : { containers: ids(false), networks: ids(true) })
            : () => removeRun(this.runtime, this.runId, this.keepRunning ? ['client'] : undefined);
          await withRetries(remove);
        });
      } catch (error) {
        throw new LabError('removalIncomplete', { error, left: [...this.created.keys()], lab: this.config.name }, { cause: error });
      }
    })();
    return this.removal;
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.remove();
  }

  private connectProgram(role: ProgramRole, streams: AttachedStreams): void {
    const onLive = this.options.onLive ?? (() => {});
    this.programs ??= {} as Record<ProgramRole, ProgramChannel>;
    this.programs[role] = new ProgramChannel(role, streams, {
      onEvent: (from, event) => onLive({ type: 'call', role: from, event }),
      onLateReply: (from, reply) => onLive({ type: 'reply', role: from, reply }),
    });
  }

  private started(): { server: string; client: string; capture: string } {
    if (!this.ids) throw new Error('the lab session has not started');
    return this.ids;
  }

  private track(name: string, promise: Promise<string>, signal: AbortSignal, network = false): Promise<string> {
    const resource: { network: boolean; id?: string } = { network };
    this.created.set(name, resource);
    const follow = (creation: Promise<string>) => {
      this.pending.add(creation);
      creation
        .then(
          (id) => void (resource.id = id),
          // Past its deadline the engine may still create it: removal waits for that answer too.
          (error: unknown) => void (lateAnswer(error) && follow(lateAnswer(error)!)),
        )
        .finally(() => this.pending.delete(creation))
        .catch(() => {});
    };
    follow(promise);
    return abortable(promise, signal);
  }

  /** Creates the lab's network on a free subnet, retrying when a concurrent lab took the same one first. */
  private async createNetwork(usedSubnets: string[], plan: (subnet: string) => LabPlan, signal: AbortSignal): Promise<{ lab: LabPlan; subnet: string }> {
    const chosen = this.config.network.subnet;
    const taken = chosen === 'auto' ? undefined : firstOverlap(chosen, usedSubnets.map((cidr) => ({ owner: { kind: 'engineNetwork' as const }, cidr })));
    if (taken) throw configErrorAt(this.config, ['network', 'subnet'], subnetTakenDetail(chosen, taken));
    // auto: free of the engine's networks and of this host's own interfaces (a VPN's 172.29.x.0/24, say).
    const hostSubnets = interfaceSubnets(networkInterfaces()).map((s) => s.cidr);
    const candidates = chosen === 'auto' ? freeSubnets([...usedSubnets, ...hostSubnets]).slice(0, 5) : [chosen];
    if (!candidates.length) throw new LabError('noFreeSubnet', { range: '172.29.0.0/16' });
    let lastError: unknown;
    for (const subnet of candidates) {
      const lab = plan(subnet);
      try {
        await this.track(lab.network.name, this.runtime.createNetwork(lab.network), signal, true);
        return { lab, subnet };
      } catch (error) {
        if (!/overlap/i.test((error as Error).message)) throw error;
        lastError = error;
      }
    }
    throw lastError;
  }
}

/** Cleanup must not give up on one failed engine call: try again, then report the last error. */
async function withRetries<T>(attempt: () => Promise<T>, times = 3): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await attempt();
    } catch (error) {
      if (i >= times || (error instanceof LabError && error.code === 'INTERRUPTED')) throw error;
      await new Promise((resolve) => setTimeout(resolve, 200 * i));
    }
  }
}
