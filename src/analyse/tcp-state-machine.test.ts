// The state machine fed one segment at a time, as a live view feeds it: states at once, revisions later.
import { describe, expect, it } from 'vitest';
import type { SideStates } from './report-model.js';
import { TcpStateMachine, type Segment } from './tcp-state-machine.js';

const SYN = 0x02;
const ACK = 0x10;
const FIN = 0x01;
const RST = 0x04;
const PSH = 0x08;
let index = 0;
const seg = (from: 'client' | 'server', flags: number, seq: number, ack = 0): Segment => ({ index: index, frame: ++index, offset: index / 10, from, flags, seq, ack, len: 0, tsval: null, tsecr: null });

describe('TcpStateMachine', () => {
  it('gives the states after each segment at once, and revises a row when a later segment shows it had not arrived', () => {
    index = 0;
    const revised: [number, SideStates, boolean | null][] = [];
    const machine = new TcpStateMachine('syn', { revised: (i, states, lost) => revised.push([i, states, lost]) }, true, false);
    const after = (s: Segment) => (machine.feed(s), `${machine.client}/${machine.server}`);
    expect([after(seg('client', SYN, 100)), after(seg('server', SYN | ACK, 500, 101)), after(seg('client', ACK, 101, 501))]).toEqual(['SYN-SENT/SYN-RECEIVED', 'ESTABLISHED/SYN-RECEIVED', 'ESTABLISHED/ESTABLISHED']);
    expect(after(seg('client', FIN | ACK, 101, 501))).toBe('FIN-WAIT-1/CLOSE-WAIT');
    expect(revised).toEqual([]);
    // The server's FIN does not acknowledge the client's: it had not received it (row 4 is revised).
    expect(after(seg('server', FIN | ACK, 501, 101))).toBe('CLOSING/CLOSING');
    expect(revised).toEqual([[3, { client: 'FIN-WAIT-1', server: 'ESTABLISHED' }, false]]);
    // The client sends its FIN again with nothing acknowledging it between: the first one was lost.
    expect(after(seg('client', FIN | ACK, 101, 502))).toBe('CLOSING/TIME-WAIT');
    expect(revised.slice(1)).toEqual([
      [3, { client: 'FIN-WAIT-1', server: 'ESTABLISHED' }, true],
      [4, { client: 'CLOSING', server: 'FIN-WAIT-1' }, false],
    ]);
    expect(machine.transitions!.server.map((s) => `${s.state}@${s.frame}`)).toEqual(['LISTEN@null', 'SYN-RECEIVED@1', 'ESTABLISHED@3', 'FIN-WAIT-1@5', 'FIN-WAIT-2@6', 'TIME-WAIT@6']);
    expect(machine.verdict()).toMatchObject({ initiator: 'both', timeWait: 'server', bothClosed: false });
  });

  it.each([
    ['syn', 'CLOSED', 'LISTEN'],
    ['syn-ack', 'SYN-SENT', 'LISTEN'],
    ['mid-stream', 'ESTABLISHED', 'ESTABLISHED'],
  ] as const)('starting at a %s, the client was %s and the server %s before the first packet', (start, client, server) => {
    const machine = new TcpStateMachine(start, null, true, false);
    expect([machine.client, machine.server]).toEqual([client, server]);
    expect(machine.transitions).toEqual({ client: [{ state: client, frame: null, offset: null }], server: [{ state: server, frame: null, offset: null }] });
  });

  it('records no transitions when not asked to, and gives the same states', () => {
    index = 0;
    const machine = new TcpStateMachine('syn', null, false, false);
    for (const s of [seg('client', SYN, 100), seg('server', SYN | ACK, 500, 101), seg('client', ACK, 101, 501)]) machine.feed(s);
    expect([machine.transitions, machine.client, machine.server]).toEqual([null, 'ESTABLISHED', 'ESTABLISHED']);
  });

  it('takes an RST as a refusal only of a SYN the client sent, not after a SYN of the server', () => {
    index = 0;
    const afterServerSyn = new TcpStateMachine('syn', null, true, true);
    afterServerSyn.feed(seg('server', SYN, 500));
    afterServerSyn.feed(seg('server', RST | ACK, 501, 101));
    expect(afterServerSyn.refused).toBe(false);
    // Nor after the client's SYN-ACK to it (the live view, where the lab's server port names the roles).
    index = 0;
    const afterClientSynAck = new TcpStateMachine('syn', null, true, true);
    for (const s of [seg('server', SYN, 500), seg('client', SYN | ACK, 100, 501), seg('server', RST, 501)]) afterClientSynAck.feed(s);
    expect(afterClientSynAck.refused).toBe(false);
    index = 0;
    const afterClientSyn = new TcpStateMachine('syn', null, true, true);
    afterClientSyn.feed(seg('client', SYN, 100));
    afterClientSyn.feed(seg('server', RST | ACK, 0, 101));
    expect([afterClientSyn.refused, afterClientSyn.server]).toEqual([true, 'CLOSED']);
  });
});

type Step = Pick<Segment, 'from' | 'flags' | 'seq'> & Partial<Pick<Segment, 'ack' | 'len' | 'tsval' | 'tsecr'>>;
const c = (flags: number, seq: number, ack = 0, more: Partial<Step> = {}): Step => ({ from: 'client', flags, seq, ack, ...more });
const s = (flags: number, seq: number, ack = 0, more: Partial<Step> = {}): Step => ({ from: 'server', flags, seq, ack, ...more });

/** Feeds the steps as the connection builder does, and keeps each packet's row as it does: the states
 * after it, revised when a later segment says otherwise, and "lost" for a segment that never arrived. */
function play(start: 'syn' | 'syn-ack' | 'mid-stream', steps: Step[], o: { capturedAtServer?: boolean; captureEnds?: boolean } = {}) {
  const rows: string[] = [];
  const lost = new Set<number>();
  const revisions: number[] = [];
  const machine = new TcpStateMachine(
    start,
    {
      revised(i, states, isLost) {
        revisions.push(i);
        rows[i] = `${states.client}/${states.server}`;
        if (isLost) lost.add(i);
        else if (isLost === false) lost.delete(i);
      },
    },
    true,
    o.capturedAtServer ?? false,
  );
  steps.forEach((step, i) => {
    machine.feed({ index: i, frame: i + 1, offset: i / 100, ack: 0, len: 0, tsval: null, tsecr: null, ...step });
    rows[i] = `${machine.client}/${machine.server}`;
  });
  if (o.captureEnds) machine.noMoreSegments();
  return { machine, revisions, rows: rows.map((row, i) => (lost.has(i) ? `${row} lost` : row)) };
}

const HANDSHAKE = [c(SYN, 100), s(SYN | ACK, 500, 101), c(ACK, 101, 501)];

describe('TcpStateMachine: RFC 9293 transitions', () => {
  it.each([100, 0x90000000])('a simultaneous open (client ISN %i): each end receives the other’s SYN in SYN-SENT and moves to SYN-RECEIVED, then each SYN-ACK establishes (Figure 8)', (isn) => {
    // A SYN without ACK acknowledges nothing, whatever its acknowledgement field holds.
    const { rows } = play('syn', [c(SYN, isn), s(SYN, 500), c(SYN | ACK, isn, 501), s(SYN | ACK, 500, (isn + 1) >>> 0)]);
    // The server's SYN does not acknowledge the client's: the SYNs crossed, and the client's arrives after it.
    expect(rows).toEqual(['SYN-SENT/LISTEN', 'SYN-RECEIVED/SYN-RECEIVED', 'SYN-RECEIVED/ESTABLISHED', 'ESTABLISHED/ESTABLISHED']);
  });

  it('a simultaneous open whose server SYN the capture missed: the client’s SYN-ACK shows it got one', () => {
    const { rows } = play('syn', [c(SYN, 100), c(SYN | ACK, 100, 501), s(SYN | ACK, 500, 101)]);
    expect(rows).toEqual(['SYN-SENT/SYN-RECEIVED', 'SYN-RECEIVED/ESTABLISHED', 'ESTABLISHED/ESTABLISHED']);
  });

  it('a server segment that acknowledges the SYN after a SYN-ACK the capture missed establishes the client', () => {
    const { rows } = play('syn', [c(SYN, 100), s(ACK | PSH, 501, 101, { len: 5 }), c(ACK, 101, 506)]);
    expect(rows).toEqual(['SYN-SENT/SYN-RECEIVED', 'ESTABLISHED/SYN-RECEIVED', 'ESTABLISHED/ESTABLISHED']);
  });

  it('a connection the server’s end opens, as the live view sees it (roles by the lab’s port): it leaves LISTEN for SYN-SENT (3.10.2), the SYN-ACK’s sender is in SYN-RECEIVED, the ACK establishes both', () => {
    const { rows } = play('syn', [s(SYN, 500), c(SYN | ACK, 100, 501), s(ACK, 501, 101)]);
    expect(rows).toEqual(['CLOSED/SYN-SENT', 'SYN-RECEIVED/ESTABLISHED', 'ESTABLISHED/ESTABLISHED']);
  });

  it('a segment without ACK reaching a synchronized end is dropped (3.10.7.4, fifth; Linux too): a FIN probe closes nothing', () => {
    const probe = s(FIN | PSH | 0x20, 501, 0);
    expect(play('syn', [...HANDSHAKE, probe]).rows[3]!.split('/')[0]).toBe('ESTABLISHED');
    // Nor in SYN-RECEIVED, before the final ACK.
    expect(play('syn', [c(SYN, 100), s(SYN | ACK, 500, 101), c(FIN, 101)]).rows[2]!.split('/')[1]).toBe('SYN-RECEIVED');
  });

  it('a SYN that carries FIN (a SYN/FIN probe) leaves its sender CLOSED: it opened and closed at once (3.10.4, CLOSE in SYN-SENT)', () => {
    expect(play('syn', [c(SYN | FIN, 100)]).rows).toEqual(['CLOSED/SYN-RECEIVED']);
  });

  it('a segment without SYN, RST or ACK changes nothing in SYN-SENT (3.10.7.3: dropped)', () => {
    // It does not acknowledge the SYN either: the SYN reached the server after it was sent.
    const { rows } = play('syn', [c(SYN, 100), s(PSH, 500, 0, { len: 5 })]);
    expect(rows).toEqual(['SYN-SENT/LISTEN', 'SYN-SENT/SYN-RECEIVED']);
  });

  it('delayed duplicates of the SYN-ACK and of the SYN, after the handshake, change no state (a SYN in a synchronized state: 3.10.7.4)', () => {
    const { rows } = play('syn', [...HANDSHAKE, c(FIN | ACK, 101, 501), s(ACK, 501, 102), s(SYN | ACK, 500, 101), c(SYN, 100)]);
    expect(rows.slice(3)).toEqual(['FIN-WAIT-1/CLOSE-WAIT', 'FIN-WAIT-2/CLOSE-WAIT', 'FIN-WAIT-2/CLOSE-WAIT', 'FIN-WAIT-2/CLOSE-WAIT']);
  });

  it('a Fast Open server that answers the SYN’s request and closes before the final ACK: FIN-WAIT-1 from SYN-RECEIVED (3.10.4)', () => {
    const { machine, rows } = play('syn', [c(SYN, 100, 0, { len: 10 }), s(SYN | ACK, 500, 111), s(FIN | ACK, 501, 111), c(ACK, 111, 502), c(FIN | ACK, 111, 502), s(ACK, 502, 112)]);
    expect(rows).toEqual(['SYN-SENT/SYN-RECEIVED', 'ESTABLISHED/SYN-RECEIVED', 'CLOSE-WAIT/FIN-WAIT-1', 'CLOSE-WAIT/FIN-WAIT-2', 'LAST-ACK/TIME-WAIT', 'CLOSED/TIME-WAIT']);
    expect(machine.verdict()).toMatchObject({ initiator: 'server', passiveFinOnFirstAck: false, timeWait: 'server', bothClosed: true });
  });

  it.each([
    ['server', [c(SYN, 100), s(SYN | ACK, 0xffffffff, 101), c(ACK, 101, 0), s(FIN | ACK, 0, 101), c(ACK, 101, 1), c(FIN | ACK, 101, 1), s(ACK, 1, 102)]],
    ['client', [c(SYN, 0xffffffff), s(SYN | ACK, 500, 0), c(ACK, 0, 501), c(FIN | ACK, 0, 501), s(ACK, 501, 1), s(FIN | ACK, 501, 1), c(ACK, 1, 502)]],
  ] as const)('a FIN on sequence number 0 (the %s’s ISN is 2^32 - 1) is acknowledged and ends the connection like any other', (closer, steps) => {
    const { machine, rows } = play('syn', [...steps]);
    const [active, passive] = closer === 'client' ? ['FIN-WAIT-1', 'CLOSE-WAIT'] : ['CLOSE-WAIT', 'FIN-WAIT-1'];
    expect(rows[3]).toBe(`${active}/${passive}`);
    expect(rows.at(-1)).toBe(closer === 'client' ? 'TIME-WAIT/CLOSED' : 'CLOSED/TIME-WAIT');
    expect(machine.verdict()).toEqual({ initiator: closer, simultaneous: false, passiveFinOnFirstAck: false, resetBy: null, timeWait: closer, bothClosed: true, timeWaitEndedEarly: null });
    expect(machine.ended).toBe(true);
  });
});

describe('TcpStateMachine: segments a listener never sends', () => {
  it('a bare ACK from a server in LISTEN shows it held a connection on the 4-tuple: a SYN reaching it there gets a challenge ACK (RFC 5961 4.2, Linux), not a SYN-ACK', () => {
    // The ACK acknowledges an older connection's data, not this SYN (5000 is below ISN 100000 + 1), so the
    // SYN reached the server after it was sent; the server was ESTABLISHED, and the SYN changed nothing.
    const { rows } = play('syn', [c(SYN, 100_000), s(ACK, 9000, 5000)]);
    expect(rows.map((row) => row.split('/')[1])).toEqual(['LISTEN', 'ESTABLISHED']);
  });

  it('a FIN without ACK from a server in LISTEN is its CLOSE (3.10.4: CLOSE in LISTEN, CLOSED): the SYN that reaches it after that opens nothing', () => {
    const { rows } = play('syn', [c(SYN, 100), s(FIN, 500)]);
    expect(rows.map((row) => row.split('/')[1])).toEqual(['LISTEN', 'CLOSED']);
  });

  it('a SYN-ACK that carries data and a FIN (T/TCP’s one-segment answer): the FIN’s number follows the SYN’s and the data, so only an ACK past it moves the server to FIN-WAIT-2', () => {
    const { rows } = play('syn', [c(SYN, 100), s(SYN | ACK | FIN | PSH, 500, 101, { len: 5 }), c(ACK, 101, 506), c(ACK, 101, 507)]);
    expect(rows.map((row) => row.split('/')[1])).toEqual(['SYN-RECEIVED', 'FIN-WAIT-1', 'FIN-WAIT-1', 'FIN-WAIT-2']);
  });
});

describe('TcpStateMachine: a FIN sent again at another sequence number', () => {
  it.each([100, 0xffffffff])('leaves the first FIN’s number (client ISN %i: the FIN on number 0 too), which the server’s ACK covers', (isn) => {
    const fin = (isn + 1) >>> 0;
    const { rows } = play('syn', [c(SYN, isn), s(SYN | ACK, 500, fin), c(ACK, fin, 501), c(FIN | ACK, fin, 501), c(FIN | ACK, 5000, 501), s(ACK, 501, (fin + 1) >>> 0), s(FIN | ACK, 501, (fin + 1) >>> 0), c(ACK, (fin + 1) >>> 0, 502)]);
    expect(rows.slice(3)).toEqual(['FIN-WAIT-1/CLOSE-WAIT', 'FIN-WAIT-1/CLOSE-WAIT', 'FIN-WAIT-2/CLOSE-WAIT', 'TIME-WAIT/LAST-ACK', 'TIME-WAIT/CLOSED']);
  });
});

describe('TcpStateMachine: the teardown’s verdict', () => {
  it('a simultaneous close (the FINs cross): both active, both in TIME-WAIT, and no passive side whose first ACK could carry its FIN', () => {
    const { machine, rows } = play('syn', [...HANDSHAKE, c(FIN | ACK, 101, 501), s(FIN | ACK, 501, 101), c(ACK, 102, 502), s(ACK, 502, 102)]);
    expect(rows.slice(3)).toEqual(['FIN-WAIT-1/ESTABLISHED', 'CLOSING/CLOSING', 'CLOSING/TIME-WAIT', 'TIME-WAIT/TIME-WAIT']);
    expect(machine.verdict()).toEqual({ initiator: 'both', simultaneous: true, passiveFinOnFirstAck: null, resetBy: null, timeWait: 'both', bothClosed: true, timeWaitEndedEarly: null });
  });

  it('three segments: the passive side’s first ACK of the FIN carries its own; an ACK it sends again later (the FIN came again) does not change that', () => {
    // The server's FIN+ACK is lost on the way, the client sends its FIN again, the server (LAST-ACK)
    // acknowledges that copy alone, then sends its FIN again.
    const { machine, rows } = play('syn', [...HANDSHAKE, c(FIN | ACK, 101, 501), s(FIN | ACK, 501, 102), c(FIN | ACK, 101, 501), s(ACK, 502, 102), s(FIN | ACK, 501, 102), c(ACK, 102, 502)]);
    expect(rows.slice(3)).toEqual(['FIN-WAIT-1/CLOSE-WAIT', 'FIN-WAIT-1/LAST-ACK lost', 'FIN-WAIT-1/LAST-ACK', 'FIN-WAIT-2/LAST-ACK', 'TIME-WAIT/LAST-ACK', 'TIME-WAIT/CLOSED']);
    expect(machine.verdict()).toMatchObject({ initiator: 'client', passiveFinOnFirstAck: true, timeWait: 'client', bothClosed: true });
  });

  it('an ACK the passive side sent before the FIN reached it does not acknowledge the FIN: its next segment is the first that does', () => {
    // The server's data crosses the client's FIN; the server then acknowledges the FIN with its own.
    const { machine } = play('syn', [...HANDSHAKE, s(PSH | ACK, 501, 101, { len: 10 }), c(FIN | ACK, 101, 511), s(PSH | ACK, 511, 101, { len: 10 }), c(ACK, 102, 521), s(FIN | ACK, 521, 102), c(ACK, 102, 522)]);
    expect(machine.verdict()).toMatchObject({ initiator: 'client', passiveFinOnFirstAck: true, timeWait: 'client', bothClosed: true });
  });
});

describe('TcpStateMachine: RSTs', () => {
  it('RSTs that cross: the server’s own RST shows the client’s had not reached it (an RST answers no RST, 3.10.7.1), so the client’s arrives after it, at a CLOSED end', () => {
    const { machine, rows } = play('syn', [...HANDSHAKE, c(RST | ACK, 101, 501), s(RST | ACK, 501, 101)]);
    expect(rows.slice(3)).toEqual(['CLOSED/ESTABLISHED', 'CLOSED/CLOSED']);
    expect(machine.verdict().resetBy).toBe('client');
  });

  it('an RST whose number is below data its sender had sent (it answers a segment with an older ACK): the client’s ACK of that data, sent after it, shows it had not arrived', () => {
    // The ACK covers more than the RST's number (501 + 1): no matter, an RST occupies no sequence number, and
    // a client that had received it would have sent nothing more.
    const { rows } = play('syn', [...HANDSHAKE, s(PSH | ACK, 501, 101, { len: 10 }), c(PSH | ACK, 101, 501, { len: 5 }), s(RST, 501), c(ACK, 106, 511)]);
    expect(rows.slice(5)).toEqual(['ESTABLISHED/CLOSED', 'CLOSED/CLOSED']);
  });

  it('an RST from the side in LAST-ACK (its FIN never acknowledged) resets the connection, and ends the peer’s TIME-WAIT early', () => {
    const { machine, rows } = play('syn', [...HANDSHAKE, c(FIN | ACK, 101, 501), s(FIN | ACK, 501, 102), s(RST, 502)]);
    expect(rows.slice(3)).toEqual(['FIN-WAIT-1/CLOSE-WAIT', 'TIME-WAIT/LAST-ACK', 'CLOSED/CLOSED']);
    expect(machine.verdict()).toMatchObject({ resetBy: 'server', timeWaitEndedEarly: { side: 'client', rstFrame: 6 } });
  });

  it.each([
    ['client', [...HANDSHAKE, c(FIN | ACK, 101, 501), s(ACK, 501, 102), c(RST, 102)]],
    ['server', [...HANDSHAKE, s(FIN | ACK, 501, 101), c(ACK, 101, 502), c(RST, 101)]],
  ] as const)('a connection reset after the %s’s FIN alone was not closed by its FINs', (_, steps) => {
    const { machine, rows } = play('syn', [...steps]);
    expect(rows.at(-1)).toBe('CLOSED/CLOSED');
    expect(machine.verdict()).toMatchObject({ resetBy: 'client', bothClosed: false });
  });

  it('an RST that reaches a listener is ignored (3.10.7.2): a SYN scan answers each copy of the SYN-ACK with one', () => {
    const { machine, rows } = play('syn', [c(SYN, 100), s(SYN | ACK, 500, 101), c(RST, 101), s(SYN | ACK, 500, 101), c(RST, 101)]);
    expect(rows).toEqual(['SYN-SENT/SYN-RECEIVED', 'ESTABLISHED/SYN-RECEIVED', 'CLOSED/SYN-RECEIVED', 'CLOSED/LISTEN', 'CLOSED/LISTEN']);
    expect(machine.verdict()).toMatchObject({ resetBy: 'client', initiator: null });
    expect(machine.refused).toBe(false);
    // Each change once, on the frame that made it (the second RST changes nothing).
    const changes = (side: 'client' | 'server') => machine.transitions![side].map((t) => `${t.state}@${t.frame}`);
    expect([changes('client'), changes('server')]).toEqual([
      ['CLOSED@null', 'SYN-SENT@1', 'ESTABLISHED@2', 'CLOSED@3'],
      ['LISTEN@null', 'SYN-RECEIVED@1', 'LISTEN@4'],
    ]);
  });

  it('an RST names its sender as the one who reset even when nothing received it: in a capture taken at the server, a SYN never answered, then the client’s RST', () => {
    const { machine, rows } = play('syn', [c(SYN, 100), c(RST, 101)], { capturedAtServer: true, captureEnds: true });
    expect(rows).toEqual(['SYN-SENT/LISTEN lost', 'CLOSED/LISTEN']);
    expect(machine.verdict()).toMatchObject({ resetBy: 'client' });
  });

  it('a simultaneous open the server’s end resets: the client, which opened actively, goes from SYN-RECEIVED to CLOSED, refused (3.10.7.4)', () => {
    const { machine, rows } = play('syn', [c(SYN, 100), s(SYN, 500), s(RST | ACK, 501, 101)]);
    expect(rows.slice(1)).toEqual(['SYN-RECEIVED/SYN-RECEIVED', 'CLOSED/CLOSED']);
    expect(machine.refused).toBe(true);
    // The same after the client's SYN-ACK: the client is still in SYN-RECEIVED when the RST comes.
    expect(play('syn', [c(SYN, 100), s(SYN, 500), c(SYN | ACK, 100, 501), s(RST | ACK, 501, 101)]).machine.refused).toBe(true);
  });

  it.each([false, true])('refuses a SYN sent more often than the log keeps (captured at the server: %s): the RST|ACK answering the 70th copy refuses as one answering the first does, and every row shows the server CLOSED', (capturedAtServer) => {
    const syns = Array.from({ length: 70 }, () => c(SYN, 100));
    const unanswered = play('syn', syns, { capturedAtServer });
    const { machine, rows } = play('syn', [...syns, s(RST | ACK, 0, 101)], { capturedAtServer });
    expect([machine.refused, machine.verdict().resetBy, rows[70]]).toEqual([true, 'server', 'CLOSED/CLOSED']);
    expect(rows.slice(0, 70)).toEqual(unanswered.rows.map((row) => row.replace('SYN-SENT/SYN-RECEIVED', 'SYN-SENT/CLOSED').replace('SYN-SENT/LISTEN', 'SYN-SENT/CLOSED')));
    expect(machine.transitions!.server.map((t) => `${t.state}@${t.frame}`)).toEqual(['CLOSED@null']);
  });

  it.each([3, 63])('refuses alike after %i copies of the SYN and a segment of the server without ACK (a probe, dropped in SYN-SENT): a FIN it sent CLOSED was no active close', (copies) => {
    const steps = [c(SYN, 100), c(SYN, 100), s(FIN | PSH, 700, 0, { len: 3 }), ...Array.from({ length: copies }, () => c(SYN, 100)), s(RST | ACK, 0, 101)];
    const { machine, rows } = play('syn', steps);
    expect(machine.refused).toBe(true);
    expect(machine.verdict()).toMatchObject({ initiator: null, resetBy: 'server' });
    expect(new Set(rows.slice(0, -1).map((row) => row.replace(' lost', '')))).toEqual(new Set(['SYN-SENT/CLOSED']));
    expect(machine.transitions!.server.map((t) => `${t.state}@${t.frame}`)).toEqual(['CLOSED@null']);
  });

  it('refuses after a simultaneous open longer than the log (the client in SYN-RECEIVED, opened actively: 3.10.7.4), and leaves the rows of the server’s SYN as drawn, not as a CLOSED server’s', () => {
    // The client's copies do not acknowledge the server's SYN: it reaches the client after the latest one.
    const { machine, rows } = play('syn', [c(SYN, 100), s(SYN, 500), ...Array.from({ length: 64 }, () => c(SYN, 100)), s(RST | ACK, 501, 101)]);
    expect(machine.refused).toBe(true);
    expect(rows.slice(1, 3)).toEqual(['SYN-SENT/SYN-SENT', 'SYN-SENT/SYN-RECEIVED']);
    expect(machine.transitions!.server.map((t) => `${t.state}@${t.frame}`)).toEqual(['LISTEN@null', 'SYN-SENT@2', 'SYN-RECEIVED@3', 'CLOSED@67']);
  });

  it('redraws a row the log never held after it overflowed (the server’s segment without ACK, while the client was in SYN-SENT) as a CLOSED server’s too', () => {
    const { machine, rows } = play('syn', [...Array.from({ length: 65 }, () => c(SYN, 100)), s(PSH, 700, 0, { len: 1 }), c(SYN, 100), s(RST | ACK, 0, 101)]);
    expect(machine.refused).toBe(true);
    expect(new Set(rows.slice(0, -1))).toEqual(new Set(['SYN-SENT/CLOSED']));
  });

  it('is no refusal in a connection seen from its middle, though the client sent a SYN again after resetting it: the server was ESTABLISHED, not CLOSED from the start', () => {
    const { machine } = play('mid-stream', [c(PSH | ACK, 101, 501, { len: 5 }), c(RST, 106), c(SYN, 100), s(RST | ACK, 0, 101)]);
    expect([machine.refused, machine.verdict().resetBy]).toEqual([false, 'client']);
  });

  it('is no refusal when the server had answered the SYN with a SYN-ACK, though the client, which reset the connection, sent the SYN again: something listens', () => {
    const { machine } = play('syn', [...HANDSHAKE, c(RST, 101), c(SYN, 100), s(RST | ACK, 0, 101)]);
    expect([machine.refused, machine.verdict().resetBy]).toEqual([false, 'client']);
  });

  it('refuses after the SYN sent more often than the log keeps, then a simultaneous open nothing is in doubt about: the log is kept while a refusal may come', () => {
    // The client acknowledges the server's SYN (which it takes out of doubt), the server's segment without ACK
    // takes the client's ACK out of doubt; the client is in SYN-RECEIVED, opened actively (3.10.7.4).
    const { machine, rows } = play('syn', [...Array.from({ length: 65 }, () => c(SYN, 100)), s(SYN, 500), c(ACK, 101, 501), s(PSH, 501, 0, { len: 1 }), s(RST | ACK, 501, 101)]);
    expect(machine.refused).toBe(true);
    // Drawn again from a server CLOSED from the start: its SYN took it to SYN-SENT, the client's ACK of it on.
    expect(rows.slice(63)).toEqual(['SYN-SENT/CLOSED', 'SYN-SENT/CLOSED', 'SYN-RECEIVED/SYN-SENT', 'SYN-RECEIVED/ESTABLISHED', 'SYN-RECEIVED/ESTABLISHED', 'CLOSED/CLOSED']);
  });

  it('an RST from the server after the client acknowledged a SYN-ACK the capture missed resets what that SYN-ACK opened (the client was ESTABLISHED): no refusal', () => {
    const { machine, rows } = play('syn', [c(SYN, 100), c(ACK, 101, 501), c(PSH | ACK, 101, 501, { len: 5 }), s(RST | ACK, 501, 106)]);
    expect(rows.at(-1)).toBe('CLOSED/CLOSED');
    expect([machine.refused, machine.verdict().resetBy]).toEqual([false, 'server']);
  });

  it('an RST from a server that had acknowledged the SYN (its SYN-ACK missing from the capture) resets the connection: no refusal', () => {
    const { machine, rows } = play('syn', [c(SYN, 100), s(PSH | ACK, 501, 101, { len: 5 }), s(RST | ACK, 506, 101)]);
    expect(rows).toEqual(['SYN-SENT/SYN-RECEIVED', 'ESTABLISHED/SYN-RECEIVED', 'CLOSED/CLOSED']);
    expect([machine.refused, machine.verdict().resetBy]).toEqual([false, 'server']);
  });
});

describe('TcpStateMachine: an RST the client drops in SYN-SENT (RFC 9293 3.10.7.3; Linux tcp_rcv_synsent_state_process)', () => {
  // The reviewer's capture: SYN, an RST without ACK, the SYN again (same ISN), SYN-ACK, ACK.
  const retried = (rst: Step) => play('syn', [c(SYN, 100), rst, c(SYN, 100), s(SYN | ACK, 500, 101), c(ACK, 101, 501)]);

  it.each([
    ['without ACK', s(RST, 0)],
    ['acknowledging the ISS itself', s(RST | ACK, 0, 100)],
    ['acknowledging past SND.NXT (ISS + 2)', s(RST | ACK, 0, 102)],
    ['acknowledging something far away', s(RST | ACK, 0, 0x80000064)],
  ])('an RST %s changes nothing: the client stays in SYN-SENT, its next SYN is sent again, the handshake completes', (_, rst) => {
    const { machine, rows, revisions } = retried(rst);
    expect(rows).toEqual(['SYN-SENT/SYN-RECEIVED', 'SYN-SENT/SYN-RECEIVED', 'SYN-SENT/SYN-RECEIVED', 'ESTABLISHED/SYN-RECEIVED', 'ESTABLISHED/ESTABLISHED']);
    // Nothing is in doubt about it: the client's SYN sent after it does not move its arrival and redraw rows.
    expect(revisions).toEqual([]);
    expect([machine.refused, machine.verdict().resetBy, machine.ended]).toEqual([false, null, false]);
    expect(machine.transitions!.client.map((t) => `${t.state}@${t.frame}`)).toEqual(['CLOSED@null', 'SYN-SENT@1', 'ESTABLISHED@4']);
    expect(machine.transitions!.server.map((t) => `${t.state}@${t.frame}`)).toEqual(['LISTEN@null', 'SYN-RECEIVED@1', 'ESTABLISHED@5']);
  });

  it('feed() says which RST it dropped', () => {
    const machine = new TcpStateMachine('syn', null, false, false);
    index = 0;
    expect([machine.feed(seg('client', SYN, 100)), machine.feed(seg('server', RST, 0)), machine.feed(seg('server', RST | ACK, 0, 101))]).toEqual([true, false, true]);
  });

  it.each([
    ['ISS + 1, acknowledging the SYN', 0xffffffff, 0],
    ['ISS + 1 past the wrap of the sequence space', 0xfffffffe, 0xffffffff],
  ])('an RST|ACK acknowledging %s refuses', (_, isn, ack) => {
    const { machine, rows } = play('syn', [c(SYN, isn), s(RST | ACK, 0, ack)]);
    expect([machine.refused, rows.at(-1)]).toEqual([true, 'CLOSED/CLOSED']);
  });

  it('takes SND.NXT past a Fast Open SYN’s data: an RST|ACK acknowledging it refuses, one past it is dropped', () => {
    expect(play('syn', [c(SYN, 100, 0, { len: 10 }), s(RST | ACK, 0, 111)]).machine.refused).toBe(true);
    expect(play('syn', [c(SYN, 100, 0, { len: 10 }), s(RST | ACK, 0, 112)]).machine.refused).toBe(false);
  });

  it('keeps SND.NXT past a Fast Open SYN’s data when the SYN is sent again without it (as Linux resends it): an RST|ACK acknowledging the data still refuses', () => {
    expect(play('syn', [c(SYN, 100, 0, { len: 10 }), c(SYN, 100), s(RST | ACK, 0, 111)]).machine.refused).toBe(true);
    expect(play('syn', [c(SYN, 100, 0, { len: 10 }), c(SYN, 100), s(RST | ACK, 0, 112)]).machine.refused).toBe(false);
    // A new ISN is another attempt: its SND.NXT is its own SYN's.
    expect(play('syn', [c(SYN, 100, 0, { len: 10 }), c(SYN, 9000), s(RST | ACK, 0, 9011)]).machine.refused).toBe(false);
  });

  it('checks the ACK against the latest SYN’s ISN (another attempt): an RST|ACK for the first one is dropped, one for the latest refuses', () => {
    expect(play('syn', [c(SYN, 100), c(SYN, 9000), s(RST | ACK, 0, 101)]).machine.refused).toBe(false);
    expect(play('syn', [c(SYN, 100), c(SYN, 9000), s(RST | ACK, 0, 9001)]).machine.refused).toBe(true);
  });

  it('a dropped RST|ACK is no acknowledgement of the SYN: a later acceptable RST|ACK still refuses, and the rows are a CLOSED server’s', () => {
    const { machine, rows } = play('syn', [c(SYN, 100), s(RST | ACK, 0, 5000), c(SYN, 100), s(RST | ACK, 0, 101)]);
    expect([machine.refused, machine.verdict().resetBy]).toEqual([true, 'server']);
    expect(rows).toEqual(['SYN-SENT/CLOSED', 'SYN-SENT/CLOSED', 'SYN-SENT/CLOSED', 'CLOSED/CLOSED']);
  });

  it('with the client’s ISS unknown (no SYN of it fed: a machine started as at a SYN-ACK, in SYN-SENT), an RST|ACK is taken as acceptable, as before; one without ACK is dropped all the same', () => {
    const acked = play('syn-ack', [s(RST | ACK, 501, 7)]);
    expect([acked.rows, acked.machine.verdict().resetBy]).toEqual([['CLOSED/CLOSED'], 'server']);
    const bare = play('syn-ack', [s(RST, 501)]);
    expect([bare.rows, bare.machine.verdict().resetBy]).toEqual([['SYN-SENT/LISTEN'], null]);
  });

  it('an RST from the client in SYN-SENT is its own abort, as before: only what reaches the client is checked', () => {
    const { machine, rows } = play('syn', [c(SYN, 100), c(RST, 101)]);
    expect([rows.at(-1), machine.verdict().resetBy]).toEqual(['CLOSED/LISTEN', 'client']);
  });

  it('a dropped RST that overflows the log lets it go as rows a refusal can redraw: after a simultaneous open, the refusal draws a server CLOSED from the start', () => {
    const { machine, rows } = play('syn', [...Array.from({ length: 64 }, () => c(SYN, 100)), s(RST, 0), s(SYN, 500), s(RST | ACK, 501, 101)]);
    expect(machine.refused).toBe(true);
    expect(rows.slice(63)).toEqual(['SYN-SENT/CLOSED', 'SYN-SENT/CLOSED', 'SYN-RECEIVED/SYN-SENT', 'CLOSED/CLOSED']);
    expect(machine.transitions!.server.map((t) => `${t.state}@${t.frame}`)).toEqual(['CLOSED@null', 'SYN-SENT@66', 'CLOSED@67']);
  });

  it('a dropped RST while nothing is in doubt (the log forgot the SYNs) leaves the states as they were', () => {
    const { machine, rows } = play('syn', [...Array.from({ length: 65 }, () => c(SYN, 100)), s(RST, 0), c(SYN, 100), s(SYN | ACK, 500, 101), c(ACK, 101, 501)]);
    expect(rows.slice(64)).toEqual(['SYN-SENT/SYN-RECEIVED', 'SYN-SENT/SYN-RECEIVED', 'SYN-SENT/SYN-RECEIVED', 'ESTABLISHED/SYN-RECEIVED', 'ESTABLISHED/ESTABLISHED']);
    expect([machine.refused, machine.verdict().resetBy]).toEqual([false, null]);
    // Refused after it, every row before the refusal is redrawn as a CLOSED server's, the dropped RST's too.
    const refused = play('syn', [...Array.from({ length: 65 }, () => c(SYN, 100)), s(RST, 0), c(SYN, 100), s(RST | ACK, 0, 101)]);
    expect(refused.machine.refused).toBe(true);
    expect(new Set(refused.rows.slice(0, -1))).toEqual(new Set(['SYN-SENT/CLOSED']));
  });
});

describe('TcpStateMachine: what the receiver does later', () => {
  /** The timestamps of a segment (TSval, TSecr). */
  const ts = (tsval: number, tsecr = 0) => ({ tsval, tsecr });

  it('takes a SYN first sent with TSval 0 (Linux’s random offset can give it) as lost when the SYN-ACK echoes the later copy', () => {
    const { rows } = play('syn', [c(SYN, 100, 0, ts(0)), c(SYN, 100, 0, ts(1000)), s(SYN | ACK, 500, 101, ts(7000, 1000)), c(ACK, 101, 501, ts(1001, 7000))]);
    expect(rows).toEqual(['SYN-SENT/LISTEN lost', 'SYN-SENT/SYN-RECEIVED', 'ESTABLISHED/SYN-RECEIVED', 'ESTABLISHED/ESTABLISHED']);
  });

  it('claims no loss for a SYN first sent with TSval 0 when the SYN-ACK echoes a TSval none of the copies carried, behind the first in RFC 7323’s modular order (2^32 - 1000): it names no later copy', () => {
    const { rows } = play('syn', [c(SYN, 100, 0, ts(0)), c(SYN, 100, 0, ts(1000)), s(SYN | ACK, 500, 101, ts(7000, 0xfffffc18)), c(ACK, 101, 501, ts(1001, 7000))]);
    expect(rows.filter((row) => row.endsWith('lost'))).toEqual([]);
  });

  it('claims no loss for a SYN sent three times whose SYN-ACK echoes the first copy’s TSval: the first arrived, and nothing says a later one did not', () => {
    const { rows } = play('syn', [c(SYN, 100, 0, ts(100)), c(SYN, 100, 0, ts(200)), c(SYN, 100, 0, ts(300)), s(SYN | ACK, 500, 101, ts(9000, 100)), c(ACK, 101, 501, ts(301, 9000))]);
    expect(rows.filter((row) => row.endsWith('lost'))).toEqual([]);
  });

  it('claims no loss for a SYN sent twice that a server without timestamps answers (net.ipv4.tcp_timestamps = 0), whatever the TSvals', () => {
    // Linux starts TSvals at a random offset: half the connections have ones above 2^31.
    const { rows } = play('syn', [c(SYN, 100, 0, ts(0x90000000)), c(SYN, 100, 0, ts(0x900003e8)), s(SYN | ACK, 500, 101), c(ACK, 101, 501)]);
    expect(rows).toEqual(['SYN-SENT/SYN-RECEIVED', 'SYN-SENT/SYN-RECEIVED', 'ESTABLISHED/SYN-RECEIVED', 'ESTABLISHED/ESTABLISHED']);
  });

  it('claims no loss for a FIN sent twice whose ACK echoes the later copy: the receiver takes the later TSval either way (RFC 7323 4.3)', () => {
    const { rows } = play('syn', [...HANDSHAKE, c(FIN | ACK, 101, 501, ts(1000, 7000)), c(FIN | ACK, 101, 501, ts(1200, 7000)), s(ACK, 501, 102, ts(7300, 1200))]);
    expect(rows.slice(3)).toEqual(['FIN-WAIT-1/CLOSE-WAIT', 'FIN-WAIT-1/CLOSE-WAIT', 'FIN-WAIT-2/CLOSE-WAIT']);
  });

  it('claims no loss for a SYN-ACK sent twice whose final ACK echoes the later copy', () => {
    const { rows } = play('syn', [c(SYN, 100, 0, ts(1000)), s(SYN | ACK, 500, 101, ts(7000, 1000)), s(SYN | ACK, 500, 101, ts(8000, 1000)), c(ACK, 101, 501, ts(2000, 8000))]);
    expect(rows).toEqual(['SYN-SENT/SYN-RECEIVED', 'ESTABLISHED/SYN-RECEIVED', 'ESTABLISHED/SYN-RECEIVED', 'ESTABLISHED/ESTABLISHED']);
  });

  it('keeps a SYN the server did not answer in a capture taken at the server as lost when both copies carry the same TSval (the echo cannot tell them apart)', () => {
    const { rows } = play('syn', [c(SYN, 100, 0, ts(5000)), c(SYN, 100, 0, ts(5000)), s(SYN | ACK, 500, 101, ts(9000, 5000)), c(ACK, 101, 501, ts(5100, 9000))], { capturedAtServer: true });
    expect(rows).toEqual(['SYN-SENT/LISTEN lost', 'SYN-SENT/SYN-RECEIVED', 'ESTABLISHED/SYN-RECEIVED', 'ESTABLISHED/ESTABLISHED']);
  });

  it('revises nothing when the echo confirms what was given: the first copy of the SYN arrived', () => {
    const { rows, revisions } = play('syn', [c(SYN, 100, 0, ts(1000)), c(SYN, 100, 0, ts(2000)), s(SYN | ACK, 500, 101, ts(7000, 1000)), c(ACK, 101, 501, ts(2001, 7000))]);
    expect(rows).toEqual(['SYN-SENT/SYN-RECEIVED', 'SYN-SENT/SYN-RECEIVED', 'ESTABLISHED/SYN-RECEIVED', 'ESTABLISHED/ESTABLISHED']);
    expect(revisions).toEqual([]);
  });

  it('takes a SYN-ACK that echoes TSval 0 as naming the copy that carried it (TSecr is an echo in any segment with ACK, RFC 7323 3.2): the first copy arrived, though the server was silent until the second', () => {
    const { rows } = play('syn', [c(SYN, 100, 0, ts(0)), c(SYN, 100, 0, ts(1000)), s(SYN | ACK, 500, 101, ts(7000, 0)), c(ACK, 101, 501, ts(1001, 7000))], { capturedAtServer: true });
    expect(rows.filter((row) => row.endsWith('lost'))).toEqual([]);
  });

  it('takes a SYN first sent without timestamps as lost when the SYN-ACK echoes a later copy’s TSval (one above 2^31 too): a SYN-ACK carries them only when the SYN it answers did (RFC 7323 3.2)', () => {
    const { rows } = play('syn', [c(SYN, 100), c(SYN, 100, 0, ts(0x90000000)), s(SYN | ACK, 500, 101, ts(7000, 0x90000000)), c(ACK, 101, 501, ts(0x90000001, 7000))]);
    expect(rows).toEqual(['SYN-SENT/LISTEN lost', 'SYN-SENT/SYN-RECEIVED', 'ESTABLISHED/SYN-RECEIVED', 'ESTABLISHED/ESTABLISHED']);
  });

  it('a second SYN-ACK with another ISN (a new answer to the SYN sent again, not the first sent again): the client’s ACK of the first shows the first arrived', () => {
    const { rows } = play('syn', [c(SYN, 100), s(SYN | ACK, 500, 101), c(SYN, 100), s(SYN | ACK, 9000, 101), c(ACK, 101, 501)]);
    expect(rows.filter((row) => row.endsWith('lost'))).toEqual([]);
  });

  it('a Fast Open server’s data sent in SYN-RECEIVED is not in doubt: when it sends its SYN-ACK again only the client’s ACK is lost', () => {
    const { rows } = play('syn', [c(SYN, 100, 0, { len: 10 }), s(SYN | ACK, 500, 111), s(PSH | ACK, 501, 111, { len: 20 }), c(ACK, 111, 521), s(SYN | ACK, 500, 111), c(ACK, 111, 521), s(ACK, 521, 111)]);
    expect(rows).toEqual([
      'SYN-SENT/SYN-RECEIVED',
      'ESTABLISHED/SYN-RECEIVED',
      'ESTABLISHED/SYN-RECEIVED',
      'ESTABLISHED/SYN-RECEIVED lost',
      'ESTABLISHED/SYN-RECEIVED',
      'ESTABLISHED/ESTABLISHED',
      'ESTABLISHED/ESTABLISHED',
    ]);
  });

  it('a delayed duplicate of the SYN-ACK during a half-close makes none of the client’s later segments lost', () => {
    const { rows } = play('syn', [...HANDSHAKE, s(PSH | ACK, 501, 101, { len: 10 }), s(FIN | ACK, 511, 101), c(PSH | ACK, 101, 512, { len: 10 }), s(SYN | ACK, 500, 101), s(ACK, 512, 111)]);
    expect(rows.slice(4)).toEqual(['CLOSE-WAIT/FIN-WAIT-1', 'CLOSE-WAIT/FIN-WAIT-2', 'CLOSE-WAIT/FIN-WAIT-2', 'CLOSE-WAIT/FIN-WAIT-2']);
  });

  it('a delayed duplicate of the SYN-ACK after the server has answered the final ACK with data does not make that ACK lost', () => {
    const { rows } = play('syn', [...HANDSHAKE, s(PSH | ACK, 501, 101, { len: 10 }), s(SYN | ACK, 500, 101)]);
    expect(rows).toEqual(['SYN-SENT/SYN-RECEIVED', 'ESTABLISHED/SYN-RECEIVED', 'ESTABLISHED/ESTABLISHED', 'ESTABLISHED/ESTABLISHED', 'ESTABLISHED/ESTABLISHED']);
  });
});

describe('TcpStateMachine: the end of the capture', () => {
  it('taken at the server, a client SYN nothing answered never arrived: the server stayed in LISTEN (its kernel answers a SYN at once)', () => {
    const { rows, revisions } = play('syn', [c(SYN, 100), c(SYN, 100)], { capturedAtServer: true, captureEnds: true });
    expect(rows).toEqual(['SYN-SENT/LISTEN lost', 'SYN-SENT/LISTEN lost']);
    expect(revisions).toEqual([0, 0, 1]);
  });

  it('taken at the server, a SYN of the server’s own end nothing answered is not claimed lost (the client’s answer could be what was lost)', () => {
    const { rows } = play('syn', [c(SYN, 100), s(SYN, 500)], { capturedAtServer: true, captureEnds: true });
    expect(rows).toEqual(['SYN-SENT/LISTEN lost', 'SYN-RECEIVED/SYN-SENT']);
  });

  it('taken elsewhere, the same silence says nothing: the SYN is taken as arrived', () => {
    const { rows, revisions } = play('syn', [c(SYN, 100), c(SYN, 100)], { captureEnds: true });
    expect(rows).toEqual(['SYN-SENT/SYN-RECEIVED', 'SYN-SENT/SYN-RECEIVED']);
    expect(revisions).toEqual([]);
  });

  it('taken at the server, a SYN that was answered, or the server’s own segment nothing answered, is not revised', () => {
    expect(play('syn', [c(SYN, 100), s(SYN | ACK, 500, 101)], { capturedAtServer: true, captureEnds: true })).toMatchObject({ rows: ['SYN-SENT/SYN-RECEIVED', 'ESTABLISHED/SYN-RECEIVED'], revisions: [] });
    expect(play('syn', [...HANDSHAKE, s(FIN | ACK, 501, 101), s(FIN | ACK, 501, 101)], { capturedAtServer: true, captureEnds: true })).toMatchObject({
      rows: { 4: 'CLOSE-WAIT/FIN-WAIT-1', 3: 'CLOSE-WAIT/FIN-WAIT-1' },
      revisions: [],
    });
  });
});

describe('TcpStateMachine: what it keeps', () => {
  it('keeps at most 64 segments in doubt: past that the oldest is taken as arrived (a long transfer costs nothing), and later segments apply as they come', () => {
    // The client's FIN is lost on the way; the server streams on without acknowledging it.
    const stream = Array.from({ length: 64 }, (_, i) => s(PSH | ACK, 511 + 10 * i, 101, { len: 10 }));
    const machine = new TcpStateMachine('syn', null, false, false);
    const feed = (step: Step, i: number) => machine.feed({ index: i, frame: i + 1, offset: i / 100, ack: 0, len: 0, tsval: null, tsecr: null, ...step });
    [...HANDSHAKE, s(PSH | ACK, 501, 101, { len: 10 }), c(FIN | ACK, 101, 511), ...stream.slice(0, 63)].forEach(feed);
    expect(machine.inDoubt).toBe(true);
    feed(stream[63]!, 68);
    expect([machine.inDoubt, machine.client, machine.server]).toEqual([false, 'FIN-WAIT-1', 'CLOSE-WAIT']);
    feed(s(ACK, 1151, 102), 69);
    expect([machine.inDoubt, machine.client, machine.server]).toEqual([false, 'FIN-WAIT-2', 'CLOSE-WAIT']);
  });

  it('replays a later log from the states its first segment found, not from those where the log before was forgotten: segments applied without a log in between count (0615dfa)', () => {
    // Seen from its middle: the client's FIN and 64 ACKs overflow the log, which is forgotten with the FIN
    // taken as arrived; the server's ACK of the FIN then comes with no log, and moves the client to FIN-WAIT-2.
    const acks = Array.from({ length: 64 }, () => c(ACK, 102, 501));
    // The server's FIN opens a new log; the client's ACK does not acknowledge it (it had not arrived yet),
    // which replays that log: the FIN's row is redrawn from FIN-WAIT-2, as the row before it showed.
    const { rows } = play('mid-stream', [c(FIN | ACK, 101, 501), ...acks, s(ACK, 501, 102), s(FIN | ACK, 501, 102), c(ACK, 102, 501)]);
    expect(rows.slice(-3)).toEqual(['FIN-WAIT-2/CLOSE-WAIT', 'FIN-WAIT-2/LAST-ACK', 'TIME-WAIT/LAST-ACK']);
  });

  it.each([1, 60, 200])('sees FINs that cross as crossed after an upload of %i segments', (count) => {
    // The server acknowledges the first one (and with it the handshake's final ACK).
    const data = Array.from({ length: count }, (_, i) => c(PSH | ACK, 101 + 10 * i, 501, { len: 10 }));
    data.splice(1, 0, s(ACK, 501, 111));
    const fin = 101 + 10 * count;
    const { rows } = play('syn', [...HANDSHAKE, ...data, c(FIN | ACK, fin, 501), s(FIN | ACK, 501, fin), c(ACK, fin + 1, 502), s(ACK, 502, fin + 1)]);
    expect(rows.slice(-4)).toEqual(['FIN-WAIT-1/ESTABLISHED', 'CLOSING/CLOSING', 'CLOSING/TIME-WAIT', 'TIME-WAIT/TIME-WAIT']);
  });
});
