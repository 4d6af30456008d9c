// What the analyser concludes from conversations written segment by segment: each case is one rule of
// RFC 9293 (or of how Linux behaves) that a plausible slip in the analyser would break.
import { describe, expect, it } from 'vitest';
import { analyseCapture } from '../../src/analyse/analyse-capture.js';
import type { ConnectionReport } from '../../src/analyse/report-model.js';
import { ACK, Capture, Conversation, FIN, PSH, RST, SYN } from '../helpers/conversation.ts';

const CLIENT = { ip: '10.0.0.1', port: 40000, isn: 1_000 };
const SERVER = { ip: '10.0.0.2', port: 8899, isn: 5_000 };

function analyse(capture: Capture): ConnectionReport[] {
  const report = analyseCapture([capture.pcap()]);
  expect(report.capture.problems).toEqual([]);
  return report.connections;
}

function conversation(client = CLIENT, server = SERVER) {
  const capture = new Capture();
  return { capture, talk: new Conversation(capture, client, server) };
}

const states = (c: ConnectionReport) => c.packets!.map((p) => `${p.states.client}/${p.states.server}`);

describe('the handshake', () => {
  it('a SYN captured twice (same bytes, microseconds apart) is a duplicate, not a retransmission', () => {
    const { capture, talk } = conversation();
    talk.send('client', SYN);
    capture.repeatLast();
    talk.send('server', SYN | ACK);
    talk.send('client', ACK);
    const [c] = analyse(capture);
    expect(c!.handshake).toMatchObject({ complete: true, synRetransmissions: 0 });
    expect(c!.anomalies).toEqual({ duplicate: 1 });
    expect(c!.packets![1]).toMatchObject({ frame: 2, duplicateOf: 1 });
  });

  it('a data segment captured twice keeps its relative numbers in the copy, and counts once', () => {
    const { capture, talk } = conversation();
    talk.handshake();
    talk.send('client', ACK | PSH, { len: 10 });
    talk.send('server', ACK);
    talk.send('client', ACK | PSH, { len: 20 });
    capture.repeatLast();
    const [c] = analyse(capture);
    expect(c!.packets!.slice(5).map((p) => [p.frame, p.relSeq, p.relAck, p.len, p.anomalies, p.duplicateOf])).toEqual([
      [6, 11, 1, 20, [], undefined],
      [7, 11, 1, 20, ['duplicate'], 6],
    ]);
    expect([c!.bytes.client, c!.anomalies]).toEqual([30, { duplicate: 1 }]);
  });

  it('a SYN sent again with the same ISN a second later is a SYN retransmission', () => {
    const { capture, talk } = conversation();
    talk.send('client', SYN);
    talk.send('client', SYN, { seq: CLIENT.isn, after: 1 });
    talk.send('server', SYN | ACK);
    talk.send('client', ACK);
    const [c] = analyse(capture);
    expect(c!.handshake).toMatchObject({ complete: true, synRetransmissions: 1 });
    expect(c!.anomalies).toEqual({ retransmission: 1 });
  });

  it('is complete only when the final ACK acknowledges the server’s ISN + 1', () => {
    const { capture, talk } = conversation();
    talk.send('client', SYN);
    talk.send('server', SYN | ACK);
    talk.send('client', ACK, { ack: SERVER.isn }); // acknowledges the ISN itself, not the SYN
    const [c] = analyse(capture);
    expect(c!.handshake).toMatchObject({ complete: false, synAckAcknowledgesIsn: true, finalAckAcknowledgesIsn: false });
  });

  it('is not complete without a final ACK', () => {
    const { capture, talk } = conversation();
    talk.send('client', SYN);
    talk.send('server', SYN | ACK);
    const [c] = analyse(capture);
    expect(c!.handshake).toMatchObject({ complete: false, synAckAcknowledgesIsn: true, finalAckAcknowledgesIsn: null });
    expect(c!.outcome).toBe('open');
  });

  it('is not complete when the SYN-ACK does not acknowledge the client’s ISN + 1', () => {
    const { capture, talk } = conversation();
    talk.send('client', SYN);
    talk.send('server', SYN | ACK, { ack: CLIENT.isn + 2 });
    talk.send('client', ACK);
    const [c] = analyse(capture);
    expect(c!.handshake).toMatchObject({ complete: false, synAckAcknowledgesIsn: false });
  });
});

describe('roles', () => {
  it.each([
    [40000, 8080, 8080],
    [8080, 40000, 8080],
    [443, 50000, 443],
    [50000, 443, 443],
    [1023, 1024, 1023],
  ])('a connection seen mid-stream between ports %i and %i: the server is guessed at %i (well-known, else lower)', (a, b, serverPort) => {
    const capture = new Capture();
    const talk = new Conversation(capture, { ip: '10.0.0.1', port: a, isn: 1 }, { ip: '10.0.0.2', port: b, isn: 9 });
    talk.send('client', ACK | PSH, { len: 10 });
    talk.send('server', ACK);
    const [c] = analyse(capture);
    expect(c!.rolesGuessed).toBe(true);
    expect(c!.server.port).toBe(serverPort);
    expect(c!.client.port).toBe(serverPort === a ? b : a);
  });

  it.each([
    ['reset', RST | ACK],
    ['refused', RST | ACK],
  ] as const)('a SYN from the former server on the 4-tuple of a %s connection opens a new connection, the other way round', (outcome, rst) => {
    const { capture, talk } = conversation();
    talk.send('client', SYN);
    if (outcome === 'reset') {
      talk.send('server', SYN | ACK);
      talk.send('client', ACK);
    }
    talk.send('server', rst, outcome === 'refused' ? { seq: 0 } : {});
    const reverse = new Conversation(capture, { ...SERVER, isn: 70_000 }, { ...CLIENT, isn: 90_000 });
    reverse.handshake();
    const connections = analyse(capture);
    expect(connections.map((c) => [c.outcome, c.server.port, c.packetCount])).toEqual([
      [outcome, SERVER.port, outcome === 'reset' ? 4 : 2],
      ['open', CLIENT.port, 3],
    ]);
    expect(connections[1]!.handshake).toMatchObject({ complete: true, clientIsn: 70_000 });
  });

  it.each([
    ['only the client has closed', ['client', 'server']],
    ['only the server has closed', ['server', 'client']],
    ['both have sent their FIN, the last not yet acknowledged', ['client', 'server', 'server']],
  ] as const)('a SYN from the server on the 4-tuple of a connection that %s belongs to it (it lives on)', (_, senders) => {
    const { capture, talk } = conversation();
    talk.handshake();
    senders.forEach((side, i) => talk.send(side, i === 1 ? ACK : FIN | ACK));
    talk.send('server', SYN, { seq: SERVER.isn });
    const connections = analyse(capture);
    expect(connections.map((c) => [c.packetCount, c.outcome])).toEqual([[4 + senders.length, 'open']]);
  });

  it('the sender of a SYN-ACK is the server, even when the SYN was not captured', () => {
    const { capture, talk } = conversation();
    talk.send('server', SYN | ACK, { ack: CLIENT.isn + 1 });
    talk.send('client', ACK);
    const [c] = analyse(capture);
    expect([c!.rolesGuessed, c!.client.port, c!.server.port]).toEqual([false, CLIENT.port, SERVER.port]);
  });
});

describe('the teardown', () => {
  it('four-way: FIN, ACK, FIN, ACK; the initiator passes FIN-WAIT-2 into TIME-WAIT', () => {
    const { capture, talk } = conversation();
    talk.handshake();
    const [fin1, ack1, fin2, ack2] = talk.fourWayClose('client');
    const [c] = analyse(capture);
    expect(c!.teardown).toMatchObject({ kind: 'four-way', initiator: 'client', halfClose: false });
    expect(c!.teardown.fins).toEqual([
      expect.objectContaining({ side: 'client', frame: fin1, seq: CLIENT.isn + 1, ackFrame: ack1 }),
      expect.objectContaining({ side: 'server', frame: fin2, seq: SERVER.isn + 1, ackFrame: ack2 }),
    ]);
    expect([c!.outcome, c!.timeWait]).toEqual(['closed', 'client']);
    expect(states(c!).slice(3)).toEqual(['FIN-WAIT-1/CLOSE-WAIT', 'FIN-WAIT-2/CLOSE-WAIT', 'TIME-WAIT/LAST-ACK', 'TIME-WAIT/CLOSED']);
  });

  it('three-way: the passive side’s first acknowledgement of the FIN carries its own FIN', () => {
    const { capture, talk } = conversation();
    talk.handshake();
    talk.send('server', FIN | ACK);
    talk.send('client', FIN | ACK);
    talk.send('server', ACK);
    const [c] = analyse(capture);
    expect(c!.teardown).toMatchObject({ kind: 'three-way', initiator: 'server' });
    expect([c!.outcome, c!.timeWait]).toEqual(['closed', 'server']);
  });

  it('an ACK of the FIN’s own sequence number does not acknowledge the FIN (that takes seq + 1)', () => {
    const { capture, talk } = conversation();
    talk.handshake();
    const finSeq = talk.nextSeq('client');
    talk.send('client', FIN | ACK);
    talk.send('server', ACK, { ack: finSeq });
    const [c] = analyse(capture);
    expect(c!.teardown.fins).toEqual([expect.objectContaining({ side: 'client', seq: finSeq, ackFrame: null })]);
    expect(c!.packets!.at(-1)!.states.client).toBe('FIN-WAIT-1');
    expect(c!.outcome).toBe('open');
  });

  it('half-close: the passive side keeps sending data after the first FIN', () => {
    const { capture, talk } = conversation();
    talk.handshake();
    talk.send('server', FIN | ACK);
    talk.send('client', ACK);
    talk.send('client', ACK | PSH, { len: 100, after: 0.2 });
    talk.send('server', ACK);
    talk.send('client', FIN | ACK);
    talk.send('server', ACK);
    const [c] = analyse(capture);
    expect(c!.teardown).toMatchObject({ kind: 'four-way', initiator: 'server', halfClose: true });
    expect(c!.bytes).toEqual({ client: 100, server: 0 });
  });

  it('reset: the first RST ends it, and is the one reported', () => {
    const { capture, talk } = conversation();
    talk.handshake();
    const firstRst = talk.send('server', RST | ACK);
    talk.send('server', RST, { after: 0.01 });
    const [c] = analyse(capture);
    expect(c!.teardown).toMatchObject({ kind: 'reset', initiator: 'server', rst: { frame: firstRst, from: 'server' } });
    expect([c!.outcome, c!.timeWait]).toEqual(['reset', null]);
  });

  it('refused: the server answers the client’s SYN with an RST', () => {
    const { capture, talk } = conversation();
    talk.send('client', SYN);
    talk.send('server', RST | ACK, { seq: 0 });
    const [c] = analyse(capture);
    expect([c!.outcome, c!.teardown.kind, c!.handshake.complete]).toEqual(['refused', 'reset', false]);
  });

  it('a client that gives up its own SYN with an RST is a reset by the client, not a refusal', () => {
    const { capture, talk } = conversation();
    talk.send('client', SYN);
    talk.send('client', RST, { seq: CLIENT.isn + 1 });
    const [c] = analyse(capture);
    expect([c!.outcome, c!.teardown.initiator]).toEqual(['reset', 'client']);
  });

  it('a capture that starts mid-stream, then a SYN answered by an RST: a reset, not a refusal (the capture did not see the server not listening)', () => {
    const { capture, talk } = conversation();
    talk.send('client', ACK | PSH, { len: 10 });
    talk.send('client', SYN, { seq: CLIENT.isn });
    talk.send('server', RST | ACK, { seq: 0, ack: CLIENT.isn + 1 });
    const [c] = analyse(capture);
    expect([c!.outcome, c!.teardown.initiator]).toEqual(['reset', 'server']);
  });

  it('a server RST with no SYN captured before it is a reset, not a refusal (nothing shows a connection was asked for)', () => {
    const { capture, talk } = conversation();
    talk.send('server', RST | ACK, { seq: 0, ack: CLIENT.isn + 1 });
    const [c] = analyse(capture);
    expect(c!.outcome).toBe('reset');
  });
});

describe('sequence numbers that wrap', () => {
  it('a FIN that occupies sequence number 0 (the ISN was 2^32 - 1) closes the connection like any other', () => {
    const { capture, talk } = conversation({ ...CLIENT, isn: 0xffff_ffff });
    talk.handshake();
    const [fin] = talk.fourWayClose('client');
    const reverse = new Conversation(capture, { ...SERVER, isn: 70_000 }, { ...CLIENT, isn: 90_000 });
    reverse.send('client', SYN);
    const connections = analyse(capture);
    expect(connections[0]!.teardown.fins[0]).toMatchObject({ side: 'client', frame: fin, seq: 0 });
    expect(connections.map((c) => [c.outcome, c.timeWait, c.packetCount])).toEqual([
      ['closed', 'client', 7],
      ['open', null, 1],
    ]);
  });
});

describe('numbers', () => {
  it('gives the duration with its fraction of a second', () => {
    const { capture, talk } = conversation();
    talk.send('client', SYN);
    talk.send('server', SYN | ACK, { after: 0.25 });
    talk.send('client', ACK, { after: 1 });
    expect(analyse(capture)[0]!.durationSeconds).toBeCloseTo(1.25, 9);
  });

  it('scales each side’s window by the shift that side announced in its own SYN', () => {
    const { capture, talk } = conversation();
    talk.send('client', SYN, { options: [3, 3, 7, 1] }); // WS 7
    talk.send('server', SYN | ACK, { options: [3, 3, 2, 1] }); // WS 2
    talk.send('client', ACK, { window: 100 });
    talk.send('server', ACK | PSH, { len: 10, window: 100 });
    const [c] = analyse(capture);
    expect(c!.packets!.slice(2).map((p) => [p.from, p.window, p.windowScaled])).toEqual([['client', 100, 12_800], ['server', 100, 400]]);
  });

  it('scales no window when only the server’s SYN carried the option (RFC 7323: both must), and none is known without the client’s SYN', () => {
    const { capture, talk } = conversation();
    talk.send('client', SYN);
    talk.send('server', SYN | ACK, { options: [3, 3, 7, 1] }); // WS 7
    talk.send('client', ACK, { window: 100 });
    talk.send('server', ACK | PSH, { len: 10, window: 100 });
    expect(analyse(capture)[0]!.packets!.slice(2).map((p) => p.windowScaled)).toEqual([100, 100]);
    const late = conversation();
    late.talk.send('server', SYN | ACK, { options: [3, 3, 7, 1], ack: CLIENT.isn + 1 });
    late.talk.send('client', ACK, { window: 100 });
    late.talk.send('server', ACK | PSH, { len: 10, window: 100 });
    expect(analyse(late.capture)[0]!.packets!.slice(1).map((p) => p.windowScaled)).toEqual([null, null]);
  });

  it('recognises a zero-length keep-alive (one byte below the next sequence number) and one carrying a byte', () => {
    const { capture, talk } = conversation();
    talk.handshake();
    talk.send('client', ACK | PSH, { len: 50 });
    talk.send('server', ACK);
    const next = talk.nextSeq('client');
    talk.send('client', ACK, { seq: next - 1, after: 7200 });
    talk.send('server', ACK);
    talk.send('client', ACK, { seq: next - 1, len: 1, after: 75 });
    const [c] = analyse(capture);
    expect(c!.packets!.map((p) => p.anomalies)).toEqual([[], [], [], [], [], ['keep-alive'], [], ['keep-alive']]);
    expect(c!.anomalies).toEqual({ 'keep-alive': 2 });
  });
});
