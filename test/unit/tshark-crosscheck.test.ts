// Cross-check against tshark: per connection, the same frames (so the same packet count and flag
// sequence) and the same ISNs.
import { describe, expect, it } from 'vitest';
import { analyseCapture } from '../../src/analyse/analyse-capture.js';
import { corpusBytes, corpusDir, corpusFiles } from '../helpers/corpus.ts';
import { tsharkAvailable, tsharkFields } from '../helpers/tshark.ts';

describe.runIf(tsharkAvailable())('agreement with tshark', () => {
  it.each(corpusFiles())('%s', (name) => {
    const rows = tsharkFields(corpusDir + name, ['frame.number', 'tcp.stream', 'tcp.flags', 'tcp.seq_raw'], ['-Y', 'tcp']);
    const streams = new Map<string, { frames: number[]; flags: number[]; synSeqs: number[] }>();
    for (const [frame, stream, flags, seq] of rows) {
      const s = streams.get(stream!) ?? { frames: [], flags: [], synSeqs: [] };
      s.frames.push(Number(frame));
      s.flags.push(parseInt(flags!, 16));
      if ((parseInt(flags!, 16) & 0x02) !== 0) s.synSeqs.push(Number(seq));
      streams.set(stream!, s);
    }
    const report = analyseCapture([corpusBytes(name)]);
    expect(report.connections).toHaveLength(streams.size);
    for (const c of report.connections) {
      const theirs = [...streams.values()].find((s) => s.frames[0] === c.firstFrame)!;
      expect(theirs, `tshark has a stream starting at frame ${c.firstFrame}`).toBeDefined();
      expect(c.packets!.map((p) => p.frame)).toEqual(theirs.frames);
      expect(c.packets!.map((p) => p.flags.reduce((bits, f) => bits | FLAG_BITS[f]!, 0))).toEqual(theirs.flags);
      const isns = [c.handshake.clientIsn, c.handshake.serverIsn].filter((isn) => isn !== null);
      expect(new Set(theirs.synSeqs)).toEqual(new Set(isns));
    }
  });
});

const FLAG_BITS: Record<string, number> = { FIN: 1, SYN: 2, RST: 4, PSH: 8, ACK: 16, URG: 32, ECE: 64, CWR: 128, AE: 256 };
