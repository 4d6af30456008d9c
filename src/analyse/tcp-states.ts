// Each side's RFC 9293 state after every packet, as seen from the capture point: a packet is taken to
// leave its sender and reach its receiver at the moment it was captured.
import { TCP_FLAGS } from '../decode/decoded-packet.js';
import type { Side, TcpState } from './report-model.js';
import { seqAdd, seqDiff } from './sequence.js';

export interface StateInput {
  from: Side;
  flags: number;
  seq: number;
  ack: number;
  len: number;
  duplicate: boolean;
}

export interface StateStart {
  /** Both sides were already connected when the capture began. */
  midStream: boolean;
  /** The server answered the SYN with RST: no listener, so it never left CLOSED. */
  refused: boolean;
}

const other = (side: Side): Side => (side === 'client' ? 'server' : 'client');

export function trackStates(packets: StateInput[], start: StateStart): Record<Side, TcpState>[] {
  const state: Record<Side, TcpState> = start.midStream
    ? { client: 'ESTABLISHED', server: 'ESTABLISHED' }
    : { client: 'CLOSED', server: start.refused ? 'CLOSED' : 'LISTEN' };
  const finSeq: Partial<Record<Side, number>> = {};
  const finReceived: Record<Side, boolean> = { client: false, server: false };
  const result: Record<Side, TcpState>[] = [];

  for (const p of packets) {
    if (p.duplicate) {
      result.push({ ...state });
      continue;
    }
    const s = p.from;
    const r = other(s);
    const syn = (p.flags & TCP_FLAGS.SYN) !== 0;
    const ack = (p.flags & TCP_FLAGS.ACK) !== 0;
    const fin = (p.flags & TCP_FLAGS.FIN) !== 0;

    if (p.flags & TCP_FLAGS.RST) {
      state.client = 'CLOSED';
      state.server = 'CLOSED';
      result.push({ ...state });
      continue;
    }
    // The sender's side of the transition.
    if (syn && !ack && state[s] === 'CLOSED') state[s] = 'SYN-SENT';
    if (syn && !ack && state[r] === 'LISTEN') state[r] = 'SYN-RECEIVED';
    if (syn && !ack && state[r] === 'SYN-SENT') state[r] = 'SYN-RECEIVED'; // simultaneous open
    if (fin && finSeq[s] === undefined) {
      finSeq[s] = seqAdd(p.seq, p.len + (syn ? 1 : 0));
      const peerFin = finSeq[r];
      const acksPeerFin = peerFin !== undefined && ack && seqDiff(p.ack, seqAdd(peerFin, 1)) >= 0;
      // A FIN that does not acknowledge the peer's FIN, already captured, was sent before that FIN
      // arrived: the FINs crossed, and the sender went FIN-WAIT-1 -> CLOSING, not CLOSE-WAIT -> LAST-ACK.
      if (state[s] === 'CLOSE-WAIT' && !acksPeerFin) state[s] = 'CLOSING';
      else if (state[s] === 'ESTABLISHED' || state[s] === 'SYN-RECEIVED') state[s] = 'FIN-WAIT-1';
      else if (state[s] === 'CLOSE-WAIT') state[s] = 'LAST-ACK';
    }
    // The receiver's side.
    if (ack) {
      if (syn && state[r] === 'SYN-SENT') state[r] = 'ESTABLISHED';
      if (state[r] === 'SYN-RECEIVED') state[r] = 'ESTABLISHED'; // its SYN acknowledged (by a SYN-ACK too, in a simultaneous open)
      const rFin = finSeq[r];
      if (rFin !== undefined && seqDiff(p.ack, seqAdd(rFin, 1)) >= 0) {
        if (state[r] === 'FIN-WAIT-1') state[r] = 'FIN-WAIT-2';
        else if (state[r] === 'CLOSING') state[r] = 'TIME-WAIT';
        else if (state[r] === 'LAST-ACK') state[r] = 'CLOSED';
      }
    }
    if (fin && !finReceived[r]) {
      finReceived[r] = true;
      if (state[r] === 'ESTABLISHED' || state[r] === 'SYN-RECEIVED') state[r] = 'CLOSE-WAIT';
      else if (state[r] === 'FIN-WAIT-1') state[r] = 'CLOSING';
      else if (state[r] === 'FIN-WAIT-2') state[r] = 'TIME-WAIT';
    }
    result.push({ ...state });
  }
  return result;
}
