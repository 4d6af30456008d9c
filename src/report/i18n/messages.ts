// Everything a reader sees in words, for one language. Renderers hold no prose of their own.
import type { Anomaly, ConnectionReport, FastOpenReport, NotDecodedReport, Outcome, Side, SocketCallReport, TcpState, TeardownKind } from '../../analyse/report-model.js';
import type { HeaderFieldId } from '../header-fields.js';

export interface Messages {
  lang: string;
  title: string;
  /** `file` comes formatted for the output (in Markdown, as code). */
  intro(file: string, packets: number, connections: number): string;
  captureWarnings: string;
  /** Frames of an encapsulation that is not decoded, shown among the capture's warnings. */
  notDecoded(entry: NotDecodedReport): string;
  noConnections: string;
  connectionTitle(index: number, client: string, server: string): string;
  side: Record<Side, string>;
  rolesGuessed: string;
  summary: {
    outcome: string;
    handshake: string;
    teardown: string;
    timeWait: string;
    bytes: string;
    complete: string;
    incomplete: string;
    none: string;
  };
  outcome: Record<Outcome, string>;
  teardownKind: Record<TeardownKind, string>;
  state: Record<TcpState, string>;
  sections: {
    ladder: string;
    packets: string;
    handshake: string;
    synHeader: string;
    options: string;
    rules: string;
    teardown: string;
    timeline: string;
    anomalies: string;
    wireshark: string;
  };
  columns: {
    frame: string;
    time: string;
    direction: string;
    flags: string;
    seq: string;
    ack: string;
    len: string;
    window: string;
    states: string;
    notes: string;
    field: string;
    bytes: string;
    value: string;
    meaning: string;
    call: string;
  };
  handshakeSteps: [string, string, string];
  handshakeMissing: string;
  synRetransmissions(count: number): string;
  /** TCP Fast Open, where a SYN carried its cookie option or data. */
  fastOpenExplain(fastOpen: FastOpenReport): string;
  fieldName: Record<HeaderFieldId, string>;
  headerField(id: HeaderFieldId, value: number, context: { isSyn: boolean; ackSet: boolean; headerLength: number }): string;
  flagBits(bits: string): string;
  option(option: { name: string; [key: string]: unknown }): string;
  rule: {
    synAck(ack: string, isn: string, ok: boolean): string;
    /** The SYN-ACK of an accepted Fast Open SYN: it acknowledges the SYN's data too. */
    synAckFastOpen(ack: string, isn: string, bytes: number, ok: boolean): string;
    finalAck(ack: string, isn: string, ok: boolean): string;
    fin(side: string, seq: string, ackFrame: number | null, ack: string): string;
  };
  teardownExplain(connection: ConnectionReport): string[];
  timeWaitExplain(connection: ConnectionReport): string;
  acceptDelay(micros: number): string;
  /** What a socket call did (or what one of the lab's own events means). */
  callMeaning(call: SocketCallReport): string;
  /** Who logged one of the lab's own events (not a socket call), e.g. "lab (client)". */
  toolEvent(side: string): string;
  /** Under the time line: the times are when each call returned. */
  callTimesNote: string;
  noEvents: string;
  anomaly: Record<Anomaly, string>;
  /** A word or two per anomaly, for table cells and ladder notes. */
  anomalyShort: Record<Anomaly, string>;
  checksumNote: string;
  /** A segment captured but never received (short, and in full). */
  lost: string;
  lostExplain: string;
  wiresharkIntro: string;
  /** Packet comments in the annotated pcapng. */
  comment: {
    syn(isn: string): string;
    synAck(isn: string, ack: string): string;
    ack(ack: string): string;
    fin(side: string, close: 'active' | 'crossed' | 'passive', seq: string): string;
    finAck(side: string, ack: string): string;
    rst(side: string): string;
    refused: string;
  };
  html: { toggleRaw: string; headerBytes(length: number): string };
  filters: { handshakeAndTeardown: string; stream: string; conversation: string; problems: string };
}
