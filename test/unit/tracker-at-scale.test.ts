// The connection tracker over more packets than one sweep (it forgets ended connections every 4,096
// packets, once they have been quiet for their linger time), with the cases a sweep can get wrong: a port
// reused with a new ISN, a FIN resent while the connection lingers, and a SYN from the former server on a
// finished 4-tuple; and a half-closed connection that stays open through every sweep.
import { describe, expect, it } from 'vitest';
import { analyseCapture } from '../../src/analyse/analyse-capture.js';
import type { ConnectionReport } from '../../src/analyse/report-model.js';
import { ACK, Capture, Conversation, FIN, PSH } from '../helpers/conversation.ts';

const SERVER_IP = '10.0.0.2';

interface Expected {
  client: string;
  server: string;
  packetCount: number;
  outcome: ConnectionReport['outcome'];
  kind: string | null;
  retransmissions: number;
}

/** A connection from the client port to the server port: handshake, a request and its answer, four-way close. */
function exchange(capture: Capture, clientPort: number, serverPort: number, isn: number): Conversation {
  const talk = new Conversation(capture, { ip: '10.0.0.1', port: clientPort, isn }, { ip: SERVER_IP, port: serverPort, isn: isn + 77_777 });
  talk.handshake();
  talk.send('client', ACK | PSH, { len: 20 });
  talk.send('server', ACK | PSH, { len: 200 });
  talk.fourWayClose('client');
  return talk;
}

function build() {
  const capture = new Capture();
  const expected: Expected[] = [];
  const plain = (clientPort: number) => ({ client: `10.0.0.1:${clientPort}`, server: `${SERVER_IP}:80`, packetCount: 9, outcome: 'closed' as const, kind: 'four-way', retransmissions: 0 });

  // 1. Port 50000 ends; 2 s later its server resends its FIN (its ACK was lost): the old connection's.
  const lingering = exchange(capture, 50000, 80, 10_000);
  // 5 (its start). A half-close: the server closes its side at once, the client keeps its side open
  // through every sweep and closes it at the end of the capture.
  const halfClosed = new Conversation(capture, { ip: '10.0.0.1', port: 40000, isn: 4_000 }, { ip: SERVER_IP, port: 80, isn: 8_000 });
  halfClosed.handshake();
  halfClosed.send('server', FIN | ACK);
  halfClosed.send('client', ACK);
  // Enough traffic in between that a sweep (every 4,096 packets) falls inside the linger time.
  let port = 30000;
  while (capture.frameCount < 4200) {
    exchange(capture, port, 80, port * 1000);
    expected.push(plain(port++));
  }
  lingering.send('server', FIN | ACK, { seq: lingering.nextSeq('server') - 1, after: 0.01 });
  lingering.send('client', ACK);
  expected.unshift({ ...plain(50000), packetCount: 11, retransmissions: 1 }, { ...plain(40000), packetCount: 9 });

  // 2. Port 30000 reused by a new connection (new ISN) while the first one still lingers.
  exchange(capture, 30000, 80, 999_000_000);
  expected.push(plain(30000));

  // 3. The former server (port 80) opens a connection to the client's port 30001 on the finished 4-tuple.
  const reverse = new Conversation(capture, { ip: SERVER_IP, port: 80, isn: 123 }, { ip: '10.0.0.1', port: 30001, isn: 456 });
  reverse.handshake();
  reverse.fourWayClose('server');
  expected.push({ client: `${SERVER_IP}:80`, server: '10.0.0.1:30001', packetCount: 7, outcome: 'closed', kind: 'four-way', retransmissions: 0 });

  // 4. Ten quiet seconds (past every linger time), then more traffic, so that the next sweep emits
  // everything above before the end of the file.
  capture.pause(10);
  for (let i = 0; i < 500; i++) {
    exchange(capture, port, 80, port * 1000);
    expected.push(plain(port++));
  }
  // 5 (its end).
  halfClosed.send('client', ACK | PSH, { len: 20 });
  halfClosed.send('server', ACK);
  halfClosed.send('client', FIN | ACK);
  halfClosed.send('server', ACK);
  return { pcap: capture.pcap(), expected, packets: capture.frameCount };
}

const summary = (c: ConnectionReport): Expected => ({
  client: `${c.client.ip}:${c.client.port}`,
  server: `${c.server.ip}:${c.server.port}`,
  packetCount: c.packetCount,
  outcome: c.outcome,
  kind: c.teardown.kind,
  retransmissions: c.anomalies.retransmission ?? 0,
});

describe('the connection tracker at scale', () => {
  const { pcap, expected, packets } = build();

  it('splits more than 4,096 packets into the right connections, in order of their first packet', () => {
    const report = analyseCapture([pcap]);
    expect(packets).toBeGreaterThan(4096 + 4500);
    expect(report.capture.tcpPackets).toBe(packets);
    expect(report.connections.map((c) => c.index)).toEqual(expected.map((_, i) => i));
    expect(report.connections.map(summary)).toEqual(expected);
    expect(report.connections.every((c) => !c.rolesGuessed && c.handshake.complete)).toBe(true);
  });

  it('streams each connection once, with the same verdicts, also in a brief report (no packet lists)', () => {
    const streamed: ConnectionReport[] = [];
    // Read 16 KiB at a time: the connections that ended before the quiet ten seconds are handed on while
    // the capture is still being read (at the next sweep), not kept until its end.
    const chunkCount = Math.ceil(pcap.length / 16384);
    let read = 0;
    function* chunks() {
      for (; read < chunkCount; read++) yield pcap.subarray(read * 16384, (read + 1) * 16384);
    }
    let beforeTheLastChunk = 0;
    const onConnection = (c: ConnectionReport) => {
      streamed.push(c);
      if (read < chunkCount - 1) beforeTheLastChunk++;
    };
    analyseCapture(chunks(), { brief: true, onConnection });
    expect(beforeTheLastChunk).toBe(expected.length - 500 - 1); // the last 500 and the half-closed one end at the end
    expect(streamed.every((c) => c.packets === undefined)).toBe(true);
    expect(streamed.map((c) => c.index).sort((a, b) => a - b)).toEqual(expected.map((_, i) => i));
    expect(streamed.sort((a, b) => a.index - b.index).map(summary)).toEqual(expected);
  });
});
