// The state machine fed one segment at a time, as a live view feeds it: states at once, revisions later.
import { describe, expect, it } from 'vitest';
import type { SideStates } from './report-model.js';
import { TcpStateMachine, type Segment } from './tcp-state-machine.js';

const SYN = 0x02;
const ACK = 0x10;
const FIN = 0x01;
const RST = 0x04;
let index = 0;
const seg = (from: 'client' | 'server', flags: number, seq: number, ack = 0): Segment => ({ index: index, frame: ++index, offset: index / 10, from, flags, seq, ack, len: 0, tsval: -1, tsecr: -1 });

describe('TcpStateMachine', () => {
  it('gives the states after each segment at once, and revises a row when a later segment shows it had not arrived', () => {
    index = 0;
    const revised: [number, SideStates, boolean][] = [];
    const machine = new TcpStateMachine('syn', (i, states, lost) => revised.push([i, states, lost]), true, false);
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
    index = 0;
    const afterClientSyn = new TcpStateMachine('syn', null, true, true);
    afterClientSyn.feed(seg('client', SYN, 100));
    afterClientSyn.feed(seg('server', RST | ACK, 0, 101));
    expect([afterClientSyn.refused, afterClientSyn.server]).toEqual([true, 'CLOSED']);
  });
});
