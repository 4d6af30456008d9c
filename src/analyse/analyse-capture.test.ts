// The analyser on sequences built byte by byte: cases the corpus does not hold.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { F, pcapFile, tcpFrame, type SegmentSpec } from '../../test/helpers/frames.ts';
import { contradictions } from '../../test/helpers/report-consistency.ts';
import { SERVER as S, analyseSegments as analyse, fromClient as c, fromServer as s } from '../../test/helpers/segments.ts';
import { analyseCapture } from './analyse-capture.js';

const HANDSHAKE = [c(100, 0, F.SYN), s(500, 101, F.SYN | F.ACK), c(101, 501, F.ACK)];

describe('analyseCapture', () => {
  it('starts a new connection when a port is reused with a new ISN', () => {
    const close = [c(101, 501, F.FIN | F.ACK), s(501, 102, F.FIN | F.ACK), c(102, 502, F.ACK)];
    const report = analyse([...HANDSHAKE, ...close, c(9000, 0, F.SYN), s(7000, 9001, F.SYN | F.ACK), c(9001, 7001, F.ACK)]);
    expect(report.connections.map((k) => [k.handshake.clientIsn, k.packetCount, k.outcome])).toEqual([
      [100, 6, 'closed'],
      [9000, 3, 'open'],
    ]);
    expect(report.connections[0]!.teardown).toMatchObject({ kind: 'three-way', initiator: 'client' });
  });

  it('keeps a simultaneous open (both sides send a SYN) as one connection', () => {
    const report = analyse([c(100, 0, F.SYN), s(500, 0, F.SYN), c(100, 501, F.SYN | F.ACK), s(500, 101, F.SYN | F.ACK)]);
    expect(report.connections).toHaveLength(1);
    expect(report.connections[0]!.packets!.at(-1)!.states).toEqual({ client: 'ESTABLISHED', server: 'ESTABLISHED' });
  });

  it('a final ACK the server never received: it stays SYN-RECEIVED, sends its SYN-ACK again, and the ACK of that copy completes the handshake', () => {
    const k = analyse([...HANDSHAKE, s(500, 101, F.SYN | F.ACK), c(101, 501, F.ACK), c(101, 501, F.PSH | F.ACK, 5), s(501, 106, F.ACK)]).connections[0]!;
    expect(k.packets!.map((p) => `${p.states.client}/${p.states.server}${p.lost ? ' lost' : ''}`)).toEqual([
      'SYN-SENT/SYN-RECEIVED',
      'ESTABLISHED/SYN-RECEIVED',
      'ESTABLISHED/SYN-RECEIVED lost',
      'ESTABLISHED/SYN-RECEIVED',
      'ESTABLISHED/ESTABLISHED',
      'ESTABLISHED/ESTABLISHED',
      'ESTABLISHED/ESTABLISHED',
    ]);
    expect(k.handshake).toMatchObject({ complete: true, synAck: 2, finalAck: 5, lostFinalAck: 3 });
    expect(k.transitions!.server.map((t) => [t.state, t.frame])).toContainEqual(['ESTABLISHED', 5]);
  });

  it('a full accept queue: the server drops the final ACK and the request behind it, stays in SYN-RECEIVED and sends its SYN-ACK again', () => {
    const k = analyse([...HANDSHAKE, c(101, 501, F.PSH | F.ACK, 5), s(500, 101, F.SYN | F.ACK), c(101, 501, F.ACK), c(101, 501, F.PSH | F.ACK, 5), s(501, 106, F.ACK)]).connections[0]!;
    expect(k.packets!.map((p) => `${p.states.client}/${p.states.server}${p.lost ? ' lost' : ''}`)).toEqual([
      'SYN-SENT/SYN-RECEIVED',
      'ESTABLISHED/SYN-RECEIVED',
      'ESTABLISHED/SYN-RECEIVED lost',
      'ESTABLISHED/SYN-RECEIVED lost',
      'ESTABLISHED/SYN-RECEIVED',
      'ESTABLISHED/ESTABLISHED',
      'ESTABLISHED/ESTABLISHED',
      'ESTABLISHED/ESTABLISHED',
    ]);
    expect(k.handshake).toMatchObject({ complete: true, synAck: 2, finalAck: 6, lostFinalAck: 3 });
  });

  it('a final ACK the server answers with anything but its SYN-ACK arrived: the server is ESTABLISHED from it', () => {
    const k = analyse([...HANDSHAKE, c(101, 501, F.PSH | F.ACK, 5), s(501, 106, F.ACK)]).connections[0]!;
    expect(k.packets!.map((p) => `${p.states.client}/${p.states.server}${p.lost ? ' lost' : ''}`)[2]).toBe('ESTABLISHED/ESTABLISHED');
    expect(k.handshake).toMatchObject({ finalAck: 3, lostFinalAck: null });
  });

  it('takes the roles from a SYN-ACK when the SYN was not captured', () => {
    const [c0] = analyse([s(500, 101, F.SYN | F.ACK), c(101, 501, F.ACK)]).connections;
    expect([c0!.client.ip, c0!.rolesGuessed, c0!.handshake.serverIsn]).toEqual(['10.0.0.1', false, 500]);
  });

  it('guesses the roles mid-stream: the lower or well-known port is the server', () => {
    const report = analyse([{ ...S, sport: 443, dport: 50000, seq: 1, ack: 1, flags: F.ACK | F.PSH, payload: Buffer.alloc(10) }]);
    expect(report.connections[0]).toMatchObject({ rolesGuessed: true, server: { port: 443 }, client: { port: 50000 } });
  });

  it('counts a FIN that carries data, and acknowledges it at seq + len + 1', () => {
    const report = analyse([...HANDSHAKE, s(501, 101, F.FIN | F.PSH | F.ACK, 20), c(101, 522, F.ACK), c(101, 522, F.FIN | F.ACK), s(522, 102, F.ACK)]);
    const k = report.connections[0]!;
    expect(k.teardown).toMatchObject({ kind: 'four-way', initiator: 'server', fins: [{ side: 'server', seq: 521, ackFrame: 5 }, { side: 'client', seq: 101, ackFrame: 7 }] });
    expect([k.bytes.server, k.outcome, k.timeWait]).toEqual([20, 'closed', 'server']);
  });

  it('keeps a closed connection closed when an RST follows the teardown, and lets it end TIME-WAIT early', () => {
    // The server closed first and waits in TIME-WAIT; the client's RST (frame 8) ends that early, as Linux does.
    const report = analyse([...HANDSHAKE, s(501, 101, F.FIN | F.ACK), c(101, 502, F.ACK), c(101, 502, F.FIN | F.ACK), s(502, 102, F.ACK), c(102, 0, F.RST)]);
    const k = report.connections[0]!;
    expect(k).toMatchObject({ outcome: 'closed', timeWait: null, timeWaitEndedEarly: { side: 'server', rstFrame: 8 }, teardown: { kind: 'four-way', initiator: 'server', rst: { frame: 8, from: 'client' } } });
    expect(k.packets!.map((p) => `${p.states.client}/${p.states.server}`).slice(-2)).toEqual(['CLOSED/TIME-WAIT', 'CLOSED/CLOSED']);
  });

  it('calls an RST during the handshake a reset by its sender, not a refusal', () => {
    const report = analyse([c(100, 0, F.SYN), s(500, 101, F.SYN | F.ACK), c(101, 0, F.RST)]);
    expect(report.connections[0]).toMatchObject({ outcome: 'reset', timeWait: null, teardown: { kind: 'reset', initiator: 'client' } });
  });

  it('leaves the teardown open when only one FIN was sent', () => {
    const report = analyse([...HANDSHAKE, c(101, 501, F.FIN | F.ACK), s(501, 102, F.ACK)]);
    expect(report.connections[0]).toMatchObject({ outcome: 'open', timeWait: null, teardown: { kind: null, initiator: 'client' } });
    expect(report.connections[0]!.packets!.at(-1)!.states).toEqual({ client: 'FIN-WAIT-2', server: 'CLOSE-WAIT' });
  });

  it('annotates retransmissions, gaps, out-of-order segments, duplicate ACKs and zero windows', () => {
    const report = analyse([
      ...HANDSHAKE,
      c(101, 501, F.ACK | F.PSH, 100), // 4
      c(301, 501, F.ACK | F.PSH, 100), // 5: 201-300 was not captured
      s(501, 201, F.ACK), // 6
      s(501, 201, F.ACK), // 7: duplicate ACK
      c(201, 501, F.ACK | F.PSH, 100), // 8: fills the gap
      c(101, 501, F.ACK | F.PSH, 100), // 9: sent again
      { ...s(501, 401, F.ACK), window: 0 }, // 10
    ]);
    const notes = Object.fromEntries(report.connections[0]!.packets!.filter((p) => p.anomalies.length).map((p) => [p.frame, p.anomalies]));
    expect(notes).toEqual({ 5: ['previous-segment-not-captured'], 7: ['duplicate-ack'], 8: ['out-of-order'], 9: ['retransmission'], 10: ['zero-window'] });
    expect(report.connections[0]!.bytes.client).toBe(300); // highest sequence 401 - (ISN 100 + 1)
  });

  it('reports relative numbers from the ISNs and keeps raw ones unsigned across the 2^32 wrap', () => {
    const report = analyse([c(0xfffffffe, 0, F.SYN), s(500, 0xffffffff, F.SYN | F.ACK), c(0xffffffff, 501, F.ACK), c(0xffffffff, 501, F.ACK | F.PSH, 10), s(501, 9, F.ACK)]);
    const packets = report.connections[0]!.packets!;
    expect(packets.map((p) => [p.seq, p.relSeq, p.relAck])).toEqual([
      [0xfffffffe, 0, 0],
      [500, 0, 1],
      [0xffffffff, 1, 1],
      [0xffffffff, 1, 1],
      [501, 1, 11],
    ]);
    expect(report.connections[0]!.handshake).toMatchObject({ complete: true, synAckAcknowledgesIsn: true, finalAckAcknowledgesIsn: true });
  });

  it('shows ISNs, FINs and acknowledgement numbers from the upper half of the space unsigned (kept signed inside)', () => {
    const report = analyse([
      c(0xfffffffe, 0, F.SYN),
      s(0x80000000, 0xffffffff, F.SYN | F.ACK),
      c(0xffffffff, 0x80000001, F.ACK),
      c(0xffffffff, 0x80000001, F.FIN | F.ACK),
      s(0x80000001, 0, F.FIN | F.ACK),
      c(0, 0x80000002, F.ACK),
    ]);
    const k = report.connections[0]!;
    expect(k.handshake).toMatchObject({ clientIsn: 0xfffffffe, serverIsn: 0x80000000, complete: true });
    expect(k.teardown.fins.map((f) => [f.side, f.seq, f.ackFrame])).toEqual([['client', 0xffffffff, 5], ['server', 0x80000001, 6]]);
    expect(k.packets!.map((p) => [p.seq, p.ack])).toEqual([
      [0xfffffffe, 0],
      [0x80000000, 0xffffffff],
      [0xffffffff, 0x80000001],
      [0xffffffff, 0x80000001],
      [0x80000001, 0],
      [0, 0x80000002],
    ]);
    expect(k.outcome).toBe('closed');
  });

  it('scales windows only when both SYNs carried window scale', () => {
    const ws = [1, 3, 3, 7];
    const report = analyse([{ ...c(100, 0, F.SYN), options: ws }, { ...s(500, 101, F.SYN | F.ACK), options: ws }, { ...c(101, 501, F.ACK), window: 502 }]);
    expect(report.connections[0]!.packets!.map((p) => p.windowScaled)).toEqual([64240, 64240, 502 * 128]);
    const oneSided = analyse([{ ...c(100, 0, F.SYN), options: ws }, s(500, 101, F.SYN | F.ACK), { ...c(101, 501, F.ACK), window: 502 }]);
    expect(oneSided.connections[0]!.packets!.at(-1)!.windowScaled).toBe(502);
  });
});

describe('analyseCapture: what the capture does not show directly', () => {
  const rows = (report: ReturnType<typeof analyse>) => report.connections[0]!.packets!.map((p) => `${p.states.client}/${p.states.server}${p.lost ? ' lost' : ''}`);

  /** The timestamps option (kind 8), padded with two NOPs as Linux sends it. */
  const ts = (tsval: number, tsecr: number) => [1, 1, 8, 10, ...[tsval, tsecr].flatMap((v) => [v >>> 24, (v >>> 16) & 0xff, (v >>> 8) & 0xff, v & 0xff])];
  const withTs = (spec: SegmentSpec, tsval: number, tsecr: number): SegmentSpec => ({ ...spec, options: ts(tsval, tsecr) });

  it('takes a SYN sent again as lost when the SYN-ACK echoes the later copy’s TSval: the server stayed in LISTEN', () => {
    const report = analyse([withTs(c(100, 0, F.SYN), 1000, 0), withTs(c(100, 0, F.SYN), 2000, 0), withTs(s(500, 101, F.SYN | F.ACK), 7000, 2000), withTs(c(101, 501, F.ACK), 2001, 7000)]);
    expect(rows(report)).toEqual(['SYN-SENT/LISTEN lost', 'SYN-SENT/SYN-RECEIVED', 'ESTABLISHED/SYN-RECEIVED', 'ESTABLISHED/ESTABLISHED']);
    expect(report.connections[0]!.handshake).toMatchObject({ syn: 2, synAck: 3, finalAck: 4, synRetransmissions: 1, complete: true });
  });

  it('takes a SYN sent again as arrived when the SYN-ACK echoes its own TSval: the SYN-ACK was lost (a capture at the client)', () => {
    const report = analyse([withTs(c(100, 0, F.SYN), 1000, 0), withTs(c(100, 0, F.SYN), 2000, 0), withTs(s(500, 101, F.SYN | F.ACK), 7000, 1000), withTs(c(101, 501, F.ACK), 2001, 7000)]);
    expect(rows(report)).toEqual(['SYN-SENT/SYN-RECEIVED', 'SYN-SENT/SYN-RECEIVED', 'ESTABLISHED/SYN-RECEIVED', 'ESTABLISHED/ESTABLISHED']);
    expect(report.connections[0]!.handshake).toMatchObject({ syn: 1, synAck: 3, synRetransmissions: 1 });
  });

  it('claims no loss for a SYN sent again without timestamps: nothing the server did says which copy it got', () => {
    const report = analyse([c(100, 0, F.SYN), c(100, 0, F.SYN), s(500, 101, F.SYN | F.ACK), c(101, 501, F.ACK)]);
    expect(rows(report)).toEqual(['SYN-SENT/SYN-RECEIVED', 'SYN-SENT/SYN-RECEIVED', 'ESTABLISHED/SYN-RECEIVED', 'ESTABLISHED/ESTABLISHED']);
    expect(report.connections[0]!.handshake).toMatchObject({ syn: 2, synAck: 3, finalAck: 4, synRetransmissions: 1, complete: true });
  });

  it('takes that SYN as lost in a capture taken at the server (a lab’s): the server would have answered in it', () => {
    const segments = [c(100, 0, F.SYN), c(100, 0, F.SYN), s(500, 101, F.SYN | F.ACK), c(101, 501, F.ACK)];
    const report = analyseCapture([pcapFile(segments.map((segment, i) => ({ sec: 1000, frac: i * 10_000, data: tcpFrame(segment) })))], { capturedAtServer: true });
    expect(rows(report)).toEqual(['SYN-SENT/LISTEN lost', 'SYN-SENT/SYN-RECEIVED', 'ESTABLISHED/SYN-RECEIVED', 'ESTABLISHED/ESTABLISHED']);
  });

  it('claims no loss for a FIN sent again when the receiver said nothing between (its ACK may be what was lost)', () => {
    const report = analyse([...HANDSHAKE, c(101, 501, F.FIN | F.ACK), c(101, 501, F.FIN | F.ACK), s(501, 102, F.ACK)]);
    expect(rows(report).slice(3)).toEqual(['FIN-WAIT-1/CLOSE-WAIT', 'FIN-WAIT-1/CLOSE-WAIT', 'FIN-WAIT-2/CLOSE-WAIT']);
  });

  it('delivers a FIN after a segment of the receiver that does not acknowledge it: the FINs crossed', () => {
    const report = analyse([...HANDSHAKE, c(101, 501, F.FIN | F.ACK), s(501, 101, F.FIN | F.ACK), s(502, 102, F.ACK), c(102, 502, F.ACK)]);
    expect(rows(report).slice(3)).toEqual(['FIN-WAIT-1/ESTABLISHED', 'CLOSING/CLOSING', 'TIME-WAIT/CLOSING', 'TIME-WAIT/TIME-WAIT']);
    expect(report.connections[0]).toMatchObject({ timeWait: 'both', outcome: 'closed', teardown: { kind: 'simultaneous', initiator: 'both' } });
  });

  it('draws a refused connection with the server CLOSED throughout', () => {
    const report = analyse([c(100, 0, F.SYN), s(0, 101, F.RST | F.ACK)]);
    expect(rows(report)).toEqual(['SYN-SENT/CLOSED', 'CLOSED/CLOSED']);
    expect(report.connections[0]).toMatchObject({ outcome: 'refused', teardown: { kind: 'reset', initiator: 'server', rst: { frame: 2, from: 'server' } } });
  });

  it('reports a capture that starts at the SYN-ACK as a partial handshake, each frame in its own role', () => {
    const report = analyse([s(500, 101, F.SYN | F.ACK), c(101, 501, F.ACK), c(101, 501, F.ACK | F.PSH, 5), s(501, 106, F.ACK | F.PSH, 5)]);
    const k = report.connections[0]!;
    expect(k.handshake).toMatchObject({ syn: null, synAck: 1, finalAck: 2, complete: false, clientIsn: null, serverIsn: 500 });
    expect(rows(report)).toEqual(['ESTABLISHED/SYN-RECEIVED', 'ESTABLISHED/ESTABLISHED', 'ESTABLISHED/ESTABLISHED', 'ESTABLISHED/ESTABLISHED']);
  });

  it('infers the handshake from a segment that acknowledges without a SYN when the SYN-ACK is missing', () => {
    const report = analyse([c(100, 0, F.SYN), c(101, 501, F.ACK | F.PSH, 5), s(501, 106, F.ACK)]);
    expect(rows(report)).toEqual(['SYN-SENT/SYN-RECEIVED', 'ESTABLISHED/ESTABLISHED', 'ESTABLISHED/ESTABLISHED']);
  });

  const cookie = [34, 10, 1, 2, 3, 4, 5, 6, 7, 8];
  it('completes a Fast Open handshake whose SYN-ACK accepts the SYN’s data, counting bytes from ISN + 1', () => {
    const report = analyse([{ ...c(100, 0, F.SYN, 10), options: cookie }, s(500, 111, F.SYN | F.ACK), c(111, 501, F.ACK)]);
    const k = report.connections[0]!;
    expect(k.handshake).toMatchObject({ complete: true, synAckAcknowledgesIsn: true, fastOpen: { cookie: 'presented', synData: 10, dataAccepted: true, cookieGranted: false } });
    expect(k.bytes.client).toBe(10);
  });

  it('completes a Fast Open handshake whose server refuses the data: the client sends it again', () => {
    const report = analyse([{ ...c(100, 0, F.SYN, 10), options: cookie }, s(500, 101, F.SYN | F.ACK), c(101, 501, F.ACK), c(101, 501, F.ACK | F.PSH, 10)]);
    const k = report.connections[0]!;
    expect(k.handshake).toMatchObject({ complete: true, fastOpen: { dataAccepted: false, synData: 10 } });
    expect([k.bytes.client, k.anomalies.retransmission]).toEqual([10, 1]);
  });

  it('reads the experimental Fast Open option (254, magic 0xF989) and a cookie granted in the SYN-ACK', () => {
    const report = analyse([{ ...c(100, 0, F.SYN), options: [254, 4, 0xf9, 0x89] }, { ...s(500, 101, F.SYN | F.ACK), options: [254, 12, 0xf9, 0x89, 1, 2, 3, 4, 5, 6, 7, 8] }, c(101, 501, F.ACK)]);
    expect(report.connections[0]!.handshake.fastOpen).toEqual({ cookie: 'requested', cookieGranted: true, synData: 0, dataAccepted: null });
  });
});

describe('analyseCapture: what it could not read', () => {
  const ethernet = (ethertype: number, body: Buffer) => Buffer.concat([Buffer.alloc(12, 0x02), Buffer.from([ethertype >> 8, ethertype & 0xff]), body]);
  const frames = (data: Buffer[]) => pcapFile(data.map((d, i) => ({ sec: 1000, frac: i, data: d })));

  it('lists the first 100 packets it could not decode, and counts every one', () => {
    const truncatedIp = ethernet(0x0800, Buffer.from([0x45, 0, 0, 40]));
    const report = analyseCapture([frames(Array.from({ length: 102 }, () => truncatedIp))]);
    expect(report.capture.problems.map((p) => p.frame)).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
    expect(report.capture.warnings).toContainEqual({ code: 'packetsNotDecoded', count: 102 });
  });

  it('counts each encapsulation it does not decode on its own, from its first frame', () => {
    const mpls = ethernet(0x8847, Buffer.alloc(20));
    const nsh = ethernet(0x894f, Buffer.alloc(20));
    const report = analyseCapture([frames([mpls, nsh, mpls, nsh, nsh])]);
    expect(report.capture.notDecoded).toEqual([
      { field: 'ethertype', value: 0x8847, name: 'MPLS', frames: 2, firstFrame: 1 },
      { field: 'ethertype', value: 0x894f, name: 'NSH', frames: 3, firstFrame: 2 },
    ]);
  });
});

describe('analyseCapture: one connection whatever the capture missed', () => {
  it('a capture that starts at the SYN-ACK, then the client’s SYN sent again: one connection', () => {
    const report = analyse([s(500, 101, F.SYN | F.ACK), c(100, 0, F.SYN), s(500, 101, F.SYN | F.ACK), c(101, 501, F.ACK)]);
    expect(report.connections).toHaveLength(1);
    expect(report.connections[0]!).toMatchObject({ packetCount: 4, rolesGuessed: false, handshake: { clientIsn: 100, serverIsn: 500 } });
  });
});

describe('analyseCapture: RFC 9293 transitions the corpus does not show', () => {
  const rows = (report: ReturnType<typeof analyse>) => report.connections[0]!.packets!.map((p) => `${p.states.client}/${p.states.server}`);

  it('an RST in answer to the SYN-ACK sends the server back to LISTEN (3.10.7.4): a reset by the client, not a refusal', () => {
    const report = analyse([c(100, 0, F.SYN), s(500, 101, F.SYN | F.ACK), c(101, 0, F.RST)]);
    expect(rows(report)).toEqual(['SYN-SENT/SYN-RECEIVED', 'ESTABLISHED/SYN-RECEIVED', 'CLOSED/LISTEN']);
    expect(report.connections[0]).toMatchObject({ outcome: 'reset', teardown: { kind: 'reset', initiator: 'client', rst: { frame: 3, from: 'client' } } });
  });

  it('the side in TIME-WAIT that sends an RST ends TIME-WAIT early; the connection stays closed, not reset', () => {
    const report = analyse([...HANDSHAKE, c(101, 501, F.FIN | F.ACK), s(501, 102, F.ACK), s(501, 102, F.FIN | F.ACK), c(102, 502, F.ACK), c(102, 0, F.RST)]);
    expect(rows(report).slice(3)).toEqual(['FIN-WAIT-1/CLOSE-WAIT', 'FIN-WAIT-2/CLOSE-WAIT', 'TIME-WAIT/LAST-ACK', 'TIME-WAIT/CLOSED', 'CLOSED/CLOSED']);
    expect(report.connections[0]).toMatchObject({ outcome: 'closed', timeWait: null, timeWaitEndedEarly: { side: 'client', rstFrame: 8 }, teardown: { kind: 'four-way', initiator: 'client' } });
  });

  it('a FIN received in SYN-RECEIVED moves to CLOSE-WAIT; one sent there moves to FIN-WAIT-1', () => {
    const report = analyse([c(100, 0, F.SYN), s(500, 101, F.SYN | F.ACK), c(101, 501, F.FIN | F.ACK), s(501, 102, F.FIN | F.ACK), c(102, 502, F.ACK)]);
    expect(rows(report)).toEqual(['SYN-SENT/SYN-RECEIVED', 'ESTABLISHED/SYN-RECEIVED', 'FIN-WAIT-1/CLOSE-WAIT', 'TIME-WAIT/LAST-ACK', 'TIME-WAIT/CLOSED']);
  });

  it('a capture that starts mid-stream: both ends ESTABLISHED, then the FINs as usual', () => {
    const report = analyse([c(200, 600, F.ACK | F.PSH, 5), s(600, 205, F.ACK), s(600, 205, F.FIN | F.ACK), c(205, 601, F.FIN | F.ACK), s(601, 206, F.ACK)]);
    expect(rows(report)).toEqual(['ESTABLISHED/ESTABLISHED', 'ESTABLISHED/ESTABLISHED', 'CLOSE-WAIT/FIN-WAIT-1', 'LAST-ACK/TIME-WAIT', 'CLOSED/TIME-WAIT']);
    // Relative numbers count from the byte before the first one seen, in each direction.
    expect(report.connections[0]!.packets!.slice(0, 2).map((p) => [p.relSeq, p.relAck])).toEqual([[1, 1], [1, 6]]);
    expect(report.connections[0]).toMatchObject({ rolesGuessed: true, outcome: 'closed', timeWait: 'server', teardown: { kind: 'three-way', initiator: 'server' } });
  });

  it.each([
    ['without ACK', 0],
    ['acknowledging the ISS itself', F.ACK],
  ])('an RST %s reaching the client in SYN-SENT is dropped (RFC 9293 3.10.7.3): its SYN sent again completes the handshake, nothing is refused or reset', (_, ack) => {
    const k = analyse([c(100, 0, F.SYN), s(0, ack ? 100 : 0, F.RST | ack), c(100, 0, F.SYN), s(500, 101, F.SYN | F.ACK), c(101, 501, F.ACK)]).connections[0]!;
    expect(k).toMatchObject({ outcome: 'open', handshake: { complete: true, synRetransmissions: 1 }, teardown: { kind: null, initiator: null, rst: null, frames: [] }, anomalies: { 'ignored-rst': 1 } });
    expect(k.packets!.map((p) => `${p.from} ${p.states.client}/${p.states.server} ${p.anomalies.join(',')}`)).toEqual([
      'client SYN-SENT/SYN-RECEIVED ',
      'server SYN-SENT/SYN-RECEIVED ignored-rst',
      'client SYN-SENT/SYN-RECEIVED retransmission',
      'server ESTABLISHED/SYN-RECEIVED ',
      'client ESTABLISHED/ESTABLISHED ',
    ]);
    expect(contradictions(k)).toEqual([]);
  });

  it('the SYN captured twice (same bytes, microseconds apart) before a dropped RST: the copy is a duplicate, fed to nothing, and only the SYN sent again is a retransmission', () => {
    const syn = c(100, 0, F.SYN);
    const [k] = analyse([syn, syn, s(0, 0, F.RST), c(100, 0, F.SYN), s(500, 101, F.SYN | F.ACK), c(101, 501, F.ACK)], (i) => (i === 1 ? 2 : i * 10_000)).connections;
    expect(k).toMatchObject({ outcome: 'open', handshake: { complete: true, synRetransmissions: 1 }, anomalies: { duplicate: 1, 'ignored-rst': 1 } });
    expect(k!.packets![1]).toMatchObject({ frame: 2, duplicateOf: 1, states: { client: 'SYN-SENT', server: 'SYN-RECEIVED' } });
  });

  it('a real Linux client in SYN-SENT drops an RST without ACK and an RST|ACK acknowledging its ISS, sends its SYN again and connects (test/fixtures/synsent-rst/make.sh)', () => {
    const [k, ...more] = analyseCapture([readFileSync(new URL('../../test/fixtures/synsent-rst/rst-in-syn-sent.pcap', import.meta.url))]).connections;
    expect(more).toEqual([]);
    expect(k).toMatchObject({ outcome: 'closed', handshake: { complete: true, synRetransmissions: 2, syn: 5, synAck: 6, finalAck: 7 }, teardown: { kind: 'four-way', initiator: 'server', rst: null }, bytes: { client: 5, server: 5 } });
    const rsts = k!.packets!.filter((p) => p.flags.includes('RST'));
    expect(rsts.map((p) => [p.frame, p.from, p.anomalies, p.states])).toEqual([
      [2, 'server', ['ignored-rst'], { client: 'SYN-SENT', server: 'LISTEN' }],
      [3, 'server', ['ignored-rst'], { client: 'SYN-SENT', server: 'LISTEN' }],
    ]);
    expect(contradictions(k!)).toEqual([]);
  });

  it('refused after the SYN was sent three times: the server CLOSED throughout (no loss claimed: nothing from the receiver shows one)', () => {
    const report = analyse([c(100, 0, F.SYN), c(100, 0, F.SYN), c(100, 0, F.SYN), s(0, 101, F.RST | F.ACK)]);
    expect(report.connections[0]!.packets!.map((p) => `${p.states.client}/${p.states.server}${p.lost ? ' lost' : ''}`)).toEqual(['SYN-SENT/CLOSED', 'SYN-SENT/CLOSED', 'SYN-SENT/CLOSED', 'CLOSED/CLOSED']);
    expect(report.connections[0]).toMatchObject({ outcome: 'refused', handshake: { synRetransmissions: 2, complete: false }, teardown: { kind: 'reset', initiator: 'server' } });
  });

  it('marks a packet captured shorter than it was sent (the snap length) as truncated, and only that one', () => {
    const file = pcapFile([c(100, 0, F.SYN), s(500, 101, F.SYN | F.ACK)].map((segment, i) => ({ sec: 1000, frac: i, data: tcpFrame(segment) })));
    const secondRecord = 24 + 16 + tcpFrame(c(100, 0, F.SYN)).length;
    file.writeUInt32LE(file.readUInt32LE(secondRecord + 12) + 100, secondRecord + 12); // its original length
    const packets = analyseCapture([file]).connections[0]!.packets!;
    expect(packets.map((p) => p.truncated)).toEqual([undefined, true]);
  });

  it('reports each FIN (resent, acknowledged by what and how soon), the half-close, and every teardown frame in order', () => {
    const report = analyse([
      ...HANDSHAKE,
      c(101, 501, F.FIN | F.ACK), // 4
      c(101, 501, F.FIN | F.ACK), // 5: sent again
      s(501, 102, F.ACK | F.PSH, 5), // 6: acknowledges it with data (the server goes on sending: a half-close)
      c(102, 506, F.ACK), // 7
      s(506, 102, F.FIN | F.ACK), // 8
      c(102, 507, F.ACK), // 9: acknowledges it with nothing
      c(102, 0, F.RST), // 10
      c(102, 0, F.RST), // 11
    ]);
    const { teardown } = report.connections[0]!;
    expect(teardown.fins.map(({ side, frame, resent, ackFrame, ackWith }) => ({ side, frame, resent, ackFrame, ackWith }))).toEqual([
      { side: 'client', frame: 4, resent: [5], ackFrame: 6, ackWith: 'data' },
      { side: 'server', frame: 8, resent: [], ackFrame: 9, ackWith: 'nothing' },
    ]);
    expect(teardown.fins.map((f) => f.ackDelay)).toEqual([expect.closeTo(0.02, 6), expect.closeTo(0.01, 6)]);
    expect(teardown).toMatchObject({ halfClose: true, frames: [4, 5, 6, 8, 9, 10, 11], rst: { frame: 10, from: 'client' } });
  });

  it('an IPv6 segment sent again 200 ms later within the same second is a retransmission, not a second capture', () => {
    const v6 = { src: '2001:db8::1', dst: '2001:db8::2', sport: 40000, dport: 8899 };
    const syn = tcpFrame({ ...v6, seq: 100, flags: F.SYN });
    const report = analyseCapture([pcapFile([{ sec: 1000, frac: 100_000, data: syn }, { sec: 1000, frac: 300_000, data: syn }])]);
    expect(report.connections[0]).toMatchObject({ handshake: { synRetransmissions: 1 }, anomalies: { retransmission: 1 } });
  });
});

describe('analyseCapture: checksums that do not match the bytes', () => {
  /** RFC 1071: the one's complement of the one's complement sum of 16-bit words. */
  const internetChecksum = (bytes: Buffer) => {
    let sum = 0;
    for (let at = 0; at < bytes.length; at += 2) sum += (bytes[at]! << 8) | (bytes[at + 1] ?? 0);
    while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
    return ~sum & 0xffff;
  };
  /** The frame of `segment` with right checksums, then the named ones made wrong. */
  function frame(segment: SegmentSpec, wrong: { ip?: boolean; tcp?: boolean }, moreFragments = false): Buffer {
    const data = tcpFrame(segment);
    if (moreFragments) data[14 + 6]! |= 0x20;
    const v6 = segment.src.includes(':');
    const ip = 14;
    const tcp = ip + (v6 ? 40 : 20);
    const pseudo = v6
      ? Buffer.concat([data.subarray(ip + 8, ip + 40), Buffer.from([0, 0, (data.length - tcp) >> 8, (data.length - tcp) & 0xff, 0, 0, 0, 6])])
      : Buffer.concat([data.subarray(ip + 12, ip + 20), Buffer.from([0, 6, (data.length - tcp) >> 8, (data.length - tcp) & 0xff])]);
    data.writeUInt16BE(internetChecksum(Buffer.concat([pseudo, data.subarray(tcp)])) ^ (wrong.tcp ? 0x0101 : 0), tcp + 16);
    if (!v6) data.writeUInt16BE(internetChecksum(data.subarray(ip, tcp)) ^ (wrong.ip ? 0x0101 : 0), ip + 10);
    return data;
  }

  it('names the layer of each wrong checksum, and none on a packet whose checksums match (an odd length too)', () => {
    const segments = [
      frame(c(100, 0, F.SYN), {}),
      frame(s(500, 101, F.SYN | F.ACK), { ip: true }),
      frame(c(101, 501, F.ACK), { tcp: true }),
      frame(c(101, 501, F.ACK | F.PSH, 3), {}), // its last byte is summed alone, as the high half of a word
      frame(c(104, 501, F.ACK | F.PSH, 5), { ip: true, tcp: true }),
    ];
    const report = analyseCapture([pcapFile(segments.map((data, i) => ({ sec: 1000, frac: i * 10_000, data })))]);
    expect(report.connections[0]!.packets!.map((p) => p.wrongChecksums)).toEqual([undefined, ['ipv4'], ['tcp'], undefined, ['ipv4', 'tcp']]);
  });

  it('checks nothing it cannot: a segment cut short by the snap length, a first fragment (its checksum covers the whole datagram)', () => {
    const data = frame(c(101, 501, F.ACK | F.PSH, 100), {});
    const cut = pcapFile([{ sec: 1000, frac: 0, data: frame(c(100, 0, F.SYN), {}) }, { sec: 1000, frac: 1, data: data.subarray(0, data.length - 60) }]);
    cut.writeUInt32LE(data.length, cut.length - (data.length - 60) - 4); // the second record's original length
    expect(analyseCapture([cut]).connections[0]!.packets!.map((p) => [p.truncated, p.wrongChecksums])).toEqual([
      [undefined, undefined],
      [true, undefined],
    ]);
    const fragment = pcapFile([{ sec: 1000, frac: 0, data: frame(c(101, 501, F.ACK | F.PSH, 100), { tcp: true }, true) }]);
    expect(analyseCapture([fragment]).connections[0]!.packets!.map((p) => p.wrongChecksums)).toEqual([undefined]);
  });

  it('checks TCP’s checksum over IPv6’s pseudo-header (IPv6 has no header checksum)', () => {
    const v6 = { src: '2001:db8::1', dst: '2001:db8::2', sport: 40000, dport: 8899 };
    const segments = [frame({ ...v6, seq: 100, flags: F.SYN }, {}), frame({ ...v6, src: v6.dst, dst: v6.src, sport: v6.dport, dport: v6.sport, seq: 500, ack: 101, flags: F.SYN | F.ACK }, { tcp: true })];
    const report = analyseCapture([pcapFile(segments.map((data, i) => ({ sec: 1000, frac: i * 10_000, data })))]);
    expect(report.connections[0]!.packets!.map((p) => p.wrongChecksums)).toEqual([undefined, ['tcp']]);
  });
});

describe('analyseCapture: its source', () => {
  /** A source over `bytes` that counts its closes. */
  function source(bytes: Buffer) {
    let at = 0;
    const counted = { closes: 0 };
    return {
      counted,
      read(buffer: Uint8Array, offset: number, length: number) {
        const n = Math.min(length, bytes.length - at);
        buffer.set(bytes.subarray(at, at + n), offset);
        at += n;
        return n;
      },
      close() {
        counted.closes++;
      },
    };
  }

  it('closes the source once it has read the capture', () => {
    const input = source(pcapFile(HANDSHAKE.map((segment, i) => ({ sec: 1000, frac: i, data: tcpFrame(segment) }))));
    expect(analyseCapture(input).connections.map((k) => k.packetCount)).toEqual([3]);
    expect(input.counted.closes).toBe(1);
  });

  it('closes the source when the capture turns out not to be one (and says so)', () => {
    const input = source(Buffer.from('this is not a capture file, only some text in its place'));
    expect(() => analyseCapture(input)).toThrow(/pcap/);
    expect(input.counted.closes).toBe(1);
  });
});
