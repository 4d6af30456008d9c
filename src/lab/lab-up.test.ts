// lab up against an in-memory engine that fails, or is interrupted, at each call in turn:
// whatever happens, nothing the run created may be left behind.
import { describe, expect, it } from 'vitest';
import { defaultLabConfig } from '../config/lab-config.js';
import type { ContainerRuntime, ContainerSpec, Resource } from '../docker/runtime.js';
import { packTar } from '../docker/tar.js';
import { labUp } from './lab-up.js';
import { createProgress } from './progress.js';
import { findPreset } from './scenarios.js';

interface FakeEngine {
  runtime: ContainerRuntime;
  containers: Map<string, Resource>;
  networks: Map<string, Resource>;
  calls: number;
}

/** failAt: the n-th engine call throws; onCall: runs before every call (to interrupt). */
function fakeEngine(options: { failAt?: number; onCall?: (n: number) => void } = {}): FakeEngine {
  const containers = new Map<string, Resource>();
  const networks = new Map<string, Resource>();
  const engine = { containers, networks, calls: 0 } as FakeEngine;
  const call = async <T>(result: () => T | Promise<T>): Promise<T> => {
    engine.calls++;
    options.onCall?.(engine.calls);
    await new Promise((resolve) => setImmediate(resolve));
    if (engine.calls === options.failAt) throw new Error(`engine call ${engine.calls} failed`);
    return result();
  };
  const matches = (r: Resource, filters: string[]) => filters.every((f) => (f.includes('=') ? r.labels[f.split('=')[0]!] === f.split('=')[1] : f in r.labels));
  const serverLog = '{"t":1,"pid":1,"role":"server","call":"listen","ret":0}\n{"t":1,"pid":1,"role":"client","call":"ready","ret":0}\n';
  // The client exits by itself; the server and tcpdump run until signalled or removed.
  const stopped = new Set<string>();
  const waiters = new Map<string, (() => void)[]>();
  const untilStopped = (id: string) =>
    new Promise<number>((resolve) => (stopped.has(id) ? resolve(0) : waiters.set(id, [...(waiters.get(id) ?? []), () => resolve(0)])));
  const stop = (id: string) => {
    stopped.add(id);
    for (const wake of waiters.get(id) ?? []) wake();
  };
  engine.runtime = {
    imageExists: () => call(() => true),
    buildImage: () => call(() => undefined),
    networkSubnets: () => call(() => []),
    createNetwork: (spec) => call(() => (networks.set(spec.name, { id: spec.name, name: spec.name, labels: spec.labels }), spec.name)),
    removeNetwork: (id) => call(() => void networks.delete(id)),
    listNetworks: (filters) => call(() => [...networks.values()].filter((n) => matches(n, filters))),
    createContainer: (spec: ContainerSpec) => call(() => (containers.set(spec.name, { id: spec.name, name: spec.name, labels: spec.labels }), spec.name)),
    startContainer: () => call(() => undefined),
    waitContainer: (id) => call(() => (id.endsWith('client') ? 0 : untilStopped(id))),
    signalContainer: (id) => call(() => stop(id)),
    followLogs: (id, onLine) =>
      call(() => {
        onLine(id.endsWith('capture') ? 'stderr' : 'stdout', id.endsWith('capture') ? 'listening on eth0' : serverLog.trim());
        return { stop() {} };
      }),
    logs: () => call(() => ({ stdout: serverLog, stderr: '' })),
    exec: () => call(() => undefined),
    readFile: () => call(() => packTar([{ path: 'x', data: Buffer.alloc(0) }]).subarray(0, 0)),
    removeContainer: (id) => call(() => (stop(id), void containers.delete(id))),
    listContainers: (filters) => call(() => [...containers.values()].filter((c) => matches(c, filters))),
  };
  return engine;
}

const quiet = () => createProgress({ write() {} }, { live: false, quiet: true });
const run = (engine: FakeEngine, signal = new AbortController().signal) =>
  labUp(engine.runtime, defaultLabConfig(), findPreset('simultaneous-close')!, quiet(), { keep: false, signal });

describe('labUp cleanup', () => {
  it('runs through and removes everything', async () => {
    const engine = fakeEngine();
    await (await run(engine)).removal;
    expect([engine.containers.size, engine.networks.size]).toEqual([0, 0]);
  });

  it('leaves nothing behind when any engine call fails', async () => {
    const total = fakeEngine();
    await (await run(total)).removal;
    for (let failAt = 1; failAt <= total.calls; failAt++) {
      const engine = fakeEngine({ failAt });
      await run(engine).then((r) => r.removal).catch(() => {});
      expect({ failAt, containers: engine.containers.size, networks: engine.networks.size }).toEqual({ failAt, containers: 0, networks: 0 });
    }
  });

  it('leaves nothing behind when interrupted at any engine call', async () => {
    const total = fakeEngine();
    await (await run(total)).removal;
    for (let stopAt = 1; stopAt <= total.calls; stopAt++) {
      const controller = new AbortController();
      const engine = fakeEngine({ onCall: (n) => n === stopAt && controller.abort(new Error('SIGINT')) });
      await run(engine, controller.signal).then((r) => r.removal).catch(() => {}); // interrupted during the final removal, it still succeeds
      expect({ stopAt, containers: engine.containers.size, networks: engine.networks.size }).toEqual({ stopAt, containers: 0, networks: 0 });
    }
  });
});
