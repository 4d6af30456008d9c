// An in-memory container runtime for `lab up` and a lab session: it fails, or is interrupted, at the call
// asked for, and streams the capture and the programs' events it is given.
import { PassThrough } from 'node:stream';
import type { ContainerRuntime, ContainerSpec, Resource } from '../../src/docker/runtime.js';

export interface FakeEngine {
  runtime: ContainerRuntime;
  containers: Map<string, Resource & { spec: ContainerSpec }>;
  networks: Map<string, Resource>;
  calls: number;
  /** Attach streams not closed by the client (nor ended by the engine). */
  openAttaches: Set<string>;
  /** Log follows not stopped by the client. */
  openLogFollows: Set<string>;
  /** Containers whose process has ended (signalled or removed), in that order. */
  stopped: Set<string>;
}

export const PCAP_HEADER = Buffer.from('d4c3b2a1020004000000000000000000ffff000001000000', 'hex');

export interface FakeEngineOptions {
  /** The n-th engine call throws. */
  failAt?: number;
  /** Runs before every call (to interrupt). */
  onCall?: (n: number) => void;
  /** Every removal throws. */
  failRemoval?: boolean;
  clientExit?: number;
  /** Removing a container does not end its attach (Podman ends it only when the container exits). */
  attachOutlivesRemoval?: boolean;
  /** What tcpdump writes (default: a pcap header and no packets). */
  capture?: Uint8Array;
  /** tcpdump's closing counters, printed when it is stopped (default: none). */
  captureStats?: string[];
  /** The programs' event lines (default: a listen and a ready); each program logs the lines of its role. */
  events?: string;
  /** An attach or a log follow is answered only once the promise returned for it settles (a slow engine). */
  holdStream?: (kind: 'attach' | 'followLogs', id: string) => Promise<void> | undefined;
  /** A container's wait is answered only once the promise returned for it settles (an engine slow to release it). */
  holdWait?: (id: string) => Promise<void> | undefined;
}

export function fakeEngine(options: FakeEngineOptions = {}): FakeEngine {
  const containers = new Map<string, Resource & { spec: ContainerSpec }>();
  const networks = new Map<string, Resource>();
  const stopped = new Set<string>();
  const engine = { containers, networks, calls: 0, openAttaches: new Set<string>(), openLogFollows: new Set<string>(), stopped } as FakeEngine;
  const call = async <T>(result: () => T | Promise<T>): Promise<T> => {
    engine.calls++;
    options.onCall?.(engine.calls);
    const failure = engine.calls === options.failAt && new Error(`engine call ${engine.calls} failed`);
    await new Promise((resolve) => setImmediate(resolve));
    if (failure) throw failure;
    return result();
  };
  const matches = (r: Resource, filters: string[]) => filters.every((f) => (f.includes('=') ? r.labels[f.split('=')[0]!] === f.split('=')[1] : f in r.labels));
  const defaultLog = '{"t":1,"pid":1,"role":"server","call":"listen","ret":0}\n{"t":1,"pid":1,"role":"client","call":"ready","ret":0}\n';
  const programLog = (id: string) =>
    options.events === undefined ? defaultLog : `${options.events.split('\n').filter((line) => line.includes(`"role":"${id.endsWith('client') ? 'client' : 'server'}"`)).join('\n')}\n`;
  // The client exits by itself; the server and tcpdump run until signalled or removed.
  const waiters = new Map<string, (() => void)[]>();
  const captures = new Map<string, { stdout: PassThrough; stderr: PassThrough }>();
  const untilStopped = (id: string) => new Promise<number>((resolve) => (stopped.has(id) ? resolve(0) : waiters.set(id, [...(waiters.get(id) ?? []), () => resolve(0)])));
  const stop = (id: string, { endAttach = true } = {}) => {
    stopped.add(id);
    if (endAttach) {
      for (const line of options.captureStats ?? []) captures.get(id)?.stderr.write(`${line}\n`);
      captures.get(id)?.stdout.end();
      engine.openAttaches.delete(id);
    }
    for (const wake of waiters.get(id) ?? []) wake();
  };
  const removal = <T>(result: () => T) => call(() => {
    if (options.failRemoval) throw new Error('the engine refused the removal');
    return result();
  });
  engine.runtime = {
    imageExists: () => call(() => true),
    buildImage: () => call(() => undefined),
    networkSubnets: () => call(() => []),
    createNetwork: (spec) => call(() => (networks.set(spec.name, { id: spec.name, name: spec.name, labels: spec.labels }), spec.name)),
    removeNetwork: (id) => removal(() => void networks.delete(id)),
    listNetworks: (filters) => call(() => [...networks.values()].filter((n) => matches(n, filters))),
    createContainer: (spec: ContainerSpec) => call(() => (containers.set(spec.name, { id: spec.name, name: spec.name, labels: spec.labels, spec }), spec.name)),
    startContainer: (id) =>
      call(() => {
        if (!id.endsWith('capture')) return;
        const streams = captures.get(id)!;
        streams.stderr.write('tcpdump: listening on eth0\n');
        streams.stdout.write(options.capture ?? PCAP_HEADER);
      }),
    waitContainer: (id) =>
      call(async () => {
        await options.holdWait?.(id);
        return id.endsWith('client') ? (options.clientExit ?? 0) : untilStopped(id);
      }),
    signalContainer: (id) => call(() => stop(id)),
    followLogs: (id, onLine) =>
      call(async () => {
        await options.holdStream?.('followLogs', id);
        engine.openLogFollows.add(id);
        programLog(id).trim().split('\n').forEach((line) => onLine('stdout', line));
        return { stop: () => void engine.openLogFollows.delete(id) };
      }),
    logs: (id) => call(() => ({ stdout: programLog(id), stderr: '' })),
    attach: (id) =>
      call(async () => {
        await options.holdStream?.('attach', id);
        const streams = { stdout: new PassThrough(), stderr: new PassThrough(), stdin: new PassThrough(), close: () => void engine.openAttaches.delete(id) };
        captures.set(id, streams);
        engine.openAttaches.add(id);
        return streams;
      }),
    exec: () => call(() => undefined),
    execAttached: () => call(() => ({ stdout: new PassThrough(), stderr: new PassThrough(), stdin: new PassThrough(), close() {} })),
    removeContainer: (id) => removal(() => (stop(id, { endAttach: !options.attachOutlivesRemoval }), void containers.delete(id))),
    listContainers: (filters) => call(() => [...containers.values()].filter((c) => matches(c, filters))),
  };
  return engine;
}
