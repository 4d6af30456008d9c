// The anomalies one segment shows in its direction's sequence space, as Wireshark's TCP analysis names
// them, segment by segment on both directions of one connection (relative numbers: each ISN is 0).
import { describe, expect, it } from 'vitest';
import { TCP_FLAGS, type TcpHeader } from '../decode/decoded-packet.js';
import { Direction, sequenceAnomalies } from './sequence-space.js';

const { SYN, ACK, FIN, RST, PSH } = TCP_FLAGS;

/** Both directions, fed as the connection builder feeds them; `ack` defaults to everything the peer sent. */
function connection() {
  const dir = { client: new Direction(), server: new Direction() };
  dir.client.base = 0;
  dir.server.base = 0;
  const send = (from: 'client' | 'server', seq: number, flags: number, len = 0, o: { ack?: number; window?: number } = {}) => {
    const out = dir[from];
    const back = dir[from === 'client' ? 'server' : 'client'];
    const ack = o.ack ?? back.next;
    const tcp = { flags, payloadLength: len, ack, window: o.window ?? 1000 } as TcpHeader;
    const anomalies = sequenceAnomalies(out, back, seq, flags & ACK ? ack : 0, tcp);
    out.lastAck = tcp.ack;
    out.lastWindow = tcp.window;
    return [...anomalies];
  };
  return { dir, send };
}

/** A handshake, then the client's 10 bytes at 1..11. */
function established() {
  const c = connection();
  c.send('client', 0, SYN);
  c.send('server', 0, SYN | ACK);
  c.send('client', 1, ACK);
  expect(c.send('client', 1, ACK | PSH, 10)).toEqual([]);
  return c;
}

describe('sequenceAnomalies', () => {
  it('counts SYN, FIN and payload as the sequence space a segment occupies', () => {
    const { dir, send } = connection();
    send('client', 0, SYN | FIN, 3);
    expect(dir.client.next).toBe(5);
    send('server', 0, SYN | ACK);
    expect(dir.server.next).toBe(1);
  });

  it('finds nothing in the first segment of a direction, wherever it starts (a capture begun mid-stream)', () => {
    const { send } = connection();
    expect(send('client', 7, ACK | PSH, 10)).toEqual([]);
    expect(send('server', 3, ACK)).toEqual([]);
  });

  it('a gap, and the segment that fills it later, is out of order; data sent again is a retransmission', () => {
    const { send } = established();
    expect(send('client', 21, ACK, 10)).toEqual(['previous-segment-not-captured']); // 11..21 missing
    expect(send('client', 1, ACK, 10)).toEqual(['retransmission']); // ends where the gap starts
    expect(send('client', 21, ACK, 10)).toEqual(['retransmission']); // starts where the gap ends
    expect(send('client', 11, ACK, 10)).toEqual(['out-of-order']);
    expect(send('client', 11, ACK, 10)).toEqual(['retransmission']); // the gap is filled now
  });

  it('the last segment sent again is a retransmission; so are a SYN and a FIN sent again', () => {
    const { send } = established();
    expect(send('client', 1, ACK, 10)).toEqual(['retransmission']);
    expect(send('client', 11, FIN | ACK)).toEqual([]);
    expect(send('client', 11, FIN | ACK)).toEqual(['retransmission']);
    const fresh = connection();
    fresh.send('client', 0, SYN);
    expect(fresh.send('client', 0, SYN)).toEqual(['retransmission']);
  });

  it('a keep-alive is one sequence number below the next, with no data or one byte; older data sent again is not one', () => {
    const { send } = established();
    expect(send('client', 10, ACK)).toEqual(['keep-alive']);
    expect(send('client', 10, ACK, 1)).toEqual(['keep-alive']);
    expect(send('client', 10, ACK, 2)).toEqual([]); // one byte again, one new
    expect(send('client', 5, ACK, 1)).toEqual(['retransmission']);
  });

  it('an RST takes no sequence space: never a keep-alive or a retransmission', () => {
    const { send, dir } = established();
    expect(send('client', 10, RST | ACK)).toEqual([]);
    expect(send('client', 1, RST, 4)).toEqual([]);
    expect(dir.client.next).toBe(11);
  });

  it('a duplicate ACK repeats the last ACK and window, carries nothing, while the peer has data unacknowledged', () => {
    const { send } = established();
    send('server', 1, ACK | PSH, 20, { ack: 11 }); // the server sent 1..21
    expect(send('client', 11, ACK, 0, { ack: 5 })).toEqual([]);
    expect(send('client', 11, ACK, 0, { ack: 5 })).toEqual(['duplicate-ack']);
    expect(send('client', 11, ACK, 0, { ack: 5, window: 2000 })).toEqual([]); // a window update
    expect(send('client', 11, ACK, 4, { ack: 5, window: 2000 })).toEqual([]); // data, not an ACK alone
    expect(send('client', 15, ACK, 4, { ack: 5, window: 2000 })).toEqual([]);
    expect(send('client', 18, ACK, 0, { ack: 5, window: 2000 })).toEqual(['keep-alive']); // not also a duplicate ACK
  });

  it('the same ACK of everything the peer sent is no duplicate ACK', () => {
    const { send } = established();
    send('server', 1, ACK | PSH, 20, { ack: 11 });
    expect(send('client', 11, ACK, 0, { ack: 21 })).toEqual([]);
    expect(send('client', 11, ACK, 0, { ack: 21 })).toEqual([]);
  });

  it('a zero window is one only outside SYN, FIN and RST', () => {
    const { send } = established();
    expect(send('server', 1, ACK, 0, { window: 0 })).toEqual(['zero-window']);
    expect(send('server', 1, FIN | ACK, 0, { window: 0 })).toEqual([]);
  });
});
