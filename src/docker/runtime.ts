// The narrow view of a container engine that the lab needs. Only this file speaks the Engine API, so the
// orchestrator can be driven by a fake runtime in unit tests, and another engine (Podman, a Kubernetes
// pod) could fill the same interface without touching the session code. The requests go through
// docker-modem, dockerode's own transport (unix socket, TCP, TLS, SSH), without dockerode: its module graph
// (gRPC and protobuf for BuildKit sessions, which the lab does not use) took longer to load than a warm
// `lab up` spends on all its engine calls.
import { PassThrough, type Readable, type Writable } from 'node:stream';
import type Modem from 'docker-modem';
import { DockerError } from '../errors.js';
import { abortable } from '../waiting.js';
import { demultiplex, LogLineSplitter, type LogStream } from './log-lines.js';

export interface NetworkSpec {
  name: string;
  labels: Record<string, string>;
  subnet: string;
  ipv6Subnet?: string;
}

export interface ContainerSpec {
  name: string;
  image: string;
  /** Replaces the image's entry point (a one-shot probe runs another program of the image). */
  entrypoint?: string[];
  cmd: string[];
  labels: Record<string, string>;
  /** A network name, `container:<id>` to share another container's network namespace, `none` (a
   * namespace with only loopback) or `host` (the engine host's own). */
  networkMode: string;
  ipv4Address?: string;
  ipv6Address?: string;
  /** Numeric uid:gid, or undefined for the image's user. */
  user?: string;
  capAdd: string[];
  pidsLimit: number;
  memoryBytes: number;
  /** CPUs the container may use (0.5 = half of one). */
  cpus: number;
  /** Kernel limits inside the container: open files, and processes of its user. */
  ulimits: { nofile: number; nproc: number };
  /** The engine keeps at most this many bytes of the container's log. */
  logMaxBytes: number;
  /** Every root file system is read-only; these paths are writable tmpfs mounts of the given size. */
  tmpfs: Record<string, number>;
  /** Namespaced sysctls, e.g. letting an unprivileged server bind a port below 1024. */
  sysctls: Record<string, string>;
  /** Keep stdin open, for a program driven through `attach`. */
  stdin: boolean;
}

export interface Resource {
  id: string;
  name: string;
  labels: Record<string, string>;
}

/** A process's standard streams as raw bytes: a capture streamed as pcap, a program driven line by line. */
export interface AttachedStreams {
  stdout: Readable;
  stderr: Readable;
  /** Open only when the container was created with `stdin: true`. */
  stdin: Writable;
  /** Detaches without stopping the process. */
  close(): void;
}

export interface ContainerRuntime {
  imageExists(tag: string): Promise<boolean>;
  /** Builds an image; aborting `signal` closes the request, which cancels the build. */
  /** `onOutput` hears each line of the build's output as it arrives. */
  buildImage(context: Buffer, tag: string, dockerfile: string, labels: Record<string, string>, signal?: AbortSignal, onOutput?: (line: string) => void): Promise<void>;
  networkSubnets(): Promise<string[]>;
  createNetwork(spec: NetworkSpec): Promise<string>;
  removeNetwork(id: string): Promise<void>;
  listNetworks(labelFilters: string[]): Promise<Resource[]>;
  createContainer(spec: ContainerSpec): Promise<string>;
  startContainer(id: string): Promise<void>;
  /** Resolves with the exit code when the container stops; `signal` abandons the wait. */
  waitContainer(id: string, signal?: AbortSignal): Promise<number>;
  signalContainer(id: string, signal: string): Promise<void>;
  /** Calls onLine for each log line until the container stops or stop() is called. */
  followLogs(id: string, onLine: (stream: LogStream, line: string) => void): Promise<{ stop(): void }>;
  logs(id: string): Promise<Record<LogStream, string>>;
  /** The main process's streams from now on; attach before start to miss nothing. They end when it exits;
   * a connection that drops first (or `close()`) closes them without ending them. */
  attach(id: string): Promise<AttachedStreams>;
  /** Runs a command in a running container as root; throws with its output when it fails. */
  exec(id: string, cmd: string[]): Promise<void>;
  /** Runs a command in a running container and streams its output; the streams end when it exits. Its stdin
   * is the connection: it reads end of file once the connection closes (close(), or this process ending). */
  execAttached(id: string, cmd: string[]): Promise<AttachedStreams>;
  removeContainer(id: string): Promise<void>;
  listContainers(labelFilters: string[]): Promise<Resource[]>;
}

/** Image archives, for the offline bundle (`lab images --save/--load`); lab up does not need them. */
export interface ImageArchives {
  /** One `docker save` archive holding all these images, as a stream. */
  saveImages(tags: string[]): Promise<NodeJS.ReadableStream>;
  /** Loads a `docker save` archive (plain or gzip); resolves with the image names the engine reports. */
  loadImages(archive: NodeJS.ReadableStream): Promise<string[]>;
}

export interface RuntimeOptions {
  /** Aborted when the user gives up waiting (a second Ctrl-C): every call in flight stops at once. */
  giveUp?: AbortSignal;
  /** How long one engine call may take before it is abandoned (builds and waits excepted). */
  callDeadlineMs?: number;
  /** How long a creation's request stays open for the engine's late answer (default: four call deadlines). */
  lateAnswerMs?: number;
}

export const CALL_DEADLINE_MS = 30_000;
/** How many deadlines a creation's request stays open for the engine's late answer, unless told otherwise. */
const LATE_ANSWER_DEADLINES = 4;

/** A creation the engine did not answer within the deadline. The request is not abandoned (the engine may
 * still create the network or container); `answer` settles when the engine answers, with the id of what it
 * created after all, so that whoever removes the lab can remove that too. */
export class UnansweredCreation extends DockerError<'dockerNoAnswer'> {
  constructor(
    params: { what: string; seconds: number },
    readonly answer: Promise<string>,
  ) {
    super('dockerNoAnswer', params);
  }
}

/** The late answer of a creation that failed at its deadline, if `error` is one. */
export function lateAnswer(error: unknown): Promise<string> | undefined {
  return error instanceof UnansweredCreation ? error.answer : undefined;
}

/** One Engine API request; resolves with the parsed JSON answer, or the response stream (isStream), or the
 * raw connection (hijack). Fails with docker-modem's error, which carries statusCode and the engine's json. */
export function dial<T>(modem: Modem, options: Modem.DialOptions): Promise<T> {
  return new Promise((resolve, reject) => modem.dial(options, (error, data) => (error ? reject(error) : resolve(data as T))));
}

/** The statuses of an answer that mean success, and words for the usual failures. */
const OK = { 200: true, 201: true, 204: true, 404: 'not found', 409: 'conflict', 500: 'server error' } as const;

export function dockerRuntime(modem: Modem, { giveUp, callDeadlineMs = CALL_DEADLINE_MS, lateAnswerMs = callDeadlineMs * LATE_ANSWER_DEADLINES }: RuntimeOptions = {}): ContainerRuntime & ImageArchives {
  /** One engine call with a deadline and the give-up signal; a failure says what was being done. The deadline
   * covers the answer, not a stream that follows it (logs, attach). A creation's request outlives its deadline
   * (`creates`): closing it would not stop the engine, only lose the id of what it creates. */
  const engine = async <T>(
    what: string,
    call: (abortSignal: AbortSignal) => Promise<T>,
    { deadline = true, signal, creates = false }: { deadline?: boolean; signal?: AbortSignal; creates?: boolean } = {},
  ): Promise<T> => {
    // A request started with an aborted signal fails before the HTTP client can report it: do not start it.
    giveUp?.throwIfAborted();
    signal?.throwIfAborted();
    const timer = new AbortController();
    const timeout = deadline ? setTimeout(() => timer.abort(), callDeadlineMs) : undefined;
    // A creation's request is closed only after a few more deadlines: an engine that has not answered by then
    // is hung, and a removal waiting for it (a server's, with nobody to press Ctrl-C again) must end.
    const lateTimer = creates && deadline ? AbortSignal.timeout(lateAnswerMs) : undefined;
    const stopRequest = AbortSignal.any([(lateTimer ?? timer.signal), ...(giveUp ? [giveUp] : []), ...(signal ? [signal] : [])]);
    const request = call(stopRequest);
    try {
      return await abortable(request, AbortSignal.any([stopRequest, timer.signal])); // settles even if a call ignored the signal
    } catch (error) {
      if (giveUp?.aborted) throw giveUp.reason;
      if (signal?.aborted) throw signal.reason;
      if (timer.signal.aborted) {
        const params = { what, seconds: callDeadlineMs / 1000 };
        throw creates ? new UnansweredCreation(params, request as Promise<string>) : new DockerError('dockerNoAnswer', params);
      }
      const message = (error as { json?: { message?: string } }).json?.message ?? (error as Error).message;
      throw new DockerError('dockerEngine', { what, detail: message }, { cause: error });
    } finally {
      clearTimeout(timeout);
    }
  };

  /** Splits a multiplexed (non-TTY) attach or exec stream into raw stdout and stderr. */
  const attached = (stream: NodeJS.ReadWriteStream & { destroy(): void }, { dropCloses = false } = {}): AttachedStreams => {
    const stdout = new PassThrough();
    const stderr = new PassThrough();
    modem.demuxStream(stream, stdout, stderr);
    // The engine ends the connection when the process exits: the streams end. With `dropCloses`, a connection
    // that closes or fails without that end (it dropped, or was closed here) closes the streams without ending
    // them, so that a reader can tell that the process was not seen to exit.
    let ended = false;
    const end = () => {
      ended = true;
      stdout.end();
      stderr.end();
    };
    stream.on('end', end);
    const drop = () => {
      if (!dropCloses) end();
      else if (!ended) stdout.destroy(), stderr.destroy();
    };
    stream.on('close', drop);
    stream.on('error', drop);
    return { stdout, stderr, stdin: stream as unknown as Writable, close: () => stream.destroy() };
  };

  /** Creates an exec in a running container and starts it; its output streams on the raw connection. */
  const startExec = async (what: string, id: string, config: Record<string, unknown>, openStdin = false) => {
    const { Id: execId } = await engine(what, (abortSignal) => dial<{ Id: string }>(modem, { path: `/containers/${id}/exec`, method: 'POST', options: config, abortSignal, statusCodes: OK }));
    const stream = await engine(what, (abortSignal) =>
      dial<NodeJS.ReadWriteStream & { destroy(): void }>(modem, {
        path: `/exec/${execId}/start`,
        method: 'POST',
        options: { Detach: false, Tty: false },
        isStream: true,
        allowEmpty: true,
        hijack: true,
        openStdin,
        abortSignal,
        statusCodes: OK,
      }),
    );
    return { execId, stream };
  };

  return {
    async imageExists(tag) {
      try {
        await engine(`inspecting image ${tag}`, (abortSignal) => dial(modem, { path: `/images/${encodeURIComponent(tag)}/json`, method: 'GET', abortSignal, statusCodes: OK }));
        return true;
      } catch (error) {
        if (status(error) === 404) return false;
        throw error;
      }
    },

    async saveImages(tags) {
      return engine(`saving ${tags.join(', ')}`, (abortSignal) =>
        dial<NodeJS.ReadableStream>(modem, { path: '/images/get?', method: 'GET', options: { names: tags }, isStream: true, abortSignal, statusCodes: OK }),
      );
    },

    async loadImages(archive) {
      // The engine answers once it has read the whole archive: no deadline, as for a build.
      const response = await engine(
        'loading images',
        (abortSignal) => dial<NodeJS.ReadableStream>(modem, { path: '/images/load?', method: 'POST', options: { quiet: true }, file: archive, isStream: true, abortSignal, statusCodes: OK }),
        { deadline: false },
      );
      const chunks: Buffer[] = [];
      for await (const chunk of response as AsyncIterable<Buffer>) chunks.push(chunk);
      const lines = jsonLines(Buffer.concat(chunks).toString('utf8'));
      const failed = lines.find((line) => line.error);
      if (failed) throw new DockerError('dockerEngine', { what: 'loading images', detail: failed.error! });
      // Docker says one "Loaded image: NAME" per image, Podman one line with the names joined by commas.
      return lines.flatMap((line) => /Loaded image(?: ID)?: (\S+)/.exec(line.stream ?? '')?.[1]?.split(',') ?? []);
    },

    async buildImage(context, tag, dockerfile, labels, signal, onOutput) {
      const stream = await engine(
        `building ${tag}`,
        (abortSignal) =>
          dial<NodeJS.ReadableStream>(modem, { path: '/build?', method: 'POST', options: { t: tag, dockerfile, labels, rm: true, forcerm: true }, file: context, isStream: true, abortSignal, statusCodes: OK }),
        { deadline: false, signal },
      );
      const output: string[] = [];
      await new Promise<void>((resolve, reject) => {
        modem.followProgress(
          stream,
          (error: Error | null, events: { error?: string; errorDetail?: { message?: string } }[]) => {
            const failed = error?.message ?? events.find((event) => event.error)?.error;
            if (failed) reject(buildError(tag, failed, output));
            else resolve();
          },
          (event: { stream?: string }) => {
            if (!event.stream) return;
            for (const line of event.stream.split('\n').filter(Boolean)) {
              output.push(line);
              onOutput?.(line);
            }
          },
        );
      });
    },

    async networkSubnets() {
      const networks = await engine('listing networks', (abortSignal) => dial<EngineNetwork[]>(modem, { path: '/networks', method: 'GET', abortSignal, statusCodes: OK }));
      return networks.flatMap((network) => (network.IPAM?.Config ?? []).map((config) => config.Subnet ?? '').filter(Boolean));
    },

    async createNetwork(spec) {
      const config = [{ Subnet: spec.subnet }, ...(spec.ipv6Subnet ? [{ Subnet: spec.ipv6Subnet }] : [])];
      return engine(
        `creating network ${spec.name}`,
        (abortSignal) =>
          dial<{ Id: string }>(modem, {
          path: '/networks/create',
          method: 'POST',
          options: {
            Name: spec.name,
            Driver: 'bridge',
            Internal: true, // no route out: the lab's traffic stays between its own containers
            CheckDuplicate: true,
            EnableIPv6: Boolean(spec.ipv6Subnet),
            IPAM: { Driver: 'default', Config: config },
            Labels: spec.labels,
          },
          abortSignal,
          statusCodes: OK,
        }).then((network) => network.Id),
        { creates: true },
      );
    },

    async removeNetwork(id) {
      try {
        await engine(`removing network ${id}`, (abortSignal) => dial(modem, { path: `/networks/${encodeURIComponent(id)}`, method: 'DELETE', abortSignal, statusCodes: OK }));
      } catch (error) {
        if (status(error) !== 404) throw error;
      }
    },

    async listNetworks(labelFilters) {
      const networks = await engine('listing networks', (abortSignal) =>
        dial<EngineNetwork[]>(modem, { path: '/networks?', method: 'GET', options: { filters: { label: labelFilters } }, abortSignal, statusCodes: OK }),
      );
      return networks.map((n) => ({ id: n.Id, name: n.Name, labels: n.Labels ?? {} }));
    },

    async createContainer(spec) {
      const endpoint = { IPAMConfig: { IPv4Address: spec.ipv4Address, IPv6Address: spec.ipv6Address } };
      const limit = (value: number) => ({ Soft: value, Hard: value });
      const body = {
        Image: spec.image,
        Entrypoint: spec.entrypoint,
        Cmd: spec.cmd,
        Labels: spec.labels,
        User: spec.user,
        OpenStdin: spec.stdin,
        StdinOnce: false,
        AttachStdin: spec.stdin,
        HostConfig: {
          NetworkMode: spec.networkMode,
          CapDrop: ['ALL'],
          CapAdd: spec.capAdd,
          PidsLimit: spec.pidsLimit,
          Memory: spec.memoryBytes,
          NanoCpus: Math.round(spec.cpus * 1e9),
          Ulimits: [
            { Name: 'nofile', ...limit(spec.ulimits.nofile) },
            { Name: 'nproc', ...limit(spec.ulimits.nproc) },
          ],
          LogConfig: { Type: 'json-file', Config: { 'max-size': String(spec.logMaxBytes), 'max-file': '1' } },
          ReadonlyRootfs: true,
          Tmpfs: Object.fromEntries(Object.entries(spec.tmpfs).map(([path, bytes]) => [path, `rw,noexec,nosuid,nodev,size=${bytes}`])),
          Sysctls: spec.sysctls,
          SecurityOpt: ['no-new-privileges'],
        },
        NetworkingConfig: /^(container:|none$|host$)/.test(spec.networkMode) ? undefined : { EndpointsConfig: { [spec.networkMode]: endpoint } },
      };
      return engine(
        `creating container ${spec.name}`,
        (abortSignal) =>
          dial<{ Id: string }>(modem, { path: '/containers/create?', method: 'POST', options: { _query: { name: spec.name }, _body: body }, abortSignal, statusCodes: OK }).then(
            (container) => container.Id,
          ),
        { creates: true },
      );
    },

    async startContainer(id) {
      await engine(`starting container ${id.slice(0, 12)}`, (abortSignal) => dial(modem, { path: `/containers/${id}/start`, method: 'POST', abortSignal, statusCodes: OK }));
    },

    async waitContainer(id, signal) {
      const result = await engine(`waiting for container ${id.slice(0, 12)}`, (abortSignal) => dial<{ StatusCode: number }>(modem, { path: `/containers/${id}/wait`, method: 'POST', abortSignal, statusCodes: OK }), {
        deadline: false,
        signal,
      });
      return result.StatusCode;
    },

    async signalContainer(id, signal) {
      await engine(`signalling container ${id.slice(0, 12)}`, (abortSignal) => dial(modem, { path: `/containers/${id}/kill?`, method: 'POST', options: { _query: { signal } }, abortSignal, statusCodes: OK }));
    },

    async followLogs(id, onLine) {
      const stream = await engine(`following logs of ${id.slice(0, 12)}`, (abortSignal) =>
        dial<NodeJS.ReadableStream & { destroy(): void }>(modem, { path: `/containers/${id}/logs?`, method: 'GET', options: { follow: true, stdout: true, stderr: true }, isStream: true, abortSignal, statusCodes: OK }),
      );
      const splitter = new LogLineSplitter(onLine);
      stream.on('data', (chunk: Buffer) => splitter.push(chunk));
      stream.on('error', () => {});
      return { stop: () => stream.destroy() };
    },

    async logs(id) {
      const buffer = await engine(`reading logs of ${id.slice(0, 12)}`, (abortSignal) =>
        dial<Buffer>(modem, { path: `/containers/${id}/logs?`, method: 'GET', options: { stdout: true, stderr: true }, abortSignal, statusCodes: OK }),
      );
      return demultiplex(buffer);
    },

    async attach(id) {
      const stream = await engine(`attaching to ${id.slice(0, 12)}`, (abortSignal) =>
        dial<NodeJS.ReadWriteStream & { destroy(): void }>(modem, {
          path: `/containers/${id}/attach?`,
          method: 'POST',
          options: { stream: true, stdin: true, stdout: true, stderr: true },
          isStream: true,
          hijack: true,
          openStdin: true,
          abortSignal,
          statusCodes: OK,
        }),
      );
      return attached(stream, { dropCloses: true });
    },

    async exec(id, cmd) {
      const what = `running ${cmd.join(' ')} in ${id.slice(0, 12)}`;
      const { execId, stream } = await startExec(what, id, { Cmd: cmd, User: 'root', AttachStdout: true, AttachStderr: true });
      const chunks: Buffer[] = [];
      for await (const chunk of stream as AsyncIterable<Buffer>) chunks.push(chunk);
      const { ExitCode } = await engine(what, (abortSignal) => dial<{ ExitCode: number | null }>(modem, { path: `/exec/${execId}/json`, method: 'GET', abortSignal, statusCodes: OK }));
      if (ExitCode !== 0) {
        const output = demultiplex(Buffer.concat(chunks));
        throw new DockerError('dockerCommand', { what, exitCode: ExitCode ?? -1, output: (output.stderr || output.stdout).trim() });
      }
    },

    async execAttached(id, cmd) {
      const what = `running ${cmd.join(' ')} in ${id.slice(0, 12)}`;
      return attached((await startExec(what, id, { Cmd: cmd, AttachStdin: true, AttachStdout: true, AttachStderr: true }, true)).stream);
    },

    async removeContainer(id) {
      try {
        await engine(`removing container ${id.slice(0, 12)}`, (abortSignal) =>
          dial(modem, { path: `/containers/${id}?`, method: 'DELETE', options: { force: true, v: true }, abortSignal, statusCodes: OK }),
        );
      } catch (error) {
        // 404: already gone; 409: removal already in progress (a concurrent lab down)
        if (status(error) !== 404 && status(error) !== 409) throw error;
      }
    },

    async listContainers(labelFilters) {
      const containers = await engine('listing containers', (abortSignal) =>
        dial<{ Id: string; Names: string[]; Labels?: Record<string, string> }[]>(modem, {
          path: '/containers/json?',
          method: 'GET',
          options: { all: true, filters: { label: labelFilters } },
          abortSignal,
          statusCodes: OK,
        }),
      );
      return containers.map((c) => ({ id: c.Id, name: (c.Names[0] ?? '').replace(/^\//, ''), labels: c.Labels ?? {} }));
    },
  };
}

/** What the lab reads of a network in the engine's list. */
interface EngineNetwork {
  Id: string;
  Name: string;
  Labels?: Record<string, string>;
  IPAM?: { Config?: { Subnet?: string }[] };
}

/** The engine's HTTP status behind a failure (kept as the DockerError's cause). */
function status(error: unknown): number | undefined {
  const own = (error as { statusCode?: number }).statusCode;
  return own ?? ((error as { cause?: { statusCode?: number } }).cause ?? {}).statusCode;
}

/** The engine's progress answer: one JSON object per line. */
function jsonLines(text: string): { stream?: string; error?: string }[] {
  return text
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => {
      try {
        return JSON.parse(line) as { stream?: string; error?: string };
      } catch {
        return { stream: line };
      }
    });
}

function buildError(tag: string, message: string, output: string[]): DockerError {
  return new DockerError('imageBuild', { tag, detail: message.trim(), output: output.slice(-25) });
}
