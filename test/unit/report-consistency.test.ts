// Every capture the project holds (the corpus, the lab's own runs): no two parts of a report disagree —
// the last packet's states, the TIME-WAIT verdict and the outcome; the named handshake frames carry their
// role's flags; an RST is attributed to its sender.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { analyseCapture } from '../../src/analyse/analyse-capture.js';
import { parseEventLines } from '../../src/capture/socket-events.js';
import { corpusBytes, corpusFiles } from '../helpers/corpus.ts';
import { F } from '../helpers/frames.ts';
import { contradictions } from '../helpers/report-consistency.ts';
import { analyseSegments, fromClient as c, fromServer as s } from '../helpers/segments.ts';
const fixtures = fileURLToPath(new URL('../fixtures/', import.meta.url));

/** Every capture.pcap a `lab up` wrote under test/fixtures, with its events. */
function labRuns(dir = fixtures): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return labRuns(path);
    return name === 'capture.pcap' ? [dir] : [];
  });
}

describe('every report agrees with itself', () => {
  it.each(corpusFiles())('corpus %s', (name) => {
    for (const c of analyseCapture([corpusBytes(name)]).connections) expect(contradictions(c), `connection ${c.index}`).toEqual([]);
  });

  it.each(labRuns().map((dir) => [dir.slice(fixtures.length), dir]))('lab run %s', (_name, dir) => {
    const events = parseEventLines(readFileSync(join(dir, 'events.jsonl'), 'utf8'));
    for (const c of analyseCapture([readFileSync(join(dir, 'capture.pcap'))], { events }).connections) expect(contradictions(c), `connection ${c.index}`).toEqual([]);
  });

  it('finds a contradiction when there is one', () => {
    const [c] = analyseCapture([corpusBytes('zk_curl_http_09_rst-abort.pcap')]).connections;
    expect(contradictions({ ...c!, timeWait: 'server', teardown: { ...c!.teardown, rst: { ...c!.teardown.rst!, from: 'client' } }, handshake: { ...c!.handshake, syn: c!.handshake.synAck } })).toEqual([
      'TIME-WAIT verdict server, last states CLOSED/CLOSED',
      'syn frame 2 is server SYN,ACK',
      'rst frame 8 is server RST,ACK',
      'reset initiated by server, but the RST came from client',
    ]);
  });

  it('finds a refusal of a completed handshake, and an RST the client dropped in SYN-SENT that ends or changes something', () => {
    const [k] = analyseSegments([c(100, 0, F.SYN), s(0, 0, F.RST), c(100, 0, F.SYN), s(500, 101, F.SYN | F.ACK), c(101, 501, F.ACK)]).connections;
    expect(contradictions(k!)).toEqual([]);
    const packets = k!.packets!.map((p, i) => (i === 1 ? { ...p, states: { client: 'CLOSED' as const, server: 'CLOSED' as const } } : p));
    expect(contradictions({ ...k!, outcome: 'refused', teardown: { ...k!.teardown, frames: [2], rst: { frame: 2, from: 'server', offset: 0.01 } }, packets })).toEqual([
      'refused, but the server left CLOSED',
      'refused, but the handshake completed',
      'ignored RST frame 2 changed the states',
      'ignored RST frame 2 is named in the teardown',
    ]);
  });
});
