// Issue 11: a scenario whose server still acts after the client's program is done. The capture must go on
// until the teardown is over: the server's FIN, sent 300 ms (or 2 s) after the client's, and the client's
// last ACK, which its kernel can send only while the client's container (and with it its network) exists.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../../src/analyse/report-model.js';
import { parseEventLines } from '../../src/capture/socket-events.js';
import { engineOrSkip, lab, labImages, leftovers } from '../helpers/engine.ts';
import { contradictions } from '../helpers/report-consistency.ts';
import { tsharkAvailable, tsharkFields } from '../helpers/tshark.ts';

const runtime = await engineOrSkip();
const tshark = runtime !== null && tsharkAvailable();

/** The capture's segments as tshark (the reference decoder) reads them. */
function segments(pcap: string) {
  return tsharkFields(pcap, ['tcp.srcport', 'tcp.flags.fin', 'tcp.flags.ack', 'tcp.seq_raw', 'tcp.ack_raw']).map(([port, fin, ack, seq, ackNo]) => ({
    fromServer: port === '8899',
    fin: fin === '1' || fin === 'True',
    ack: ack === '1' || ack === 'True',
    seq: Number(seq),
    ackNo: Number(ackNo),
  }));
}

describe.runIf(tshark)('a server that closes after the client has ended (real engine)', () => {
  const out = mkdtempSync(join(tmpdir(), 'lab-e2e-server-last-'));

  beforeAll(async () => {
    const images = await labImages();
    expect(images.exitCode, String(images.stderr)).toBe(0);
  });

  it.each([
    ['no-settle', '"sleep:300"', '[write, read, close]'],
    // Long enough that no engine is slow enough to keep the client's network until then by chance.
    ['no-settle-1s', '"sleep:1000"', '[write, read, close]'],
    ['settle', '"sleep:2000"', '[write, read, close, settle]'],
  ])('%s: server %s before its close: the server’s FIN and the last ACK are captured', async (label, sleep, clientSteps) => {
    const name = `e2e-server-last-${label}`;
    const config = join(out, `${label}.yaml`);
    writeFileSync(config, `name: ${name}\nscenario:\n  server: { steps: [read, echo, read-until-eof, ${sleep}, close] }\n  client: { steps: ${clientSteps} }\n`);
    const result = await lab(['up', '--config', config, '--out', out, '--json']);
    expect(result.exitCode, String(result.stderr)).toBe(0);
    const dir = join(out, name);

    const all = segments(join(dir, 'capture.pcap'));
    const clientFin = all.find((s) => !s.fromServer && s.fin)!;
    const serverFin = all.find((s) => s.fromServer && s.fin);
    expect(clientFin).toBeDefined();
    expect(serverFin, 'the server’s FIN').toBeDefined();
    expect(serverFin!.ackNo).toBe((clientFin.seq + 1) % 2 ** 32); // sent after the client's FIN arrived
    const lastAck = all.find((s) => !s.fromServer && !s.fin && s.ack && s.ackNo === (serverFin!.seq + 1) % 2 ** 32);
    expect(lastAck, 'the client’s ACK of the server’s FIN').toBeDefined();
    expect(all.filter((s) => s.fromServer && s.fin)).toHaveLength(1); // acknowledged the first time: never resent

    // The report: the teardown completed, four segments started by the client, which ends in TIME-WAIT.
    const [c] = JSON.parse(String(result.stdout)).connections;
    expect([c.teardown.kind, c.teardown.initiator, c.outcome, c.timeWait]).toEqual(['four-way', 'client', 'closed', 'client']);
    const report = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')) as Report;
    expect(contradictions(report.connections[0]!)).toEqual([]);
    // The server's close() is in the events too, after the client's.
    const closes = parseEventLines(readFileSync(join(dir, 'events.jsonl'), 'utf8')).filter((e) => e.call === 'close');
    expect(closes.map((e) => e.role)).toEqual(['client', 'server']);
    expect(await leftovers(runtime!, name)).toEqual([]);
  });

  it('a wait for the teardown that gives up (a server that never accepts never closes): lab up says the capture stops first', async () => {
    const config = join(out, 'never-accepts.yaml');
    writeFileSync(config, 'name: e2e-server-last-never\nscenario:\n  server: { accept: false }\n  client: { steps: [write, close, settle] }\n');
    const result = await lab(['up', '--config', config, '--out', out]);
    expect(result.exitCode, String(result.stderr)).toBe(0);
    expect(String(result.stdout)).toMatch(/the client waited 5\.\d s for its connection's teardown to end, in vain: the capture stops before the teardown is over/);
    const settled = parseEventLines(readFileSync(join(out, 'e2e-server-last-never', 'events.jsonl'), 'utf8')).filter((e) => e.call === 'settled');
    expect(settled.map((e) => e.state)).toEqual(['timeout']); // the client's FIN acknowledged by the kernel, and no FIN back
  });
});
