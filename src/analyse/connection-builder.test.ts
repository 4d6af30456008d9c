// One connection's facts as the builder gathers them from its packets: the handshake's frames and numbers,
// Fast Open, FINs and half-close, on sequences built segment by segment (cases the corpus does not hold).
import { describe, expect, it } from 'vitest';
import { F, pcapFile, tcpFrame, type SegmentSpec } from '../../test/helpers/frames.ts';
import { readCapture } from '../capture/read-capture.js';
import { PacketDecoder } from '../decode/decode-packet.js';
import { analyseCapture, type AnalyseOptions } from './analyse-capture.js';
import { ConnectionBuilder } from './connection-builder.js';
import { DuplicateDetector } from './duplicate-detector.js';
import { TupleView } from './tuple-key.js';

const C = { src: '10.0.0.1', dst: '10.0.0.2', sport: 40000, dport: 8899 };
const S = { src: '10.0.0.2', dst: '10.0.0.1', sport: 8899, dport: 40000 };
const C6 = { src: 'fd00::1', dst: 'fd00::2', sport: 40000, dport: 8899 };
const S6 = { src: 'fd00::2', dst: 'fd00::1', sport: 8899, dport: 40000 };
/** A segment, sent `after` seconds after the previous one (10 ms unless given). */
type Timed = SegmentSpec & { after?: number };
let ipId = 1;
type More = { len?: number; options?: number[]; after?: number };
const seg = (ends: typeof C, seq: number, ack: number, flags: number, { len = 0, options, after }: More = {}): Timed => ({
  ...ends,
  seq,
  ack,
  flags,
  options,
  after,
  ipId: ends.src.includes(':') ? undefined : ipId++,
  payload: len ? Buffer.alloc(len, 0x61) : undefined,
});
const c = (seq: number, ack: number, flags: number, more?: More) => seg(C, seq, ack, flags, more);
const s = (seq: number, ack: number, flags: number, more?: More) => seg(S, seq, ack, flags, more);
const HANDSHAKE = [c(100, 0, F.SYN), s(500, 101, F.SYN | F.ACK), c(101, 501, F.ACK)];

/** TCP Fast Open option (kind 34): a cookie request, or a cookie. */
const COOKIE_REQUEST = [34, 2];
const COOKIE = [34, 10, 1, 2, 3, 4, 5, 6, 7, 8];
/** The timestamps option (kind 8), after two NOPs. */
const timestamps = (tsval: number, tsecr: number) => [1, 1, 8, 10, tsval >>> 24, (tsval >>> 16) & 255, (tsval >>> 8) & 255, tsval & 255, tsecr >>> 24, (tsecr >>> 16) & 255, (tsecr >>> 8) & 255, tsecr & 255];

function analyse(segments: Timed[], options: AnalyseOptions = {}) {
  let micros = 0;
  const frames = segments.map(({ after = 0.01, ...segment }, i) => {
    if (i > 0) micros += Math.round(after * 1e6);
    return { sec: 1000 + Math.floor(micros / 1e6), frac: micros % 1_000_000, data: tcpFrame(segment) };
  });
  return analyseCapture([pcapFile(frames)], options).connections;
}
const only = (segments: Timed[], options?: AnalyseOptions) => {
  const connections = analyse(segments, options);
  expect(connections).toHaveLength(1);
  return connections[0]!;
};

describe('the handshake', () => {
  it('an ordinary one: no Fast Open, and a SYN-ACK that acknowledges anything but ISN + 1 does not complete it', () => {
    expect(only(HANDSHAKE).handshake).toMatchObject({ complete: true, fastOpen: null, synAckAcknowledgesIsn: true, finalAckAcknowledgesIsn: true });
    const wrong = only([c(100, 0, F.SYN), s(500, 150, F.SYN | F.ACK), c(101, 501, F.ACK)]);
    expect(wrong.handshake).toMatchObject({ complete: false, synAckAcknowledgesIsn: false, finalAckAcknowledgesIsn: true, fastOpen: null });
  });

  it('Fast Open: data in the SYN with or without a cookie, taken or refused by the SYN-ACK', () => {
    // Cookie-less Fast Open (a server with TFO_SERVER_COOKIE_NOT_REQD): five bytes in the SYN, all taken.
    const taken = only([c(100, 0, F.SYN, { len: 5 }), s(500, 106, F.SYN | F.ACK), c(106, 501, F.ACK)]);
    expect(taken.handshake).toMatchObject({ complete: true, synAckAcknowledgesIsn: true, fastOpen: { cookie: null, cookieGranted: false, synData: 5, dataAccepted: true } });
    // A cookie the server does not accept: it acknowledges the SYN only, the client sends the data again.
    const refused = only([c(100, 0, F.SYN, { len: 5, options: COOKIE }), s(500, 101, F.SYN | F.ACK), c(101, 501, F.ACK)]);
    expect(refused.handshake).toMatchObject({ complete: true, synAckAcknowledgesIsn: true, fastOpen: { cookie: 'presented', synData: 5, dataAccepted: false } });
    // A SYN-ACK that acknowledges neither the SYN alone nor the SYN with its data.
    const wrong = only([c(100, 0, F.SYN, { len: 5 }), s(500, 103, F.SYN | F.ACK), c(103, 501, F.ACK)]);
    expect(wrong.handshake).toMatchObject({ complete: false, synAckAcknowledgesIsn: false, fastOpen: { synData: 5, dataAccepted: false } });
  });

  it('Fast Open: a cookie request nothing answered was granted no cookie', () => {
    const unanswered = only([c(100, 0, F.SYN, { options: COOKIE_REQUEST }), c(100, 0, F.SYN, { options: COOKIE_REQUEST, after: 1 })]);
    expect(unanswered.handshake).toMatchObject({ fastOpen: { cookie: 'requested', cookieGranted: false, synData: 0, dataAccepted: null }, synAck: null, synRetransmissions: 1 });
    const granted = only([c(100, 0, F.SYN, { options: COOKIE_REQUEST }), s(500, 101, F.SYN | F.ACK, { options: COOKIE }), c(101, 501, F.ACK)]);
    expect(granted.handshake.fastOpen).toMatchObject({ cookie: 'requested', cookieGranted: true });
  });

  it('a SYN sent again and never answered: the handshake’s SYN is the first', () => {
    const k = only([c(100, 0, F.SYN), c(100, 0, F.SYN, { after: 1 }), c(100, 0, F.SYN, { after: 2 })]);
    expect(k.handshake).toMatchObject({ syn: 1, synAck: null, synRetransmissions: 2, complete: false });
  });

  it('a SYN sent again after the SYN-ACK (which the client never got): the SYN-ACK answered the first', () => {
    const k = only([c(100, 0, F.SYN), s(500, 101, F.SYN | F.ACK), c(100, 0, F.SYN, { after: 1 }), s(500, 101, F.SYN | F.ACK), c(101, 501, F.ACK)]);
    expect(k.handshake).toMatchObject({ syn: 1, synAck: 2, finalAck: 5, synRetransmissions: 1, complete: true });
  });

  it('a SYN sent again: the SYN-ACK answered the copy whose TSval it echoes, a TSval of 0 too; without an echo, the latest', () => {
    const copies = (first: number, second: number, echo: number | null) => [
      c(100, 0, F.SYN, { options: timestamps(first, 0) }),
      c(100, 0, F.SYN, { options: timestamps(second, 0), after: 1 }),
      s(500, 101, F.SYN | F.ACK, { options: echo === null ? undefined : timestamps(9000, echo), after: 0.1 }),
      c(101, 501, F.ACK, { options: timestamps(second + 100, 9000) }),
    ];
    expect(only(copies(1000, 2000, 1000)).handshake).toMatchObject({ syn: 1, synAck: 3, synRetransmissions: 1 });
    expect(only(copies(1000, 2000, 2000)).handshake).toMatchObject({ syn: 2, synAck: 3 });
    expect(only(copies(0, 1000, 0)).handshake).toMatchObject({ syn: 1, synAck: 3 });
    expect(only(copies(1000, 2000, null)).handshake).toMatchObject({ syn: 2, synAck: 3 });
  });

  it('a simultaneous open: each end’s SYN, then each end’s SYN-ACK; the server’s SYN-ACK is the handshake’s', () => {
    const k = only([c(100, 0, F.SYN), s(500, 0, F.SYN), c(100, 501, F.SYN | F.ACK), s(500, 101, F.SYN | F.ACK)]);
    expect(k.handshake).toMatchObject({ syn: 1, synAck: 4, clientIsn: 100, serverIsn: 500, synRetransmissions: 0, synAckAcknowledgesIsn: true });
  });

  it('a simultaneous open over IPv6 where both ends chose the same ISN: the two SYNs are not one packet captured twice', () => {
    // IPv6 has no IP id, and the checksum sums both addresses and ports in either order: only the direction tells them apart.
    const k = only([seg(C6, 100, 0, F.SYN), seg(S6, 100, 0, F.SYN, { after: 0.001 }), seg(C6, 100, 101, F.SYN | F.ACK), seg(S6, 100, 101, F.SYN | F.ACK, { after: 0.001 })]);
    expect(k.anomalies.duplicate).toBeUndefined();
    expect(k.packets!.map((p) => p.duplicateOf ?? null)).toEqual([null, null, null, null]);
    expect(k.handshake).toMatchObject({ syn: 1, synAck: 4, clientIsn: 100, serverIsn: 100, synRetransmissions: 0 });
  });

  it('the final ACK is the client’s: neither its RST (it had given up when the SYN-ACK came) nor the server’s', () => {
    // Linux answers a SYN-ACK for a socket that is gone with an RST whose sequence number is the SYN-ACK's ACK, without ACK.
    const gaveUp = only([c(100, 0, F.SYN), s(500, 101, F.SYN | F.ACK, { after: 1 }), c(101, 0, F.RST)]);
    expect(gaveUp.handshake).toMatchObject({ synAck: 2, finalAck: null, complete: false });
    const serverReset = only([c(100, 0, F.SYN), s(500, 101, F.SYN | F.ACK), s(501, 101, F.RST | F.ACK)]);
    expect(serverReset.handshake).toMatchObject({ synAck: 2, finalAck: null, complete: false });
  });

  it('window scaling by the first SYN’s option when a copy sent again leaves its options out (BSD and macOS do after a few tries): a SYN-ACK with the option answers a SYN that had it (RFC 7323 2.2)', () => {
    const WINDOW_SCALE = (shift: number) => [1, 3, 3, shift];
    const k = only([c(100, 0, F.SYN, { options: WINDOW_SCALE(7) }), c(100, 0, F.SYN, { after: 3 }), s(500, 101, F.SYN | F.ACK, { options: WINDOW_SCALE(2) }), { ...c(101, 501, F.ACK), window: 100 }]);
    expect(k.packets!.at(-1)!.windowScaled).toBe(100 * 2 ** 7);
  });

  it('a capture taken at the server: every copy of a SYN nothing answered was lost on its way, the last one too', () => {
    const k = only([c(100, 0, F.SYN), c(100, 0, F.SYN, { after: 1 }), c(100, 0, F.SYN, { after: 2 })], { capturedAtServer: true });
    expect(k.packets!.map((p) => p.lost === true)).toEqual([true, true, true]);
    const elsewhere = only([c(100, 0, F.SYN), c(100, 0, F.SYN, { after: 1 }), c(100, 0, F.SYN, { after: 2 })]);
    expect(elsewhere.packets!.at(-1)!.lost).toBeUndefined();
  });

  it('refused after more copies of the SYN than the state machine keeps: every packet shows the server CLOSED, and the copies lost on their way stay lost', () => {
    const copies = Array.from({ length: 70 }, () => c(100, 0, F.SYN, { after: 1 }));
    const k = only([...copies, s(0, 101, F.RST | F.ACK)], { capturedAtServer: true });
    expect(k.outcome).toBe('refused');
    expect(new Set(k.packets!.map((p) => p.states.server))).toEqual(new Set(['CLOSED']));
    expect(k.packets!.slice(0, 63).every((p) => p.lost === true)).toBe(true);
  });
});

describe('the teardown', () => {
  it('the server closed, the client acknowledged its FIN and has not closed yet: one FIN, no teardown kind', () => {
    const k = only([...HANDSHAKE, s(501, 101, F.FIN | F.ACK), c(101, 502, F.ACK)]);
    expect(k.teardown).toMatchObject({ kind: null, initiator: 'server', frames: [4, 5], fins: [{ side: 'server', frame: 4, seq: 501, ackFrame: 5 }] });
    expect(k.outcome).toBe('open');
  });

  it('half-close: only new data from the side that received the first FIN, not its data sent again', () => {
    // The server's data crossed the client's FIN; the server sends it again, then nothing new.
    const resent = [...HANDSHAKE, s(501, 101, F.PSH | F.ACK, { len: 10 }), c(101, 501, F.FIN | F.ACK), s(501, 102, F.PSH | F.ACK, { len: 10, after: 0.2 })];
    expect(only(resent).teardown.halfClose).toBe(false);
    expect(only([...resent, s(511, 102, F.PSH | F.ACK, { len: 5 })]).teardown.halfClose).toBe(true);
  });

  it('an old duplicate FIN (another sequence number, from an earlier use of the ports) is not this FIN sent again', () => {
    const k = only([...HANDSHAKE, c(101, 501, F.FIN | F.ACK), s(501, 102, F.FIN | F.ACK), c(102, 502, F.ACK), c(7000, 501, F.FIN | F.ACK, { after: 0.5 })]);
    expect(k.teardown.fins.map((f) => [f.side, f.frame, f.seq, f.resent])).toEqual([['client', 4, 101, []], ['server', 5, 501, []]]);
    expect(k.teardown.frames).toEqual([4, 5, 6]);
  });

  it('a SYN that also carries data and the FIN (T/TCP’s one-segment request): the FIN’s number follows the SYN’s and the data', () => {
    const k = only([c(100, 0, F.SYN | F.FIN, { len: 5 }), s(500, 107, F.SYN | F.ACK)]);
    expect(k.teardown.fins).toMatchObject([{ side: 'client', frame: 1, seq: 106, ackFrame: 2 }]);
  });
});

describe('a builder reused for another connection', () => {
  it('starts as a new one would, whatever the connections before it left in it', () => {
    const [c1, c2, s2, c3, s3] = [{ ...C, sport: 40001 }, { ...C, sport: 40002 }, { ...S, dport: 40002 }, { ...C, sport: 40003 }, { ...S, dport: 40003 }];
    const segments: Timed[] = [
      // Window scaling, a final ACK lost (the SYN-ACK again), data after a gap, a FIN sent again, half-close,
      // both FINs, TIME-WAIT ended by the client's RST, and a second RST.
      seg(c2, 100, 0, F.SYN, { options: [3, 3, 7] }),
      seg(s2, 500, 101, F.SYN | F.ACK, { options: [3, 3, 7] }),
      seg(c2, 101, 501, F.ACK),
      seg(s2, 500, 101, F.SYN | F.ACK, { options: [3, 3, 7], after: 1 }),
      seg(c2, 101, 501, F.ACK),
      seg(c2, 201, 501, F.PSH | F.ACK, { len: 10 }),
      seg(c2, 211, 501, F.FIN | F.ACK),
      seg(c2, 211, 501, F.FIN | F.ACK, { after: 0.2 }),
      seg(s2, 501, 212, F.PSH | F.ACK, { len: 10 }),
      seg(s2, 511, 212, F.FIN | F.ACK),
      seg(c2, 212, 512, F.ACK),
      seg(c2, 212, 0, F.RST),
      seg(c2, 212, 0, F.RST),
      // Refused.
      seg(c3, 100, 0, F.SYN),
      seg(s3, 0, 101, F.RST | F.ACK),
      // A Fast Open SYN with timestamps, sent again and never answered.
      seg(c1, 100, 0, F.SYN, { len: 5, options: [...COOKIE, ...timestamps(1, 0)] }),
      seg(c1, 100, 0, F.SYN, { len: 5, options: [...COOKIE, ...timestamps(2, 0)], after: 1 }),
      // Seen from its SYN-ACK.
      s(500, 101, F.SYN | F.ACK),
    ];
    let micros = 0;
    const frames = segments.map(({ after = 0.01, ...segment }) => ({ sec: 1000 + Math.floor((micros += Math.round(after * 1e6)) / 1e6), frac: micros % 1_000_000, data: tcpFrame(segment) }));
    const duplicates = new DuplicateDetector();
    const [used, fresh] = [new ConnectionBuilder(duplicates, true, false), new ConnectionBuilder(duplicates, true, false)];
    const [view, decoder] = [new TupleView(), new PacketDecoder()];
    const server = { ip: C.dst, port: C.dport };
    let [key, index, clientFirst] = ['', 0, true];
    for (const raw of readCapture([pcapFile(frames)]).packets) {
      const packet = decoder.decode(raw);
      view.read(packet);
      if (view.key() !== key) {
        if (key) used.finish();
        [key, clientFirst] = [view.key(), view.sourceFirst];
        used.start(++index, key, clientFirst, server, false, packet);
        // The last connection: compared as it starts (its first packet overwrites some of what it keeps).
        if (raw.frame === frames.length) fresh.start(index, key, clientFirst, server, false, packet);
        else used.add(packet, 'client');
      } else used.add(packet, view.sourceFirst === clientFirst ? 'client' : 'server');
    }
    // The builders share the duplicate detector, each with a ring of its own; the machines' logs are arrays
    // reused with their slots past the entries kept.
    const state = (b: ConnectionBuilder) => {
      const machine = b.machine as unknown as { log: unknown[]; logLength: number };
      return structuredClone({ ...b, duplicates: null, duplicateRing: null, machine: { ...machine, onRevise: null, log: machine.log.slice(0, machine.logLength) } });
    };
    expect(state(used)).toEqual(state(fresh));
  });
});
