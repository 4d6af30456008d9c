// Every engine call has a deadline and stops at once when the user gives up: against a fake Engine API
// (an HTTP server on a unix socket) that never answers.
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Modem from 'docker-modem';
import { afterAll, describe, expect, it } from 'vitest';
import { LabError } from '../errors.js';
import { dockerRuntime } from './runtime.js';

const socketPath = join(mkdtempSync(join(tmpdir(), 'runtime-')), 'docker.sock');
const server = createServer(() => {}); // accepts every request, answers none
await new Promise<void>((resolve) => server.listen(socketPath, resolve));
afterAll(() => {
  server.closeAllConnections();
  server.close();
});

describe('engine calls against a hung engine', () => {
  it('give up after the call deadline with a message that says what to do', async () => {
    const runtime = dockerRuntime(new Modem({ socketPath }), { callDeadlineMs: 50 });
    for (const call of [() => runtime.listContainers(['x']), () => runtime.imageExists('tcp-lab/server:x'), () => runtime.createNetwork({ name: 'n', labels: {}, subnet: '10.9.0.0/24' })]) {
      const error = await call().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(LabError);
      expect((error as LabError).message).toMatch(/got no answer within 0.05 s/);
      expect((error as LabError).hint).toMatch(/docker info/);
    }
  });

  it('stop at once when the give-up signal aborts, with its reason', async () => {
    const giveUp = new AbortController();
    const runtime = dockerRuntime(new Modem({ socketPath }), { giveUp: giveUp.signal });
    const pending = runtime.listNetworks(['x']).catch((e: unknown) => e);
    giveUp.abort(new LabError('gaveUpWaiting', { signal: 'SIGINT', lab: 'x' }));
    expect(((await pending) as LabError).message).toBe('stopped waiting for the Docker engine (SIGINT twice)');
    expect(((await runtime.removeContainer('abc').catch((e: unknown) => e)) as LabError).code).toBe('INTERRUPTED');
  });
});
