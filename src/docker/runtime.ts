// The narrow view of the Docker Engine that the lab needs. Only this file talks to dockerode, so the
// orchestrator can be driven by a fake runtime in unit tests.
import type Docker from 'dockerode';
import { DockerError } from '../errors.js';
import { demultiplex, LogLineSplitter, type LogStream } from './log-lines.js';
import { unpackFirstFile } from './tar.js';

export interface NetworkSpec {
  name: string;
  labels: Record<string, string>;
  subnet: string;
  ipv6Subnet?: string;
}

export interface ContainerSpec {
  name: string;
  image: string;
  cmd: string[];
  labels: Record<string, string>;
  /** A network name, or `container:<id>` to share another container's network namespace. */
  networkMode: string;
  ipv4Address?: string;
  ipv6Address?: string;
  capAdd: string[];
  pidsLimit: number;
  memoryBytes: number;
  /** Off only where a program must gain its file capabilities at exec (the capture's tcpdump). */
  noNewPrivileges: boolean;
}

export interface Resource {
  id: string;
  name: string;
  labels: Record<string, string>;
}

export interface ContainerRuntime {
  imageExists(tag: string): Promise<boolean>;
  /** Builds an image; aborting `signal` closes the request, which cancels the build. */
  buildImage(context: Buffer, tag: string, dockerfile: string, labels: Record<string, string>, signal?: AbortSignal): Promise<void>;
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
  /** Runs a command in a running container as root; throws with its output when it fails. */
  exec(id: string, cmd: string[]): Promise<void>;
  /** Reads one file out of a container through the archive API (no bind mount, so Docker Desktop works). */
  readFile(id: string, path: string): Promise<Buffer>;
  removeContainer(id: string): Promise<void>;
  listContainers(labelFilters: string[]): Promise<Resource[]>;
}

/** Wraps a dockerode call so that a failure says what was being done. */
async function engine<T>(what: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    const message = (error as { json?: { message?: string } }).json?.message ?? (error as Error).message;
    throw new DockerError('DOCKER', `Docker engine: ${what} failed: ${message}`, { cause: error });
  }
}

function isNotFound(error: unknown): boolean {
  const status = (error as { statusCode?: number }).statusCode;
  const inner = ((error as { cause?: { statusCode?: number } }).cause ?? {}).statusCode;
  return status === 404 || inner === 404;
}

export function dockerRuntime(docker: Docker): ContainerRuntime {
  return {
    async imageExists(tag) {
      try {
        await docker.getImage(tag).inspect();
        return true;
      } catch (error) {
        if (isNotFound(error)) return false;
        throw new DockerError('DOCKER', `Docker engine: inspecting image ${tag} failed: ${(error as Error).message}`);
      }
    },

    async buildImage(context, tag, dockerfile, labels, signal) {
      const stream = await engine(`building ${tag}`, () =>
        docker.buildImage(context as unknown as NodeJS.ReadableStream, { t: tag, dockerfile, labels, rm: true, forcerm: true, abortSignal: signal }),
      );
      const output: string[] = [];
      await new Promise<void>((resolve, reject) => {
        docker.modem.followProgress(
          stream,
          (error: Error | null, events: { error?: string; errorDetail?: { message?: string } }[]) => {
            const failed = error?.message ?? events.find((event) => event.error)?.error;
            if (failed) reject(buildError(tag, failed, output));
            else resolve();
          },
          (event: { stream?: string }) => {
            if (event.stream) output.push(...event.stream.split('\n').filter(Boolean));
          },
        );
      });
    },

    async networkSubnets() {
      const networks = await engine('listing networks', () => docker.listNetworks());
      return networks.flatMap((network) => (network.IPAM?.Config ?? []).map((config) => config.Subnet ?? '').filter(Boolean));
    },

    async createNetwork(spec) {
      const config = [{ Subnet: spec.subnet }, ...(spec.ipv6Subnet ? [{ Subnet: spec.ipv6Subnet }] : [])];
      const network = await engine(`creating network ${spec.name}`, () =>
        docker.createNetwork({
          Name: spec.name,
          Driver: 'bridge',
          Internal: true, // no route out: the lab's traffic stays between its own containers
          CheckDuplicate: true,
          EnableIPv6: Boolean(spec.ipv6Subnet),
          IPAM: { Driver: 'default', Config: config },
          Labels: spec.labels,
        }),
      );
      return network.id;
    },

    async removeNetwork(id) {
      try {
        await docker.getNetwork(id).remove();
      } catch (error) {
        if (!isNotFound(error)) throw new DockerError('DOCKER', `Docker engine: removing network ${id} failed: ${(error as Error).message}`);
      }
    },

    async listNetworks(labelFilters) {
      const networks = await engine('listing networks', () => docker.listNetworks({ filters: { label: labelFilters } }));
      return networks.map((n) => ({ id: n.Id, name: n.Name, labels: n.Labels ?? {} }));
    },

    async createContainer(spec) {
      const endpoint = { IPAMConfig: { IPv4Address: spec.ipv4Address, IPv6Address: spec.ipv6Address } };
      const container = await engine(`creating container ${spec.name}`, () =>
        docker.createContainer({
          name: spec.name,
          Image: spec.image,
          Cmd: spec.cmd,
          Labels: spec.labels,
          HostConfig: {
            NetworkMode: spec.networkMode,
            CapDrop: ['ALL'],
            CapAdd: spec.capAdd,
            PidsLimit: spec.pidsLimit,
            Memory: spec.memoryBytes,
            SecurityOpt: spec.noNewPrivileges ? ['no-new-privileges'] : [],
          },
          NetworkingConfig: spec.networkMode.startsWith('container:')
            ? undefined
            : { EndpointsConfig: { [spec.networkMode]: endpoint } },
        }),
      );
      return container.id;
    },

    async startContainer(id) {
      await engine(`starting container ${id.slice(0, 12)}`, () => docker.getContainer(id).start());
    },

    async waitContainer(id, signal) {
      const result = await engine(`waiting for container ${id.slice(0, 12)}`, () => docker.getContainer(id).wait({ abortSignal: signal }));
      return (result as { StatusCode: number }).StatusCode;
    },

    async signalContainer(id, signal) {
      await engine(`signalling container ${id.slice(0, 12)}`, () => docker.getContainer(id).kill({ signal }));
    },

    async followLogs(id, onLine) {
      const stream = (await engine(`following logs of ${id.slice(0, 12)}`, () =>
        docker.getContainer(id).logs({ follow: true, stdout: true, stderr: true }),
      )) as unknown as NodeJS.ReadableStream & { destroy(): void };
      const splitter = new LogLineSplitter(onLine);
      stream.on('data', (chunk: Buffer) => splitter.push(chunk));
      stream.on('error', () => {});
      return { stop: () => stream.destroy() };
    },

    async logs(id) {
      const buffer = await engine(`reading logs of ${id.slice(0, 12)}`, () =>
        docker.getContainer(id).logs({ follow: false, stdout: true, stderr: true }),
      );
      return demultiplex(buffer as Buffer);
    },

    async exec(id, cmd) {
      const what = `running ${cmd.join(' ')} in ${id.slice(0, 12)}`;
      const exec = await engine(what, () => docker.getContainer(id).exec({ Cmd: cmd, User: 'root', AttachStdout: true, AttachStderr: true }));
      const stream = await engine(what, () => exec.start({ hijack: true, stdin: false }));
      const chunks: Buffer[] = [];
      for await (const chunk of stream as AsyncIterable<Buffer>) chunks.push(chunk);
      const { ExitCode } = await engine(what, () => exec.inspect());
      if (ExitCode !== 0) {
        const output = demultiplex(Buffer.concat(chunks));
        throw new DockerError('DOCKER', `${what} failed (exit ${ExitCode}): ${(output.stderr || output.stdout).trim()}`);
      }
    },

    async readFile(id, path) {
      const stream = await engine(`copying ${path} out of ${id.slice(0, 12)}`, () => docker.getContainer(id).getArchive({ path }));
      const chunks: Buffer[] = [];
      for await (const chunk of stream as AsyncIterable<Buffer>) chunks.push(chunk);
      return unpackFirstFile(Buffer.concat(chunks)).data;
    },

    async removeContainer(id) {
      try {
        await docker.getContainer(id).remove({ force: true, v: true });
      } catch (error) {
        const status = (error as { statusCode?: number }).statusCode;
        // 404: already gone; 409: removal already in progress (a concurrent lab down)
        if (status !== 404 && status !== 409) throw new DockerError('DOCKER', `Docker engine: removing container ${id.slice(0, 12)} failed: ${(error as Error).message}`);
      }
    },

    async listContainers(labelFilters) {
      const containers = await engine('listing containers', () => docker.listContainers({ all: true, filters: { label: labelFilters } }));
      return containers.map((c) => ({ id: c.Id, name: (c.Names[0] ?? '').replace(/^\//, ''), labels: c.Labels ?? {} }));
    },
  };
}

function buildError(tag: string, message: string, output: string[]): DockerError {
  return new DockerError('IMAGE_BUILD', `building ${tag} failed: ${message.trim()}\n--- last build output ---\n${output.slice(-25).join('\n')}`);
}
