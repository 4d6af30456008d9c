// The command line as a user drives it: cli() with its arguments, through the real Docker client, against
// a fake Engine API that holds two labs. Checked: what is removed, what is printed, the exit code.
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cli } from '../../src/cli/main.js';
import { LABELS } from '../../src/docker/labels.js';
import { fakeEngineApi, type FakeEngineApi } from '../helpers/fake-engine-api.ts';

async function run(...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await cli(argv, { stdout: { write: (t) => (stdout += String(t)) }, stderr: { write: (t) => (stderr += String(t)) } });
  return { code, stdout, stderr };
}

/** A lab as `lab up` leaves it with --keep or after a crash: its network and three containers, labelled. */
function addLab(engine: FakeEngineApi, lab: string): void {
  const run = `${lab}run`;
  const labels = (role: string) => ({ [LABELS.lab]: lab, [LABELS.run]: run, [LABELS.role]: role, [LABELS.scenario]: 'echo' });
  engine.networks.set(`net-${lab}`, { id: `net-${lab}`, name: `lab-${lab}-${run}`, labels: labels('network') });
  for (const role of ['server', 'client', 'capture']) {
    engine.containers.set(`${lab}-${role}`, { id: `${lab}-${role}`, name: `lab-${lab}-${run}-${role}`, labels: labels(role) });
  }
}

const names = (engine: FakeEngineApi) => [...engine.containers.values(), ...engine.networks.values()].map((r) => r.name).sort();

const engines: FakeEngineApi[] = [];
afterAll(() => Promise.all(engines.map((e) => e.close())));

async function engineWithLabs(labs: string[], options: Parameters<typeof fakeEngineApi>[0] = {}): Promise<FakeEngineApi> {
  const engine = await fakeEngineApi(options);
  engines.push(engine);
  for (const lab of labs) addLab(engine, lab);
  vi.stubEnv('DOCKER_HOST', engine.host);
  vi.stubEnv('DOCKER_CONTEXT', '');
  return engine;
}

beforeEach(() => vi.stubEnv('LANG', 'C'));
afterEach(() => vi.unstubAllEnvs());

describe('lab down', () => {
  it('--name A removes lab A’s containers and network, and leaves lab B alone', async () => {
    const engine = await engineWithLabs(['a', 'b']);
    const { code, stdout } = await run('down', '--name', 'a');
    expect(code).toBe(0);
    expect(names(engine)).toEqual(['lab-b-brun', 'lab-b-brun-capture', 'lab-b-brun-client', 'lab-b-brun-server']);
    for (const removed of ['lab-a-arun-server', 'lab-a-arun-client', 'lab-a-arun-capture', 'lab-a-arun']) expect(stdout).toContain(removed);
    expect(stdout).not.toContain('lab-b');
  });

  it('--all removes every lab’s resources and nothing else', async () => {
    const engine = await engineWithLabs(['a', 'b']);
    engine.containers.set('other', { id: 'other', name: 'someone-elses', labels: { 'com.example': 'x' } });
    expect((await run('down', '--all')).code).toBe(0);
    expect(names(engine)).toEqual(['someone-elses']);
  });

  it('a lab with nothing left says so and succeeds', async () => {
    const engine = await engineWithLabs(['b']);
    const { code, stdout } = await run('down', '--name', 'a');
    expect(code).toBe(0);
    expect(stdout).toMatch(/nothing to remove.*"a"/);
    expect(names(engine)).toHaveLength(4);
  });

  it('without --name removes the lab named handshake (lab.yaml’s default name)', async () => {
    const engine = await engineWithLabs(['handshake', 'b']);
    expect((await run('down')).code).toBe(0);
    expect(names(engine)).toEqual(['lab-b-brun', 'lab-b-brun-capture', 'lab-b-brun-client', 'lab-b-brun-server']);
  });

  it('--all with no lab left says so without naming a lab', async () => {
    await engineWithLabs([]);
    const { code, stdout } = await run('down', '--all');
    expect([code, stdout]).toEqual([0, 'nothing to remove (no lab resources)\n']);
  });

  it('--name A --all is a usage error (exit 2) and removes nothing', async () => {
    const engine = await engineWithLabs(['a', 'b']);
    const { code, stderr } = await run('down', '--name', 'a', '--all');
    expect(code).toBe(2);
    expect(stderr).toMatch(/--name.*--all|--all.*--name/);
    expect(names(engine)).toHaveLength(8);
    expect(engine.requests.filter((r) => r.startsWith('DELETE'))).toEqual([]);
  });

  it('an engine that does not answer is a Docker problem (exit 3) that names where it looked and what to do', async () => {
    const engine = await engineWithLabs([]);
    await engine.close();
    const { code, stderr } = await run('down', '--name', 'a');
    expect(code).toBe(3);
    expect(stderr).toContain(engine.host);
    expect(stderr).toMatch(/→ /); // the hint
    expect(stderr).not.toMatch(/\n\s+at /); // no stack trace
  });
});

describe('lab up', () => {
  it('interrupted (Ctrl-C) while the engine is busy: stops, writes nothing, leaves other labs alone, exits 130', async () => {
    const engine = await engineWithLabs(['b'], { hangs: (request) => request.startsWith('GET /images/') });
    const out = mkdtempSync(join(tmpdir(), 'cli-up-'));
    const running = run('up', '--name', 'a', '--out', out);
    while (!engine.requests.some((r) => r.startsWith('GET /images/'))) await new Promise((resolve) => setTimeout(resolve, 10));
    process.emit('SIGINT', 'SIGINT');
    const { code, stderr } = await running;
    expect(code, stderr).toBe(130);
    expect(stderr).not.toMatch(/\n\s+at /);
    expect(names(engine)).toHaveLength(4); // lab b is untouched
    expect(readdirSync(out)).toEqual([]);
  });
});
