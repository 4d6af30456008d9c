// The time line of packets and socket calls: a call takes its place when it was made, so a write() made
// before its segment left is listed before it, and a call that blocked shows both ends of its span.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyseCapture } from '../analyse/analyse-capture.js';
import { parseEventLines } from '../capture/socket-events.js';
import { connectionView } from './connection-view.js';
import { LANGUAGES } from './i18n/index.js';

const fixture = (name: string) => readFileSync(new URL(`../../test/fixtures/lab-up-echo/${name}`, import.meta.url));

/** The echo lab's events, with the client's write() made 100 µs before its data segment left, returning 50 µs after it. */
function withWriteSpan(): { rows: ReturnType<typeof connectionView>['timeline']; dataFrame: number } {
  const capture = fixture('capture.pcap');
  const plain = analyseCapture([capture]).connections[0]!;
  const data = plain.packets!.find((p) => p.from === 'client' && p.len > 0)!;
  const lines = fixture('events.jsonl').toString('utf8').split('\n').filter(Boolean);
  const firstPacketNs = BigInt(plain.startTime.sec) * 1_000_000_000n + BigInt(plain.startTime.nsec);
  const dataNs = firstPacketNs + BigInt(Math.round(data.offset * 1e9));
  const spanned = lines.map((line) => {
    const event = JSON.parse(line) as { role: string; call: string };
    if (event.role !== 'client' || event.call !== 'write') return line;
    return line.replace(/^\{"t":\d+/, `{"t":${dataNs + 50_000n},"start":${dataNs - 100_000n}`);
  });
  const report = analyseCapture([capture], { events: parseEventLines(spanned.join('\n')) });
  return { rows: connectionView(report.connections[0]!, LANGUAGES.en).timeline, dataFrame: data.frame };
}

describe('the time line of packets and socket calls', () => {
  it('lists a call when it was made, with the moment it returned', () => {
    const { rows, dataFrame } = withWriteSpan();
    const write = rows.findIndex((r) => r.kind === 'event' && r.what.startsWith('write() = 5') && r.who.startsWith('client'));
    const segment = rows.findIndex((r) => r.kind === 'packet' && r.what.startsWith(`#${dataFrame} `));
    expect(write).toBeGreaterThanOrEqual(0);
    expect(write).toBeLessThan(segment);
    const [made, returned] = rows[write]!.offset.split('–').map(Number);
    expect(returned! - made!).toBeCloseTo(0.00015, 6);
  });
});
