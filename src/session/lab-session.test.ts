// A lab session, and `lab up` around it, against an in-memory engine that fails, or is interrupted, at
// each call in turn: whatever happens, nothing the run created may be left behind, and an error in the
// removal never hides the error that came first.
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultLabConfig } from '../config/lab-config.js';
import type { ContainerSpec } from '../docker/runtime.js';
import { LabError } from '../errors.js';
import { labUp } from '../lab/lab-up.js';
import { createProgress } from '../lab/progress.js';
import { findPreset } from '../lab/scenarios.js';
import { fakeEngine, PCAP_HEADER, type FakeEngine } from '../../test/helpers/fake-runtime.ts';
import { LabSession, type NamedScenario } from './lab-session.js';

const quiet = () => createProgress({ write() {} }, { step: (id) => id, building: () => '', built: () => '', waitingForEngine: '' }, { live: false, quiet: true });
const scenario = findPreset('simultaneous-close')!;

async function runSession(engine: FakeEngine, signal = new AbortController().signal) {
  await using lab = new LabSession(engine.runtime, defaultLabConfig(), scenario, quiet());
  await lab.start(signal);
  await lab.drive(signal);
  return await lab.collect(signal, { keep: false }); // awaited before the removal that leaving the scope starts
}

describe('LabSession', () => {
  it('runs through, collects the streamed capture, and removes everything', async () => {
    const engine = fakeEngine();
    const collected = await runSession(engine);
    expect(collected.pcap).toEqual(PCAP_HEADER);
    expect(collected.events.map((e) => e.call)).toEqual(['listen', 'ready', 'listen', 'ready']);
    expect([engine.containers.size, engine.networks.size]).toEqual([0, 0]);
  });

  /** The engine calls of a run that goes through, by name, in order. */
  async function callsOfARun(): Promise<string[]> {
    const engine = fakeEngine();
    const names: string[] = [];
    for (const [name, method] of Object.entries(engine.runtime)) {
      (engine.runtime as unknown as Record<string, unknown>)[name] = (...args: unknown[]) => (names.push(name), (method as (...a: unknown[]) => unknown)(...args));
    }
    await runSession(engine);
    return names;
  }

  it('removes a run that went through by the ids the engine gave, listing nothing: the containers, then the network', async () => {
    const calls = await callsOfARun();
    const removal = calls.slice(calls.indexOf('removeContainer'));
    expect(removal).toEqual(['removeContainer', 'removeContainer', 'removeContainer', 'removeNetwork']);
    expect(calls.filter((name) => name.startsWith('list'))).toEqual([]);
  });

  it('gives up at the first failed engine call and leaves nothing behind', async () => {
    const calls = await callsOfARun();
    const removalStart = calls.indexOf('removeContainer') + 1;
    // Before the client is told to connect, the session waits on the server's and tcpdump's exit only to
    // notice an early one: a failed wait there is no reason to give up. The removal retries what fails.
    const drive = calls.indexOf('signalContainer') - 1; // the drive asks for the client's exit, then signals it
    expect(calls[drive]).toBe('waitContainer');
    const watchers = calls.slice(0, drive).flatMap((name, i) => (name === 'waitContainer' ? [i + 1] : []));
    expect(watchers).toHaveLength(2);
    for (let failAt = 1; failAt <= calls.length; failAt++) {
      const engine = fakeEngine({ failAt });
      const outcome = await runSession(engine).then(() => 'completed', (e: Error) => e.message);
      const expected = failAt >= removalStart || watchers.includes(failAt) ? 'completed' : `engine call ${failAt} failed`;
      expect({ failAt, call: calls[failAt - 1], outcome, containers: engine.containers.size, networks: engine.networks.size }).toEqual({ failAt, call: calls[failAt - 1], outcome: expect.stringContaining(expected), containers: 0, networks: 0 });
    }
  });

  it('stops when interrupted at any engine call before the removal, and leaves nothing behind', async () => {
    const calls = await callsOfARun();
    const removalStart = calls.indexOf('removeContainer') + 1;
    for (let stopAt = 1; stopAt <= calls.length; stopAt++) {
      const controller = new AbortController();
      const engine = fakeEngine({ onCall: (n) => n === stopAt && controller.abort(new Error('SIGINT')) });
      const outcome = await runSession(engine, controller.signal).then(() => 'completed', (e: Error) => e.message);
      // Interrupted during the final removal, the removal still finishes, and so does the run.
      expect({ stopAt, outcome, containers: engine.containers.size, networks: engine.networks.size }).toEqual({ stopAt, outcome: stopAt >= removalStart ? 'completed' : 'SIGINT', containers: 0, networks: 0 });
    }
  });

  /** The order in which tcpdump is stopped and the engine answers for the client's exit (at the latest after
   * 1 s: it releases the container first); `dropClientAttach`: the client's attach closes without its end. */
  async function stopOrder(client: NamedScenario, { dropClientAttach = false } = {}): Promise<string[]> {
    const engine = fakeEngine();
    const order: string[] = [];
    let tcpdumpStopped: () => void = () => {};
    const stopped = new Promise<void>((resolve) => (tcpdumpStopped = resolve));
    const { signalContainer, waitContainer, attach } = engine.runtime;
    engine.runtime.signalContainer = async (id, signal) => {
      await signalContainer(id, signal);
      if (id.endsWith('capture')) order.push('tcpdump stopped'), tcpdumpStopped();
    };
    engine.runtime.waitContainer = async (id, signal) => {
      if (!id.endsWith('client')) return waitContainer(id, signal);
      await Promise.race([stopped, new Promise((resolve) => setTimeout(resolve, 1000))]);
      signal?.throwIfAborted(); // a readiness wait's watch, given up since
      order.push('client’s exit answered');
      return 0;
    };
    if (dropClientAttach) {
      engine.runtime.attach = async (id) => {
        const streams = await attach(id);
        if (id.endsWith('client')) streams.stdout.on('resume', () => setImmediate(() => streams.stdout.destroy()));
        return streams;
      };
    }
    const signal = new AbortController().signal;
    await using lab = new LabSession(engine.runtime, defaultLabConfig(), client, quiet());
    await lab.start(signal);
    expect(await lab.drive(signal, { stopCapture: true })).toBe(0);
    expect((await lab.collect(signal, { keep: false })).pcap).toEqual(PCAP_HEADER);
    return order;
  }

  it('with stopCapture and a client that settles last, stops tcpdump as soon as the client’s output ends, before the engine answers for its exit', async () => {
    expect(scenario.client.steps.at(-1)).toBe('settle');
    expect(await stopOrder(scenario)).toEqual(['tcpdump stopped', 'client’s exit answered']);
  });

  it('with stopCapture and a client whose last step is not settle, stops tcpdump as soon as its output ends too: it settles all the same', async () => {
    const serverLast: NamedScenario = { ...scenario, name: 'custom', server: { steps: ['read', 'echo', 'read-until-eof', 'sleep:300', 'close'] }, client: { ...scenario.client, steps: ['write', 'read', 'close'] } };
    expect(await stopOrder(serverLast)).toEqual(['tcpdump stopped', 'client’s exit answered']);
  });

  it('with stopCapture, stops tcpdump only after the client’s exit when the client does not settle (a server that never accepts)', async () => {
    const neverAccepts: NamedScenario = { ...scenario, name: 'custom', server: { accept: false }, client: { ...scenario.client, steps: ['write', 'close'] } };
    expect(await stopOrder(neverAccepts)).toEqual(['client’s exit answered', 'tcpdump stopped']);
  });

  it('with stopCapture, stops tcpdump only after the client’s exit when the client’s attach drops before its output ends', async () => {
    expect(await stopOrder(scenario, { dropClientAttach: true })).toEqual(['client’s exit answered', 'tcpdump stopped']);
  });

  it('closes the capture’s attach whatever call fails, also where removal does not end it (Podman)', async () => {
    const total = fakeEngine();
    await runSession(total);
    for (let failAt = 1; failAt <= total.calls; failAt++) {
      const engine = fakeEngine({ failAt, attachOutlivesRemoval: true });
      await runSession(engine).catch(() => {});
      expect({ failAt, open: [...engine.openAttaches] }).toEqual({ failAt, open: [] });
    }
  });

  it('closes every stream it opened when stopped during an interactive start, also those the engine answers after the stop', async () => {
    for (const held of ['attach', 'followLogs'] as const) {
      const stop = new AbortController();
      let answer = () => {};
      const answered = new Promise<void>((resolve) => (answer = resolve));
      // The first held request is answered only after the stop (Podman: removal does not end an attach).
      const engine = fakeEngine({
        attachOutlivesRemoval: true,
        holdStream: (kind) => (kind === held && !stop.signal.aborted ? (stop.abort(new Error('SIGINT')), setTimeout(answer, 50), answered) : undefined),
      });
      const lab = new LabSession(engine.runtime, defaultLabConfig(), scenario, quiet(), { mode: { kind: 'interactive', autoAccept: true } });
      await expect(lab.start(stop.signal)).rejects.toThrow('SIGINT');
      await lab[Symbol.asyncDispose]();
      await answered;
      await new Promise((resolve) => setTimeout(resolve, 10));
      expect({ held, attaches: [...engine.openAttaches], follows: [...engine.openLogFollows], containers: engine.containers.size }).toEqual({ held, attaches: [], follows: [], containers: 0 });
    }
  });

  it('gives every container a read-only root, no-new-privileges limits, and NET_ADMIN only with a firewall rule', async () => {
    for (const [preset, netAdmin] of [['echo', false], ['syn-retry', true]] as const) {
      const engine = fakeEngine();
      const specs: ContainerSpec[] = [];
      const create = engine.runtime.createContainer;
      engine.runtime.createContainer = (spec) => (specs.push(spec), create(spec));
      await using lab = new LabSession(engine.runtime, defaultLabConfig(), findPreset(preset)!, quiet());
      await lab.start(new AbortController().signal);
      const capture = specs.find((s) => s.name.endsWith('capture'))!;
      expect(capture.capAdd.includes('NET_ADMIN')).toBe(netAdmin);
      for (const spec of specs) {
        expect(spec.ulimits.nofile).toBeLessThanOrEqual(1024);
        expect(spec.cpus).toBeGreaterThan(0);
        expect(spec.logMaxBytes).toBeGreaterThan(0);
      }
      expect(specs.filter((s) => !s.name.endsWith('capture')).map((s) => [s.user, s.capAdd])).toEqual([['65534:65534', []], ['65534:65534', []]]);
    }
  });
});

describe('lab up around the session', () => {
  const config = () => ({ ...defaultLabConfig(), output: mkdtempSync(join(tmpdir(), 'lab-up-')), name: 'unit' });

  it('keeps the error that came first when the removal fails too, naming what may be left', async () => {
    const engine = fakeEngine({ failAt: 12, failRemoval: true });
    const error = await labUp(async () => engine.runtime, config(), [scenario], quiet(), { keep: false, signal: new AbortController().signal }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LabError);
    expect((error as LabError).message).toMatch(/^Docker engine|engine call 12 failed/);
    expect((error as LabError).message).toMatch(/may not be fully removed \(lab-unit-/);
    expect((error as LabError).hint).toBe('Remove what is left with: lab down --name unit');
  });

  it('an interrupt during the run writes nothing into the output folder', async () => {
    const controller = new AbortController();
    const engine = fakeEngine({ onCall: (n) => n === 20 && controller.abort(new LabError('interrupted', { signal: 'SIGINT' })) });
    const cfg = config();
    const error = await labUp(async () => engine.runtime, cfg, [scenario], quiet(), { keep: false, signal: controller.signal }).catch((e: unknown) => e);
    expect((error as LabError).code).toBe('INTERRUPTED');
    expect(readdirSync(cfg.output)).toEqual([]);
  });

  it('with --keep, leaves exactly the server and tcpdump running on the lab’s network, and writes the outputs', async () => {
    const engine = fakeEngine();
    const cfg = config();
    await labUp(async () => engine.runtime, cfg, [scenario], quiet(), { keep: true, signal: new AbortController().signal });
    expect([...engine.containers.values()].map((c) => c.labels['dev.tcp-lab.role']).sort()).toEqual(['capture', 'server']);
    expect(engine.networks.size).toBe(1);
    expect(readdirSync(join(cfg.output, 'unit'))).toEqual(expect.arrayContaining(['capture.pcap', 'events.jsonl', 'report.json']));
  });

  it('when the client fails, keeps the capture and the events in the output folder and says so', async () => {
    const engine = fakeEngine({ clientExit: 3 });
    const cfg = config();
    const error = await labUp(async () => engine.runtime, cfg, [scenario], quiet(), { keep: false, signal: new AbortController().signal }).catch((e: unknown) => e);
    expect((error as LabError).message).toMatch(/the client exited with code 3[^]*kept .*capture\.pcap and .*events\.jsonl/);
    expect(readdirSync(join(cfg.output, 'unit')).sort()).toEqual(['capture.pcap', 'events.jsonl']);
    expect([engine.containers.size, engine.networks.size]).toEqual([0, 0]);
  });
});
