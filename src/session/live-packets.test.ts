// Live packets from a real lab capture fed in pieces of any size, as tcpdump's stream arrives.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { LivePackets, type LivePacket } from './live-packets.js';

const capture = readFileSync(new URL('../../test/fixtures/lab-up-echo/capture.pcap', import.meta.url));

function feedInPieces(sizes: () => number): LivePacket[] {
  const packets: LivePacket[] = [];
  const live = new LivePackets(8899, (p) => packets.push(structuredClone(p)));
  for (let offset = 0; offset < capture.length; ) {
    const size = Math.max(1, sizes());
    live.feed(capture.subarray(offset, offset + size));
    offset += size;
  }
  return packets;
}

/** The whole capture in one piece (fed inside each test: code run while the file is collected belongs to no
 * test, and the mutation run would run every test for each mutant it reaches). */
const inOnePiece = () => feedInPieces(() => capture.length);

describe('LivePackets', () => {
  it('names each packet as a student reads it: direction, flags, relative numbers, both states', () => {
    const whole = inOnePiece();
    const line = (p: LivePacket) => `${p.from} ${p.flags.join(',')} seq=${p.seq} ack=${p.ack} len=${p.len} ${p.states.client}/${p.states.server} changed=${p.changed.join('+')}`;
    expect(whole.slice(0, 3).map(line)).toEqual([
      'client SYN seq=0 ack=null len=0 SYN-SENT/SYN-RECEIVED changed=client+server',
      'server SYN,ACK seq=0 ack=1 len=0 ESTABLISHED/SYN-RECEIVED changed=client',
      'client ACK seq=1 ack=1 len=0 ESTABLISHED/ESTABLISHED changed=server',
    ]);
    // The raw numbers as tshark shows them (tcp.seq_raw, tcp.ack_raw): the server's ISN is above 2^31.
    expect(whole.slice(0, 3).map((p) => [p.rawSeq, p.rawAck])).toEqual([
      [990175830, 0],
      [4091389429, 990175831],
      [990175831, 4091389430],
    ]);
    expect(whole.find((p) => p.len === 5 && p.from === 'client')).toMatchObject({ seq: 1, ack: 1 });
    expect(whole.at(-1)!.states).toEqual({ client: 'CLOSED', server: 'TIME-WAIT' });
    expect(whole[0]!.time).toBe(0);
  });

  it('says when a packet shows that an earlier one never arrived: the SYN-ACK sent again after a lost final ACK', () => {
    const packets: LivePacket[] = [];
    const live = new LivePackets(23456, (p) => packets.push(structuredClone(p)));
    live.feed(readFileSync(new URL('../../test/fixtures/final-ack-dropped/capture.pcap', import.meta.url)));
    expect(packets.filter((p) => p.neverArrived.length).map((p) => [p.frame, p.neverArrived])).toEqual([[4, [{ frame: 3, from: 'client' }]]]);
    expect(packets.slice(3, 5).map((p) => `${p.states.server} changed=${p.changed.join('+')}`)).toEqual(['SYN-RECEIVED changed=server', 'ESTABLISHED changed=server']);
  });

  it('gives the same packets whatever the size of the pieces the stream arrives in', () => {
    const whole = inOnePiece();
    for (const piece of [1, 7, 24, 100]) expect(feedInPieces(() => piece)).toEqual(whole);
    let seed = 42;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % 200;
    expect(feedInPieces(random)).toEqual(whole);
  });
});
