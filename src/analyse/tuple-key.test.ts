// Connections told apart by all four fields of their 4-tuple, and both directions of one joined, in IPv4
// and IPv6: while they are all open at once, with equal ports on both ends, and with addresses that
// differ only in a middle byte.
import { describe, expect, it } from 'vitest';
import { ACK, Capture, Conversation } from '../../test/helpers/conversation.ts';
import { analyseCapture } from './analyse-capture.js';

const PAIRS: [string, number, string, number][] = [
  ['10.0.0.1', 179, '10.0.1.1', 179], // equal ports; the addresses differ in the third byte only
  ['10.0.0.1', 40000, '10.0.0.2', 80],
  ['10.0.0.1', 40000, '10.0.0.3', 80],
  ['2001:db8::1', 40000, '2001:db8::9', 80],
  ['2001:db8::2', 40000, '2001:db8::9', 80], // the lower address differs
  ['2001:db8::1', 40000, '2001:db8::8', 80], // the higher address differs
  ['2001:db8:0:1::1', 179, '2001:db8::1', 179], // equal ports, a middle byte differs
];

describe('tupleKey', () => {
  it('keeps every connection apart and both directions of each together, while all are open', () => {
    const capture = new Capture();
    const talks = PAIRS.map(([a, aPort, b, bPort], i) => new Conversation(capture, { ip: a, port: aPort, isn: 1000 * i }, { ip: b, port: bPort, isn: 5000 * i + 7 }));
    for (const talk of talks) talk.handshake();
    for (const talk of talks) talk.send('client', ACK, { len: 10 });
    for (const talk of talks.toReversed()) talk.fourWayClose('server');
    const connections = analyseCapture([capture.pcap()]).connections;
    expect(connections.map((c) => [c.client.ip, c.client.port, c.server.ip, c.server.port])).toEqual(PAIRS);
    expect(connections.map((c) => [c.packetCount, c.handshake.complete, c.outcome, c.bytes.client])).toEqual(PAIRS.map(() => [8, true, 'closed', 10]));
  });
});
