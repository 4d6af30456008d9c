// A network the engine creates only after its creation's deadline (or after Ctrl-C) must still be removed
// with the lab: the removal waits for the engine's late answer and removes what it names. Against a fake
// Engine API (an HTTP server on a unix socket) that carries out the creation only when the test lets it.
import Modem from 'docker-modem';
import { afterEach, describe, expect, it } from 'vitest';
import { fakeEngineApi, type FakeEngineApi } from '../../test/helpers/fake-engine-api.ts';
import { defaultLabConfig } from '../config/lab-config.js';
import { dockerRuntime } from '../docker/runtime.js';
import { LabError } from '../errors.js';
import { createProgress } from '../lab/progress.js';
import { findPreset } from '../lab/scenarios.js';
import { LabSession } from './lab-session.js';
import { en } from '../cli/i18n/en.js';
import { zhCN } from '../cli/i18n/zh-CN.js';

// The engine answers half a deadline after the deadline; the request is given up only after a minute, so
// that the late answer arrives first however loaded the machine is.
const DEADLINE_MS = 400;
const LATE_ANSWER_MS = 60_000;
const quiet = () => createProgress({ write() {} }, { step: (id) => id, building: () => '', built: () => '', waitingForEngine: '' }, { live: false, quiet: true });
const images = { server: { role: 'server', tag: 'tcp-lab/server:x', built: false }, client: { role: 'client', tag: 'tcp-lab/client:x', built: false }, capture: { role: 'capture', tag: 'tcp-lab/capture:x', built: false } } as const;

const engines: FakeEngineApi[] = [];
afterEach(async () => {
  for (const engine of engines.splice(0)) await engine.close();
});

/** A session on an engine that creates the lab's network only when `createNetwork()` is called. */
async function slowNetworkEngine(progress = quiet()) {
  let createNetwork = () => {};
  const released = new Promise<void>((resolve) => (createNetwork = resolve));
  const engine = await fakeEngineApi({ holds: (request) => (request === 'POST /networks/create' ? released : undefined) });
  engines.push(engine);
  const runtime = dockerRuntime(new Modem({ socketPath: engine.host.replace('unix://', '') }), { callDeadlineMs: DEADLINE_MS, lateAnswerMs: LATE_ANSWER_MS });
  const session = new LabSession(runtime, defaultLabConfig(), findPreset('echo')!, progress, { mode: { kind: 'scripted' }, images });
  return { engine, session, createNetwork };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('a creation the engine answers after its deadline', () => {
  it('the run fails with "no answer", and the removal removes the network once the engine has created it', async () => {
    const { engine, session, createNetwork } = await slowNetworkEngine();
    const error = await session.start(new AbortController().signal).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LabError);
    expect((error as LabError).key).toBe('dockerNoAnswer');
    const removed = session.remove();
    await sleep(DEADLINE_MS / 2); // the deadline has passed: the run failed on it
    createNetwork();
    await removed;
    expect([...engine.networks.values()]).toEqual([]);
    expect(engine.requests.filter((r) => r.startsWith('DELETE'))).toEqual(['DELETE /networks/network1']);
  });

  it('Ctrl-C while the creation hangs, then its deadline passes, then the engine creates it: it is removed too', async () => {
    const { engine, session, createNetwork } = await slowNetworkEngine();
    const stop = new AbortController();
    let settled = false;
    const started = session.start(stop.signal).catch((e: unknown) => e).finally(() => (settled = true));
    while (!engine.requests.includes('POST /networks/create') && !settled) await sleep(5);
    stop.abort(new LabError('interrupted', { signal: 'SIGINT' }));
    expect(((await started) as LabError).key).toBe('interrupted');
    const removed = session.remove();
    await sleep(1.5 * DEADLINE_MS); // the creation's deadline passes meanwhile
    createNetwork();
    await removed;
    expect([...engine.networks.values()]).toEqual([]);
    expect(engine.requests.filter((r) => r.startsWith('DELETE'))).toEqual(['DELETE /networks/network1']);
  });

  it('while the removal waits for the late answer, it says so in the removal step, in English and Chinese', async () => {
    for (const messages of [en, zhCN]) {
      let printed = '';
      const words = { step: (id: keyof typeof messages.steps) => messages.steps[id], building: messages.building, built: messages.built, waitingForEngine: messages.waitingForEngine };
      const { engine, session, createNetwork } = await slowNetworkEngine(createProgress({ write: (text: string) => (printed += text) }, words, { live: false }));
      await session.start(new AbortController().signal).catch(() => {});
      const removed = session.remove();
      await sleep(DEADLINE_MS / 2);
      expect(printed.trim().split('\n').at(-1)).toBe(`  ${messages.waitingForEngine}`);
      createNetwork();
      await removed;
      expect(printed.trim().split('\n').at(-1)).toMatch(new RegExp(`^✔ ${messages.steps.removed} +[0-9.]+ s$`));
      expect([...engine.networks.values()]).toEqual([]);
    }
  });
});
