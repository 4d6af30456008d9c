// Both ends of one connection as RFC 9293 state machines, fed one captured segment at a time. Sending
// moves the sender at once; receiving moves the receiver when the segment arrives, and the capture does not
// show that: it is assumed to arrive as it is captured unless what the receiver does later says otherwise.
//   - The receiver sends something that does not acknowledge a SYN or FIN (or, for an RST, anything at all):
//     it had not received it yet, so its arrival moves to after that segment (the FINs crossed).
//   - The sender sends the same SYN or FIN again, no acknowledgement of the first one was captured, and the
//     receiver shows it never got it: a segment it sent after the first copy did not acknowledge it, or (a
//     SYN) its SYN-ACK echoes a later copy's TSval. The first copy was lost after the capture point (a
//     firewall rule, a full accept queue) and never arrives. In a capture taken at the server (a lab's), its
//     silence until the copy is sent again is such evidence for the client's segments, and so is its silence
//     until the capture ends after a SYN: a listener's kernel answers a SYN at once (SYN-ACK, or RST) unless
//     it drops it (a full accept queue). Without any (a capture
//     taken at the sender, where the reply may be what was lost) it is taken as arrived; a reply that echoes
//     the first copy's own TSval shows it did arrive.
//   - The client's ACK that completes the handshake is in doubt too: a server in SYN-RECEIVED that sends its
//     SYN-ACK again after it had not received it (a server that had would be ESTABLISHED, and never sends a
//     SYN-ACK again), so it was lost and the server stayed in SYN-RECEIVED; Linux sends the SYN-ACK again
//     after 1 s, and the client's ACK of that copy completes the handshake. Any other segment of the server
//     shows it arrived. The client's plain ACKs and data sent after it share its fate: a server that drops
//     the final ACK (a full accept queue) drops the request behind it too, and stays in SYN-RECEIVED.
// Such a later segment revises the states already given for earlier packets: the listener hears of each.
// The segments since the oldest one in doubt are kept (a few at a handshake or teardown) and replayed when one
// is revised; once none is in doubt they are forgotten, so a long transfer costs nothing.
// The verdicts (who closed first, TIME-WAIT, reset, refused) are read from these transitions.
import { TCP_FLAGS } from '../decode/decoded-packet.js';
import type { Side, SideStates, StateChange, TcpState } from './report-model.js';
import { seqAdd, seqDiff } from './sequence.js';

const { SYN, ACK, FIN, RST } = TCP_FLAGS;
/** Segments in doubt kept at most; beyond it the oldest is taken as arrived. */
const MAX_LOG = 64;

export interface Segment {
  /** Position in the connection, from 0. */
  index: number;
  frame: number;
  /** Seconds since the connection's first packet. */
  offset: number;
  from: Side;
  flags: number;
  /** Sequence and acknowledgement numbers and TSvals are signed 32-bit numbers (see sequence.ts). */
  seq: number;
  ack: number;
  len: number;
  /** The timestamps option's TSval and TSecr, null without one (needed only for SYNs, FINs, RSTs and the
   * segments that follow them while one is in doubt). */
  tsval: number | null;
  tsecr: number | null;
}

/** What the first packet says about the states before it: a SYN, a SYN-ACK (the SYN was not captured) or
 * anything else (both sides were already connected). */
export type Start = 'syn' | 'syn-ack' | 'mid-stream';

/** Hears of each revised row. An object with a method rather than a function: the connection builder is
 * one, where a closure would be two more objects kept per connection. */
export interface ReviseListener {
  /** `lost` is null for a row whose arrival stays as it was last given (a row the log no longer holds). */
  revised(index: number, states: SideStates, lost: boolean | null): void;
}

/** Both ends' states and what the verdicts need. A class, not an object literal, as is every object the
 * analyser makes per connection and keeps: V8 copies a literal from a template object, and once a field
 * first holds a number too large for a small integer (from 2^31 up), that template's layout is
 * out of date and every copy made from it is converted on its first use (about 3 % of the run). */
class Ends {
  /** Sequence number each side's FIN occupies; null before it sends one. */
  clientFin: number | null = null;
  serverFin: number | null = null;
  /** Sent a FIN before receiving the peer's: an active close. */
  clientActive = false;
  serverActive = false;
  /** The passive side's first acknowledgement of the FIN carried its own FIN (three segments). */
  passiveFinOnFirstAck: boolean | null = null;
  /** Who sent an RST before the FINs had closed the connection. */
  resetBy: Side | null = null;
  timeWaitEndedEarly: { side: Side; rstFrame: number } | null = null;
  clientChanges = 1;
  serverChanges = 1;

  constructor(
    public client: TcpState,
    public server: TcpState,
  ) {}
}

/** A segment kept in the log. A class, not an object filled in from `{}`: such an object keeps four of its
 * twenty fields in itself and the rest in a second array, and every access pays for it. */
class Entry implements Segment {
  index = 0;
  frame = 0;
  offset = 0;
  from: Side = 'client';
  flags = 0;
  seq = 0;
  ack = 0;
  len = 0;
  tsval: number | null = null;
  tsecr: number | null = null;
  /** The index of the segment after which this one arrives (its own when it arrives as captured). */
  arrivesAfter = 0;
  lost = false;
  /** Sent again before anything acknowledged it; `resentTsval` is the latest copy's TSval. */
  resent = false;
  resentTsval: number | null = null;
  /** Still in doubt: a SYN, FIN or RST whose arrival no later segment has shown, or a final ACK. */
  doubt = false;
  /** The client's ACK that would complete the handshake (the server is in SYN-RECEIVED), or a plain ACK or
   * data segment of the client while such an ACK is still in doubt. */
  finalAck = false;
  /** An RST the client dropped in SYN-SENT: it changes nothing. */
  dropped = false;
  /** The states after it, as last given. */
  client: TcpState = 'CLOSED';
  server: TcpState = 'CLOSED';
}

/** Log entries no machine holds, reused: a capture has a handshake and a teardown per connection. */
const spare: Entry[] = [];
/** Log arrays no machine holds, reused with their room: emptying an array gives its storage back, and the
 * next push allocates 17 slots again, twice per connection. A machine holds one only while in doubt. */
const spareLogs: Entry[][] = [];
/** The log of a machine holding none (never written to). */
const NO_LOG: Entry[] = [];
/** States before a log, reused: a machine needs one only while it holds a log, and most of a capture's
 * connections are ended ones lingering for late retransmissions, which hold none. */
const spareBases: Ends[] = [];
/** The ends of a new machine, but for the states (copied by restart(), never written). */
const NEW_ENDS = new Ends('CLOSED', 'CLOSED');

function entryOf(s: Segment, doubt: boolean, finalAck: boolean): Entry {
  const entry = spare.pop() ?? new Entry();
  entry.index = s.index;
  entry.frame = s.frame;
  entry.offset = s.offset;
  entry.from = s.from;
  entry.flags = s.flags;
  entry.seq = s.seq;
  entry.ack = s.ack;
  entry.len = s.len;
  entry.tsval = s.tsval;
  entry.tsecr = s.tsecr;
  entry.arrivesAfter = s.index;
  entry.lost = false;
  entry.resent = false;
  entry.resentTsval = null;
  entry.doubt = doubt;
  entry.finalAck = finalAck;
  entry.dropped = false;
  return entry;
}

/** Copies every field (the objects keep one shape: no spread, no Object.assign). */
function copyEnds(to: Ends, from: Ends): void {
  to.client = from.client;
  to.server = from.server;
  to.clientFin = from.clientFin;
  to.serverFin = from.serverFin;
  to.clientActive = from.clientActive;
  to.serverActive = from.serverActive;
  to.passiveFinOnFirstAck = from.passiveFinOnFirstAck;
  to.resetBy = from.resetBy;
  to.timeWaitEndedEarly = from.timeWaitEndedEarly;
  to.clientChanges = from.clientChanges;
  to.serverChanges = from.serverChanges;
}

const other = (side: Side): Side => (side === 'client' ? 'server' : 'client');
/** A side's state, read by a test on the side rather than `ends[side]`: an index that varies is a
 * megamorphic lookup, and this runs for most packets. */
const stateOf = (e: Ends, side: Side): TcpState => (side === 'client' ? e.client : e.server);
const closedOrTimeWait = (state: TcpState) => state === 'CLOSED' || state === 'TIME-WAIT';

export class TcpStateMachine {
  private readonly ends = new Ends('CLOSED', 'CLOSED');
  private start: Start = 'syn';
  /** The state before the first entry of the log; null while there is no log. */
  private base: Ends | null = null;
  /** Entries 0 to logLength - 1 of log are the segments kept (slots past it are left over from its reuse). */
  private log: Entry[] = NO_LOG;
  private logLength = 0;
  /** A refusal can still be drawn from the start: the log holds every segment since the first, or the rows
   * before it all left the client in SYN-SENT (sending its SYN again and again), which a refusal redraws
   * without replaying them: a CLOSED server stays so whatever reaches it or it sends without ACK, and what it
   * sent reached a client in SYN-SENT as it would have from a listener (no SYN, no ACK: dropped, 3.10.7.3). */
  private redrawable = true;
  /** Every state each side entered; null when not asked for (a brief report, where only the last states
   * and the verdicts are wanted, and a million small objects would cost more than the analysis). */
  transitions: Record<Side, StateChange[]> | null = null;
  /** The server acknowledged something (the SYN, with a SYN-ACK or, when the capture missed that, any later
   * segment): an RST from it after that resets a connection it had, it refuses none. */
  private serverAcknowledged = false;
  /** The client's ISS, from its latest SYN (a SYN with another ISN is another attempt, which Linux checks the
   * ACK against); null before any. With the data that SYN carried (Fast Open) it gives SND.NXT in SYN-SENT. */
  private clientIss: number | null = null;
  private clientSynData = 0;
  refused = false;

  constructor(
    start: Start,
    private readonly onRevise: ReviseListener | null,
    recordTransitions: boolean,
    /** The capture was taken at the server (a lab's): any answer of the server to the client's segment
     * would be in it, so silence until the copy is sent again says the first never arrived. */
    private readonly capturedAtServer: boolean,
  ) {
    this.restart(start, recordTransitions);
  }

  /** Starts over, as a new machine would, for another connection: ConnectionTracker reuses the builder of a
   * connection it has handed on, and its machine (see there). */
  restart(start: Start, recordTransitions: boolean): void {
    this.release();
    const client: TcpState = start === 'syn' ? 'CLOSED' : start === 'syn-ack' ? 'SYN-SENT' : 'ESTABLISHED';
    const server: TcpState = start === 'mid-stream' ? 'ESTABLISHED' : 'LISTEN';
    this.start = start;
    this.transitions = recordTransitions ? { client: [{ state: client, frame: null, offset: null }], server: [{ state: server, frame: null, offset: null }] } : null;
    copyEnds(this.ends, NEW_ENDS);
    this.ends.client = client;
    this.ends.server = server;
    this.redrawable = true;
    this.serverAcknowledged = false;
    this.clientIss = null;
    this.clientSynData = 0;
    this.refused = false;
  }

  get client(): TcpState {
    return this.ends.client;
  }

  get server(): TcpState {
    return this.ends.server;
  }

  /** Refused, reset, or both ends CLOSED or in TIME-WAIT after their FINs: nothing more will change. */
  get ended(): boolean {
    const e = this.ends;
    return this.refused || e.resetBy !== null || (closedOrTimeWait(e.client) && closedOrTimeWait(e.server) && e.clientFin !== null && e.serverFin !== null);
  }

  /** Some SYN, FIN or RST awaits what the receiver does next: feed timestamps with the segments now. */
  get inDoubt(): boolean {
    return this.logLength > 0;
  }

  /** A final ACK (or a segment after it) awaits the server's next segment. */
  private finalAckInDoubt(): boolean {
    for (let at = 0; at < this.logLength; at++) if (this.log[at]!.finalAck && this.log[at]!.doubt) return true;
    return false;
  }

  /** Both states after the latest segment. */
  states(): SideStates {
    return { client: this.ends.client, server: this.ends.server };
  }

  /** Takes the next captured segment (not a second capture of one already fed). Returns false for an RST
   * the client's TCP drops in SYN-SENT, which changes nothing (see droppedInSynSent). */
  feed(segment: Segment): boolean {
    const flags = segment.flags;
    if (flags & SYN && !(flags & ACK) && segment.from === 'client') {
      // SND.NXT never goes back: Linux sends a Fast Open SYN again without its data (the data waits in the
      // send queue), so only a new ISN, another attempt, starts it afresh.
      this.clientSynData = segment.seq === this.clientIss ? Math.max(this.clientSynData, segment.len) : segment.len;
      this.clientIss = segment.seq;
    }
    if (this.droppedInSynSent(segment)) {
      this.ignore(segment);
      return false;
    }
    const refusal = segment.from === 'server' && flags & RST && this.refusable();
    if (flags & ACK && segment.from === 'server') this.serverAcknowledged = true;
    const finalAck =
      segment.from === 'client' && (flags & (SYN | ACK | RST)) === ACK && (this.ends.server === 'SYN-RECEIVED' || (!(flags & FIN) && this.logLength > 0 && this.finalAckInDoubt()));
    const inDoubt = (flags & (SYN | FIN | RST)) !== 0 || finalAck;
    // Data and ACKs between two established ends change nothing (the common case, skipped cheaply).
    if (!inDoubt && !this.logLength && this.ends.client === 'ESTABLISHED' && this.ends.server === 'ESTABLISHED') return true;
    if (!this.logLength && !inDoubt) {
      this.apply(segment, null);
      return true;
    }
    const entry = entryOf(segment, inDoubt, finalAck);
    if (this.log === NO_LOG) {
      this.log = spareLogs.pop() ?? [];
      this.base = spareBases.pop() ?? new Ends(this.ends.client, this.ends.server);
      copyEnds(this.base, this.ends);
    }
    this.log[this.logLength++] = entry;
    this.apply(entry, entry);
    entry.client = this.ends.client;
    entry.server = this.ends.server;

    let revised = false;
    const last = this.logLength - 1;
    for (let at = 0; at < last; at++) {
      const earlier = this.log[at]!;
      if (!earlier.doubt) continue;
      if (earlier.finalAck) {
        if (segment.from === 'client') continue;
        earlier.doubt = false;
        // The server's SYN-ACK again: it had not received this ACK. Anything else from it: it had.
        if ((flags & (SYN | ACK)) === (SYN | ACK)) {
          earlier.lost = true;
          revised = true;
        }
      } else if (earlier.from === segment.from) {
        if (resends(segment, earlier)) {
          earlier.resent = true;
          earlier.resentTsval = segment.tsval;
          // The receiver answered after it without acknowledging it (its arrival was moved past that
          // answer), or it is the server and said nothing where the capture would have seen it; and now it
          // goes again: it never arrived.
          if (!earlier.lost && (earlier.arrivesAfter !== earlier.index || (this.capturedAtServer && earlier.from === 'client'))) {
            earlier.lost = true;
            revised = true;
          }
        }
      } else if (earlier.flags & RST) {
        // Its receiver sent something, its own RST too (an RST answers no RST: RFC 9293 3.10.7.1, Linux):
        // it still held the connection, so the RST had not arrived yet.
        earlier.arrivesAfter = segment.index;
        revised = true;
      } else if (acknowledges(segment, earlier)) {
        earlier.doubt = false;
        const lost = earlier.resent ? echoSaysLost(segment, earlier) : null;
        if (lost !== null && lost !== earlier.lost) {
          earlier.lost = lost;
          revised = true;
        }
      } else if (!(flags & RST) && !earlier.resent) {
        earlier.arrivesAfter = segment.index;
        revised = true;
      }
    }
    if (refusal) this.refused = true;
    // Nothing listened: the server was CLOSED from the start, and the SYN it answered left it there. (Past a
    // simultaneous open longer than the log, the rows stay as drawn: the log that would redraw them is gone.)
    if (refusal && this.redrawable) {
      const base = this.base!;
      base.server = 'CLOSED';
      base.serverChanges = 1;
      // A FIN it sent in SYN-RECEIVED, had it listened, was an active close; CLOSED, it closed nothing.
      base.serverActive = false;
      if (this.transitions) this.transitions.server[0]!.state = 'CLOSED';
      // The rows before the log: those it forgot when it overflowed, and those that came while it was empty
      // (neither SYN, FIN nor RST: the server's without ACK, or the client's without ACK, which a server in
      // SYN-RECEIVED would have made a final ACK in doubt), all with the client in SYN-SENT.
      for (let index = 0; index < this.log[0]!.index; index++) this.onRevise?.revised(index, { client: 'SYN-SENT', server: 'CLOSED' }, null);
      revised = true;
    }
    if (revised) this.replay();
    this.trim();
    return true;
  }

  /** An RST from the server that reaches the client in SYN-SENT without an acceptable ACK: one without ACK,
   * or whose ACK is not ISS < SEG.ACK =< SND.NXT. The client's TCP drops it and stays in SYN-SENT, sending its
   * SYN again (RFC 9293 3.10.7.3; Linux's tcp_rcv_synsent_state_process discards it). With the client's ISS
   * unknown (no SYN of it captured) its ACK cannot be checked: taken as acceptable, as before. */
  private droppedInSynSent(s: Segment): boolean {
    if (!(s.flags & RST) || s.from !== 'server' || this.ends.client !== 'SYN-SENT') return false;
    if (!(s.flags & ACK)) return true;
    return this.clientIss !== null && !(seqDiff(s.ack, this.clientIss) > 0 && seqDiff(s.ack, seqAdd(this.clientIss, 1 + this.clientSynData)) <= 0);
  }

  /** A dropped RST: it says nothing of what the server received, ends nothing, and its sender was no end of
   * this connection (a listener answers a SYN with RST|ACK acknowledging it; a server's TCP sends an RST
   * without ACK only to a segment with one, which a client in SYN-SENT does not send). Its row keeps the
   * states before it; a log held takes it as an entry nothing is in doubt about, so a replay redraws its row. */
  private ignore(segment: Segment): void {
    if (!this.logLength) return;
    const entry = entryOf(segment, false, false);
    entry.dropped = true;
    entry.client = this.ends.client;
    entry.server = this.ends.server;
    this.log[this.logLength++] = entry;
    this.trim();
  }

  /** No more segments will come (the capture ended, or the 4-tuple was reused). Taken at the server, a client
   * SYN nothing answered never arrived (see the top). */
  noMoreSegments(): void {
    if (!this.capturedAtServer) return;
    let revised = false;
    for (let at = 0; at < this.logLength; at++) {
      const entry = this.log[at]!;
      if (entry.doubt && !entry.lost && entry.from === 'client' && (entry.flags & (SYN | ACK | RST)) === SYN) {
        entry.lost = true;
        revised = true;
      }
    }
    if (revised) this.replay(true);
  }

  /** The teardown as the transitions tell it. */
  verdict(): { initiator: Side | 'both' | null; simultaneous: boolean; passiveFinOnFirstAck: boolean | null; resetBy: Side | null; timeWait: Side | 'both' | null; bothClosed: boolean; timeWaitEndedEarly: Ends['timeWaitEndedEarly'] } {
    const e = this.ends;
    const initiator = e.clientActive && e.serverActive ? 'both' : e.clientActive ? 'client' : e.serverActive ? 'server' : null;
    const timeWait = e.client === 'TIME-WAIT' && e.server === 'TIME-WAIT' ? 'both' : e.client === 'TIME-WAIT' ? 'client' : e.server === 'TIME-WAIT' ? 'server' : null;
    return {
      initiator,
      simultaneous: initiator === 'both',
      passiveFinOnFirstAck: e.passiveFinOnFirstAck,
      resetBy: e.resetBy,
      timeWait,
      bothClosed: closedOrTimeWait(e.client) && closedOrTimeWait(e.server) && e.clientFin !== null && e.serverFin !== null,
      timeWaitEndedEarly: e.timeWaitEndedEarly,
    };
  }

  /** Sends the segment, then delivers what arrives after it: itself, and earlier ones that were late. */
  private apply(segment: Segment, entry: Entry | null): void {
    if (entry?.dropped) return;
    this.send(segment);
    if (!entry) {
      this.receive(segment, segment);
      return;
    }
    if (!entry.lost && entry.arrivesAfter === entry.index) this.receive(entry, entry);
    for (let at = 0; at < this.logLength; at++) {
      const late = this.log[at]!;
      if (late !== entry && late.arrivesAfter === entry.index && !late.lost) this.receive(late, entry);
    }
  }

  /** Plays the log again from the state before it, with what is now known of each segment's arrival; the
   * latest segment's row is the caller's to give, unless the capture has ended. */
  private replay(includingLatest = false): void {
    copyEnds(this.ends, this.base!);
    if (this.transitions) {
      this.transitions.client.length = this.ends.clientChanges;
      this.transitions.server.length = this.ends.serverChanges;
    }
    const last = this.logLength - 1;
    for (let at = 0; at <= last; at++) {
      const entry = this.log[at]!;
      this.apply(entry, entry);
      const changed = entry.client !== this.ends.client || entry.server !== this.ends.server;
      entry.client = this.ends.client;
      entry.server = this.ends.server;
      if ((at < last || includingLatest) && this.onRevise && (changed || entry.resent || entry.lost)) this.onRevise.revised(entry.index, this.states(), entry.lost);
    }
  }

  /** The server's RST would refuse the connection: it has acknowledged nothing, and the client, which sent a
   * SYN, is still opening. An RST that reaches it in SYN-SENT, or in SYN-RECEIVED after it opened actively,
   * refuses (RFC 9293 3.10.7.3, 3.10.7.4; Linux's connect() fails with ECONNREFUSED); one that reaches it
   * later resets what the SYN-ACK the capture missed had opened. */
  private refusable(): boolean {
    const client = this.ends.client;
    return this.start === 'syn' && this.clientIss !== null && !this.serverAcknowledged && (client === 'SYN-SENT' || client === 'SYN-RECEIVED');
  }

  /** Forgets the log once no segment in it is in doubt (or it grew too long: then the oldest are taken
   * as arrived). A refusal redraws from the first packet, so while one may come it is kept; grown too long
   * by the client's SYNs alone, it is forgotten as rows a refusal can still redraw. */
  private trim(): void {
    const tooLong = this.logLength > MAX_LOG;
    const refusable = this.refusable();
    if (!tooLong && refusable) return;
    if (!tooLong) for (let at = 0; at < this.logLength; at++) if (this.log[at]!.doubt) return;
    // (Once a refusal can no longer come, whether it could redraw no longer matters.)
    if (!this.clientOpeningThroughout()) this.redrawable = false;
    this.release();
  }

  /** Every segment in the log left the client in SYN-SENT. */
  private clientOpeningThroughout(): boolean {
    for (let at = 0; at < this.logLength; at++) if (this.log[at]!.client !== 'SYN-SENT') return false;
    return true;
  }

  /** Gives the log's entries back for other connections; call when the connection is done. */
  release(): void {
    for (let at = 0; at < this.logLength; at++) spare.push(this.log[at]!);
    this.logLength = 0;
    if (this.log !== NO_LOG) spareLogs.push(this.log);
    this.log = NO_LOG;
    if (this.base) spareBases.push(this.base);
    this.base = null;
  }

  private set(side: Side, state: TcpState, at: Segment): void {
    const e = this.ends;
    if (stateOf(e, side) === state) return;
    if (side === 'client') e.client = state;
    else e.server = state;
    const count = side === 'client' ? e.clientChanges : e.serverChanges;
    const transitions = this.transitions;
    const changes = transitions && (side === 'client' ? transitions.client : transitions.server);
    if (changes) {
      if (changes.length !== count) changes.length = count;
      changes.push({ state, frame: at.frame, offset: at.offset });
    }
    if (side === 'client') e.clientChanges = count + 1;
    else e.serverChanges = count + 1;
  }

  private send(s: Segment): void {
    const e = this.ends;
    const side = s.from;
    const state = stateOf(e, side);
    const flags = s.flags;
    if (flags & RST) {
      if (!e.resetBy && !(closedOrTimeWait(e.client) && closedOrTimeWait(e.server))) e.resetBy = side;
      // Linux forgets a connection it resets, a TIME-WAIT one too.
      if (state === 'TIME-WAIT') e.timeWaitEndedEarly = { side, rstFrame: s.frame };
      this.set(side, 'CLOSED', s);
      return;
    }
    if (flags & SYN) {
      if (flags & ACK) {
        if (state === 'LISTEN' || state === 'CLOSED' || state === 'SYN-SENT') this.set(side, 'SYN-RECEIVED', s);
      } else if (state === 'CLOSED' || state === 'LISTEN') {
        // A listener that sends a SYN opens actively (RFC 9293 3.10.2, SEND in LISTEN).
        this.set(side, 'SYN-SENT', s);
      }
    } else if (flags & ACK && (state === 'SYN-SENT' || state === 'LISTEN')) {
      // It acknowledges without a SYN, so it got the peer's SYN (or SYN-ACK) and the capture missed it.
      this.set(side, 'ESTABLISHED', s);
    }
    const peerFin = side === 'client' ? e.serverFin : e.clientFin;
    // The passive side's first acknowledgement of the FIN: alone (four segments) or with its own FIN (three).
    if (e.passiveFinOnFirstAck === null && flags & ACK && peerFin !== null && seqDiff(s.ack, seqAdd(peerFin, 1)) >= 0 && (side === 'client' ? e.serverActive && !e.clientActive : e.clientActive && !e.serverActive))
      e.passiveFinOnFirstAck = (flags & FIN) !== 0;
    if (flags & FIN) {
      const own = side === 'client' ? e.clientFin : e.serverFin;
      if (own === null) {
        const finSeq = seqAdd(s.seq, s.len + (flags & SYN ? 1 : 0));
        if (side === 'client') e.clientFin = finSeq;
        else e.serverFin = finSeq;
      }
      const now = stateOf(e, side);
      if (now === 'ESTABLISHED' || now === 'SYN-RECEIVED') {
        this.set(side, 'FIN-WAIT-1', s);
        if (side === 'client') e.clientActive = true;
        else e.serverActive = true;
      } else if (now === 'CLOSE-WAIT') this.set(side, 'LAST-ACK', s);
      else if (now === 'SYN-SENT' || now === 'LISTEN') this.set(side, 'CLOSED', s);
    }
  }

  /** `s` arrives at its receiver; the change is shown on the row of `row`. */
  private receive(s: Segment, row: Segment): void {
    const e = this.ends;
    const side = other(s.from);
    const state = stateOf(e, side);
    const flags = s.flags;
    if (flags & RST) {
      if (state === 'LISTEN' || state === 'CLOSED') return;
      if (!e.resetBy && !(closedOrTimeWait(e.client) && closedOrTimeWait(e.server))) e.resetBy = s.from;
      // Linux ends TIME-WAIT on an acceptable RST (RFC 1337 discusses the hazard; net.ipv4.tcp_rfc1337 = 0).
      if (state === 'TIME-WAIT') e.timeWaitEndedEarly = { side, rstFrame: s.frame };
      // A connection opened passively goes back to LISTEN (RFC 9293 3.10.7.4).
      this.set(side, state === 'SYN-RECEIVED' && side === 'server' ? 'LISTEN' : 'CLOSED', row);
      return;
    }
    if (flags & SYN) {
      if (!(flags & ACK)) {
        if (state === 'LISTEN' || state === 'SYN-SENT') this.set(side, 'SYN-RECEIVED', row);
        return;
      }
      if (state === 'SYN-SENT' || state === 'SYN-RECEIVED') this.set(side, 'ESTABLISHED', row);
    } else {
      // Without SYN, RST or ACK a segment changes nothing (a FIN probe, say): LISTEN and SYN-SENT take only
      // those, and every other state drops it when the ACK bit is off (RFC 9293 3.10.7.4, fifth), as Linux does.
      if (!(flags & ACK)) return;
      // In SYN-SENT: the SYN-ACK before this segment was not captured.
      if (state === 'SYN-RECEIVED' || state === 'SYN-SENT') this.set(side, 'ESTABLISHED', row);
      const ownFin = side === 'client' ? e.clientFin : e.serverFin;
      if (ownFin !== null && seqDiff(s.ack, seqAdd(ownFin, 1)) >= 0) {
        const now = stateOf(e, side);
        if (now === 'FIN-WAIT-1') this.set(side, 'FIN-WAIT-2', row);
        else if (now === 'CLOSING') this.set(side, 'TIME-WAIT', row);
        else if (now === 'LAST-ACK') this.set(side, 'CLOSED', row);
      }
    }
    if (flags & FIN) {
      const now = stateOf(e, side);
      // (Never SYN-RECEIVED here: the ACK that comes with a FIN has already established it.)
      if (now === 'ESTABLISHED') this.set(side, 'CLOSE-WAIT', row);
      else if (now === 'FIN-WAIT-1') this.set(side, 'CLOSING', row);
      else if (now === 'FIN-WAIT-2') this.set(side, 'TIME-WAIT', row);
    }
  }
}

/** The receiver's segment acknowledges the earlier SYN or FIN (a SYN's own sequence number is enough: a
 * Fast Open server may refuse the data it carried). */
function acknowledges(reply: Segment, earlier: Segment): boolean {
  if (!(reply.flags & ACK)) return false;
  const end = earlier.flags & SYN ? seqAdd(earlier.seq, 1) : seqAdd(earlier.seq, earlier.len + 1);
  return seqDiff(reply.ack, end) >= 0;
}

/** What the echoed TSval of the reply that acknowledges a segment sent twice says of its first copy: it
 * arrived (the reply echoes that copy's own TSval, which the later one does not carry), it was lost (a SYN
 * answered with a later copy's TSval: a listener echoes the SYN it made the connection from, and Linux keeps
 * that one; or the first copy carried no timestamps), or nothing (a reply without timestamps, or a FIN, whose
 * duplicate updates the echoed value anyway). */
function echoSaysLost(reply: Segment, earlier: Entry): boolean | null {
  // The reply's TSecr is an echo whenever it carries ACK, as every reply here does: 0 too (RFC 7323 3.2).
  if (reply.tsecr === null) return null;
  if (reply.tsecr === earlier.tsval) return earlier.resentTsval === earlier.tsval ? null : false;
  // A first copy without timestamps made no connection that echoes one: a SYN-ACK carries the option only
  // when the SYN it answers did (RFC 7323 3.2).
  if (earlier.flags & SYN && !(earlier.flags & ACK) && (earlier.tsval === null || seqDiff(reply.tsecr, earlier.tsval) > 0)) return true;
  return null;
}

/** The same SYN, SYN-ACK or FIN sent again. */
function resends(segment: Segment, earlier: Segment): boolean {
  const kind = SYN | ACK | FIN | RST;
  if (earlier.flags & RST || (segment.flags & kind) !== (earlier.flags & kind)) return false;
  return earlier.flags & SYN ? segment.seq === earlier.seq : seqAdd(segment.seq, segment.len) === seqAdd(earlier.seq, earlier.len);
}
