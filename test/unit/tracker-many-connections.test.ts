// The connection tracker after more than 65,536 connections have ended: its queue of ended connections
// is compacted then, and it must go on handing on the next ones. About a second and a half of analysis,
// so it is one of the slow tests (test/setup/slow-tests.ts): the mutation run would pay it for every
// analyser mutant.
import { describe, expect, it } from 'vitest';
import { analyseCapture } from '../../src/analyse/analyse-capture.js';
import type { ConnectionReport } from '../../src/analyse/report-model.js';
import { F, pcapFile, tcpFrame } from '../helpers/frames.ts';

describe('the connection tracker after 65,536 ended connections', () => {
  it('hands on every connection once, in order, before and after its queue of ended ones is compacted', () => {
    // 18 × 4,096 connections of one RST each (a reset ends a connection at once). The first 17 × 4,096 - 1
    // come in one second and the rest 6 s later, so that the check at packet 17 × 4,096 hands on all of
    // those (more than 65,536: the queue is compacted) and the check at 18 × 4,096 finds the queue again.
    const count = 18 * 4096;
    const quietAfter = 17 * 4096 - 1;
    const template = tcpFrame({ src: '10.1.0.0', dst: '192.0.2.80', sport: 1024, dport: 80, seq: 1, ack: 1, flags: F.RST | F.ACK });
    const frames = Array.from({ length: count }, (_, i) => {
      const data = Buffer.from(template);
      data.writeUInt16BE(i >> 8, 14 + 14); // the client's address: 10.1.(i >> 16).((i >> 8) & 255)
      data.writeUInt16BE(1024 + (i & 255), 14 + 20); // and its port (the checksums are not checked here)
      return { sec: i < quietAfter ? 1000 : 1006, frac: i % 1_000_000, data };
    });
    const connections: ConnectionReport[] = [];
    analyseCapture([pcapFile(frames)], { brief: true, onConnection: (c) => connections.push(c) });
    expect(connections).toHaveLength(count);
    expect(connections.every((c, i) => c.index === i && c.outcome === 'reset' && c.packetCount === 1)).toBe(true);
    expect(new Set(connections.map((c) => `${c.client.ip}:${c.client.port}`)).size).toBe(count);
  });
});
