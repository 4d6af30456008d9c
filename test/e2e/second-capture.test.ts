// No packet lost at the end, checked against a second capture: an independent tcpdump on the engine host's
// interfaces records the same lab's traffic from before its first packet until after the lab has ended
// (its last packet sent, its capture stopped, everything removed), and is then stopped with a signal.
// Every TCP segment it saw must be in the lab's capture.pcap, the last ones included — for a batch run
// with bulk data on 20 connections, and for an interactive session quit right after its last segment.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ensureImages } from '../../src/docker/images.js';
import { engineOrSkip, lab, leftovers } from '../helpers/engine.ts';
import { startSecondCapture, type SecondCapture } from '../helpers/second-capture.ts';
import { tsharkAvailable, tsharkFields } from '../helpers/tshark.ts';

const runtime = await engineOrSkip();
const tshark = tsharkAvailable();

/** What identifies one segment in both captures, whatever their link layers and timestamps. */
const SEGMENT_FIELDS = ['ip.src', 'tcp.srcport', 'ip.dst', 'tcp.dstport', 'tcp.seq_raw', 'tcp.ack_raw', 'tcp.flags', 'tcp.len'];

function segments(file: string, filter: string): string[] {
  return tsharkFields(file, SEGMENT_FIELDS, ['-Y', filter]).map((fields) => fields.join(' '));
}

/** The second capture's segments that the lab's capture does not hold, each copy counted once. */
function missing(lab: string[], second: string[]): string[] {
  const left = new Map<string, number>();
  for (const key of lab) left.set(key, (left.get(key) ?? 0) + 1);
  return second.filter((key) => {
    const n = left.get(key) ?? 0;
    left.set(key, n - 1);
    return n <= 0;
  });
}

// A port no other lab on the engine uses, so that the second capture records only this lab's traffic.
const port = 20_000 + Math.floor(Math.random() * 30_000);
const message = 'x'.repeat(1000);

describe.runIf(runtime && tshark)('the capture is complete at the end, by a second capture (real engine)', () => {
  const cleanups: (() => Promise<unknown>)[] = [];
  let captureImage = '';
  beforeAll(async () => {
    captureImage = (await ensureImages(runtime!)).capture.tag;
  });
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => {});
  });

  /** Runs `run` (one lab, named `name`) while a second capture records its port; compares the two. */
  async function compare(name: string, run: (folder: string, config: string) => Promise<{ exitCode?: number; stderr?: unknown }>) {
    const folder = mkdtempSync(join(tmpdir(), 'lab-e2e-second-'));
    cleanups.push(async () => rmSync(folder, { recursive: true, force: true }));
    cleanups.push(() => lab(['down', '--name', name]));
    const second: SecondCapture = await startSecondCapture(runtime!, captureImage, port);
    cleanups.push(() => second.remove());
    const config = join(folder, 'lab.yaml');
    const result = await run(folder, config);
    expect(result.exitCode, String(result.stderr)).toBe(0);
    expect(await leftovers(runtime!, name)).toEqual([]); // the lab has ended: its last packet is long sent
    const { pcap, stats } = await second.stop();
    expect(stats.find((line) => /dropped by kernel/.test(line))).toMatch(/^0 packets dropped by kernel/);
    const secondFile = join(folder, 'second.pcap');
    writeFileSync(secondFile, pcap);
    const labFile = join(folder, 'out', name, 'capture.pcap');
    const [server] = tsharkFields(labFile, ['ip.dst'], ['-Y', `tcp.dstport == ${port}`, '-c', '1']).flat();
    expect(server).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
    const filter = `ip.addr == ${server} && tcp.port == ${port}`;
    const seen = segments(secondFile, filter);
    return { seen, lost: missing(segments(labFile, filter), seen) };
  }

  it('a batch run, 20 connections each echoing 14 KB: every segment the second capture saw is in capture.pcap', async () => {
    const name = 'e2e-second-batch';
    const { seen, lost } = await compare(name, async (folder, config) => {
      const echoes = Array.from({ length: 14 }, () => ['read', 'echo']).flat();
      const writes = Array.from({ length: 14 }, () => ['write', 'read']).flat();
      writeFileSync(
        config,
        [
          `name: ${name}`,
          `message: ${message}`,
          `server: { port: ${port} }`,
          'scenario:',
          `  server: { steps: [${[...echoes, 'read-until-eof', 'close'].join(', ')}] }`,
          `  client: { steps: [${[...writes, 'close', 'settle'].join(', ')}], count: 20 }`,
        ].join('\n') + '\n',
      );
      return lab(['up', '--config', config, '--out', join(folder, 'out')]);
    });
    expect(seen.length).toBeGreaterThanOrEqual(20 * (3 + 28 + 3)); // handshake, 28 data segments, teardown
    expect(seen.filter((key) => / 0x0011 0$/.test(key)).length).toBeGreaterThanOrEqual(2 * 20); // both FINs of every connection
    expect(lost).toEqual([]);
  });

  it('an interactive session with 40 KB sent in 40 sends, quit right after the last ACK: every segment, the last ones too', async () => {
    const name = 'e2e-second-live';
    const { seen, lost } = await compare(name, async (folder, config) => {
      writeFileSync(config, `name: ${name}\nserver: { port: ${port} }\n`);
      const sends = Array.from({ length: 40 }, () => `send ${message}`);
      const commands = ['connect', 'server accept', ...sends, ...Array.from({ length: 10 }, () => 'server recv'), 'close', 'server close', 'quit'];
      return lab(['up', '--interactive', '--config', config, '--out', join(folder, 'out')], { input: commands.join('\n') + '\n' });
    });
    expect(seen.filter((key) => / 0x0011 0$/.test(key))).toHaveLength(2); // both FINs
    // The last segment the second capture saw is the client's ACK of the server's FIN, and the lab has it.
    expect(seen.at(-1)).toMatch(/ 0x0010 0$/);
    expect(seen.length).toBeGreaterThanOrEqual(3 + 40 + 4);
    expect(lost).toEqual([]);
  });
});
