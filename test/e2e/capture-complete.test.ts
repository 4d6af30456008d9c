// No packet lost at the end: the capture a lab writes holds exactly what tcpdump says it captured (its
// closing counters, which come from the kernel's packet socket), and the kernel dropped none — for a batch
// run with five connections, and for an interactive session quit right after its last close.
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyseCapture } from '../../src/analyse/analyse-capture.js';
import { mkdtempSync, readFileSync } from 'node:fs';
import { engineOrSkip, lab } from '../helpers/engine.ts';

const runtime = await engineOrSkip();

/** tcpdump's "N packets captured" and "N packets dropped by kernel". */
function counters(stats: string[]): { captured: number; dropped: number } {
  const count = (what: string) => Number(new RegExp(`^(\\d+) packets? ${what}`).exec(stats.find((line) => line.includes(what)) ?? '')?.[1] ?? NaN);
  return { captured: count('captured'), dropped: count('dropped by kernel') };
}

function packetsIn(file: string): number {
  return analyseCapture([readFileSync(file)]).capture.packets;
}

describe.runIf(runtime)('the capture is complete at the end (real engine)', () => {
  const out = mkdtempSync(join(tmpdir(), 'lab-e2e-complete-'));

  it('a batch run: capture.pcap holds every packet tcpdump counted, and the kernel dropped none', async () => {
    const run = await lab(['up', '--scenario', 'multi-client', '--name', 'e2e-complete', '--out', out, '--json']);
    expect(run.exitCode, String(run.stderr)).toBe(0);
    const summary = JSON.parse(String(run.stdout));
    const { captured, dropped } = counters(summary.captureStats);
    expect(dropped).toBe(0);
    expect(captured).toBeGreaterThanOrEqual(5 * 9); // five connections of at least nine segments each
    expect(packetsIn(join(out, 'e2e-complete', 'capture.pcap'))).toBe(captured);
  });

  it('an interactive session quit at once after its last close: the last ACK is in the capture', async () => {
    const session = lab(['up', '--interactive', '--json', '--name', 'e2e-complete-live', '--out', out], {
      input: ['connect', 'server accept', 'send hi', 'server recv', 'close', 'server close', 'quit'].join('\n') + '\n',
    });
    const result = await session;
    expect(result.exitCode, String(result.stderr)).toBe(0);
    const done = String(result.stdout).trim().split('\n').map((line) => JSON.parse(line)).find((line) => line.type === 'done');
    const { captured, dropped } = counters(done.captureStats);
    expect(dropped).toBe(0);
    const file = join(out, 'e2e-complete-live', 'capture.pcap');
    expect(packetsIn(file)).toBe(captured);
    const [connection] = analyseCapture([readFileSync(file)]).connections;
    expect(connection?.outcome).toBe('closed'); // both FINs and both their ACKs were captured
  });
});
