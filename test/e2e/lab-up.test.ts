// `lab up` on the real engine: the real capture must show the experiment, and nothing may be left.
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { LABELS } from '../../src/docker/labels.js';
import type { ContainerRuntime } from '../../src/docker/runtime.js';
import { engineOrSkip, lab, leftovers } from '../helpers/engine.ts';
import { tsharkAvailable, tsharkFields } from '../helpers/tshark.ts';

const runtime: ContainerRuntime | null = await engineOrSkip();

describe.runIf(runtime)('lab up (real engine)', () => {
  const out = mkdtempSync(join(tmpdir(), 'lab-e2e-'));
  let result: Awaited<ReturnType<typeof lab>>;

  beforeAll(async () => {
    result = await lab(['up', '--name', 'e2e-echo', '--out', out, '--json']);
  });

  it('succeeds and writes the capture, the events and the reports', () => {
    expect(result.exitCode, String(result.stderr)).toBe(0);
    for (const file of ['capture.pcap', 'events.jsonl', 'report.json', 'report.md']) expect(existsSync(join(out, 'e2e-echo', file))).toBe(true);
    const summary = JSON.parse(String(result.stdout));
    expect(summary.connections).toHaveLength(1);
    expect(summary.connections[0]).toMatchObject({
      outcome: 'closed',
      handshake: { complete: true, synRetransmissions: 0 },
      teardown: { kind: 'four-way', initiator: 'server', halfClose: false },
      timeWait: 'server',
      bytes: { client: 5, server: 5 },
    });
  });

  it.runIf(tsharkAvailable())('captured a handshake to 8899, the echo both ways and a teardown the server starts (read by tshark)', () => {
    const rows = tsharkFields(join(out, 'e2e-echo', 'capture.pcap'), ['tcp.srcport', 'tcp.dstport', 'tcp.flags.str', 'tcp.payload']);
    const flags = rows.map(([, , f]) => f!.replace(/[·\s]/g, ''));
    expect(flags.slice(0, 3)).toEqual(['S', 'AS', 'A']);
    expect(rows[0]!.slice(1, 2)).toEqual(['8899']);
    const hello = Buffer.from('hello').toString('hex');
    expect(rows.find(([, dport, , payload]) => dport === '8899' && payload === hello)).toBeDefined();
    expect(rows.find(([sport, , , payload]) => sport === '8899' && payload === hello)).toBeDefined();
    const firstFin = rows.find(([, , f]) => f!.includes('F'))!;
    expect(firstFin[0]).toBe('8899');
    expect(rows.filter(([, , f]) => f!.includes('F'))).toHaveLength(2);
  });

  it('records both programs’ socket calls with nanosecond times and pids', () => {
    const events = readFileSync(join(out, 'e2e-echo', 'events.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l.replace(/"t":(\d+)/, '"t":"$1"')));
    const calls = events.map((e) => `${e.role}:${e.call}`);
    for (const call of ['server:listen', 'server:accept', 'server:read', 'server:write', 'server:close', 'client:connect', 'client:write', 'client:close']) expect(calls).toContain(call);
    expect(events.every((e) => /^\d{19}$/.test(e.t) && e.pid > 0)).toBe(true);
    const report = readFileSync(join(out, 'e2e-echo', 'report.md'), 'utf8');
    expect(report).toMatch(/accept\(\) returned \d+ µs after the handshake’s final ACK/);
  });

  it('removed every container and network it created', async () => {
    expect(await leftovers(runtime!, 'e2e-echo')).toEqual([]);
  });

  it('runs several labs at once on one host, each on its own subnet', async () => {
    const names = ['e2e-par-1', 'e2e-par-2', 'e2e-par-3'];
    const runs = await Promise.all(names.map((name) => lab(['up', '--name', name, '--out', out, '--json'])));
    for (const run of runs) expect(run.exitCode, String(run.stderr)).toBe(0);
    const subnets = runs.map((run) => JSON.parse(String(run.stdout)).subnet);
    expect(new Set(subnets).size).toBe(3);
    for (const name of names) expect(await leftovers(runtime!, name)).toEqual([]);
  });
});

describe.runIf(runtime)('cleanup you can trust (real engine)', () => {
  const out = mkdtempSync(join(tmpdir(), 'lab-e2e-'));

  it.each([
    ['SIGINT', 'network'],
    ['SIGINT', 'server + capture ready'],
    ['SIGTERM', 'server + capture ready'],
    ['SIGINT', 'client (echo)'],
    ['SIGINT', 'capture collected'],
  ])('%s after "%s" removes what was created, writes no output, and exits 130', async (signal, afterStep) => {
    const name = `e2e-int-${signal.toLowerCase()}-${afterStep.replace(/\W+/g, '-')}`;
    const child = lab(['up', '--name', name, '--out', out]);
    child.stderr!.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes(afterStep)) child.kill(signal as NodeJS.Signals);
    });
    const result = await child;
    expect(result.exitCode, String(result.stderr)).toBe(130);
    expect(String(result.stderr)).toMatch(/interrupted by SIG/);
    expect(await leftovers(runtime!, name)).toEqual([]);
    expect(existsSync(join(out, name))).toBe(false);
  });

  it('lab down removes a lab left by --keep, and one whose lab up was killed with SIGKILL', async () => {
    const kept = await lab(['up', '--name', 'e2e-keep', '--out', out, '--keep']);
    expect(kept.exitCode, String(kept.stderr)).toBe(0);
    expect((await leftovers(runtime!, 'e2e-keep')).sort()).toEqual(expect.arrayContaining([expect.stringMatching(/server$/), expect.stringMatching(/capture$/)]));

    const child = lab(['up', '--name', 'e2e-killed', '--out', out]);
    child.stderr!.on('data', (chunk: Buffer) => chunk.toString().includes('network') && child.kill('SIGKILL'));
    await child;
    for (const name of ['e2e-keep', 'e2e-killed']) expect((await lab(['down', '--name', name])).exitCode).toBe(0);
    expect(await leftovers(runtime!, 'e2e-keep')).toEqual([]);
    expect(await leftovers(runtime!, 'e2e-killed')).toEqual([]);
  });

  it('a client that dies mid-run fails the run, names the cause, and everything is removed', async () => {
    const child = lab(['up', '--config', 'test/e2e/slow-client.yaml', '--out', out]);
    let killed = false;
    child.stderr!.on('data', async (chunk: Buffer) => {
      if (killed || !chunk.toString().includes('server + capture ready')) return;
      killed = true;
      const [client] = await runtime!.listContainers([`${LABELS.lab}=e2e-killed-client`, `${LABELS.role}=client`]);
      // Mid-run: once the client has read the echo (it then sleeps 5 s), not before the lab's signal starts it.
      for (let i = 0; i < 100 && !(await runtime!.logs(client!.id)).stdout.includes('"call":"read"'); i++) await new Promise((resolve) => setTimeout(resolve, 50));
      await runtime!.signalContainer(client!.id, 'SIGKILL');
    });
    const result = await child;
    expect(killed).toBe(true);
    expect(result.exitCode).toBe(1);
    expect(String(result.stderr)).toMatch(/the client exited with code 137/);
    // The capture and the events are kept, the two records that show what happened; no report pretends to explain it.
    expect(String(result.stderr)).toMatch(/kept .*capture\.pcap and .*events\.jsonl/);
    expect(readdirSync(join(out, 'e2e-killed-client')).sort()).toEqual(['capture.pcap', 'events.jsonl']);
    expect(tsharkAvailable() ? tsharkFields(join(out, 'e2e-killed-client', 'capture.pcap'), ['tcp.flags.str']).length : 1).toBeGreaterThan(0);
    expect(await leftovers(runtime!, 'e2e-killed-client')).toEqual([]);
  });

  it('a subnet that overlaps a network of the host is a lab.yaml error, and nothing is created', async () => {
    // 172.17.0.0/16 is Docker's default bridge (docker0 on the host): refused before the engine is asked.
    const result = await lab(['up', '--name', 'e2e-fail', '--out', out, '--config', 'test/e2e/overlapping-subnet.yaml']);
    expect(result.exitCode).toBe(2);
    expect(String(result.stderr)).toMatch(/overlapping-subnet\.yaml:3:11: network\.subnet: expected a subnet that overlaps no network of this host, got 172\.17\.0\.0\/16, which overlaps 172\.17\.0\.0\/16/);
    expect(await leftovers(runtime!, 'e2e-fail')).toEqual([]);
  });
});
