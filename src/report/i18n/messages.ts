// Everything a reader sees in words, for one language. Renderers hold no prose of their own.
import type { Anomaly, ChecksumLayer, ConnectionReport, LossCause, FastOpenReport, NotDecodedReport, Outcome, Side, SocketCallReport, TcpState, TeardownKind } from '../../analyse/report-model.js';
import type { Tunnel } from '../../decode/decoded-packet.js';
import type { CaptureWarning } from '../../capture/raw-packet.js';
import type { HeaderFieldId } from '../header-fields.js';
import type { Verdict } from '../verdict-line.js';

/** What a header field's meaning depends on, beyond its value. */
export interface HeaderContext {
  from: Side;
  isSyn: boolean;
  ackSet: boolean;
  headerLength: number;
  /** The sender's window scale shift, once both SYNs carried the option; null before or without it. */
  windowShift: number | null;
  /** The checksum does not match the captured bytes. */
  checksumWrong: boolean;
}

export interface Messages {
  lang: string;
  title: string;
  /** `file` comes formatted for the output (in Markdown, as code). */
  intro(file: string, packets: number, connections: number): string;
  captureWarnings: string;
  captureWarning(warning: CaptureWarning): string;
  /** Frames of an encapsulation that is not decoded, shown among the capture's warnings. */
  notDecoded(entry: NotDecodedReport): string;
  /** TCP packets that came through a tunnel, decoded to the packets inside. */
  throughTunnel(tunnel: Tunnel, tcpPackets: number): string;
  noConnections: string;
  connectionTitle(index: number, client: string, server: string): string;
  /** A reference to one frame in running text ("frame 5"), and a list of frames ("Frames: 8, 9, 10"). */
  frameRef(frame: number): string;
  frameList(frames: number[]): string;
  /** A sentence or heading followed by the frame it is about, in the language's brackets. */
  withFrame(text: string, frame: number): string;
  /** Brackets and list separators of the language. */
  parenthesised(text: string): string;
  list(items: string[]): string;
  /** A program in the time line: its side and process id. */
  processName(side: Side, pid: number): string;
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
    /** The capture started after the handshake. */
    notCaptured: string;
    /** The SYN was answered by an RST. */
    refused: string;
    none: string;
  };
  teardownSummary(kind: TeardownKind, initiator: Side | 'both' | null): string;
  outcome: Record<Outcome, string>;
  /** The outcome of a connection whose SYN was captured but that never opened (see neverEstablished). */
  outcomeNotEstablished: string;
  teardownKind: Record<TeardownKind, string>;
  state: Record<TcpState, string>;
  sections: {
    ladder: string;
    packets: string;
    handshake: string;
    synHeader: string;
    options: string;
    optionBytes: string;
    rules: string;
    teardown: string;
    timeline: string;
    anomalies: string;
    checksums: string;
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
  /** The third step when the client's first ACK (`lostFrame`) never reached the server, and `step` did. */
  finalAckLost(step: string, lostFrame: number): string;
  handshakeMissing: string;
  /** `gaps`: the seconds between one SYN and the next, as captured (none when the report keeps no packets: --brief);
   * `resentAfterRst`: the SYN Linux sent again at once after an RST|ACK it dropped for its acknowledgement number. */
  synRetransmissions(count: number, gaps: number[], resentAfterRst: { rst: number; syn: number } | null): string;
  /** TCP Fast Open, where a SYN carried its cookie option or data. */
  fastOpenExplain(fastOpen: FastOpenReport): string;
  fieldName: Record<HeaderFieldId, string>;
  headerField(id: HeaderFieldId, value: number, context: HeaderContext): string;
  flagBits(bits: { name: string; set: boolean }[]): string;
  option(option: { name: string; [key: string]: unknown }): string;
  rule: {
    synAck(ack: string, isn: string, ok: boolean): string;
    /** The SYN-ACK of an accepted Fast Open SYN: it acknowledges the SYN's data too. */
    synAckFastOpen(ack: string, isn: string, bytes: number, ok: boolean): string;
    finalAck(ack: string, isn: string, ok: boolean): string;
    fin(side: string, seq: string, ackFrame: number | null, ack: string): string;
  };
  teardownExplain(connection: ConnectionReport): string[];
  /** Why closing takes a FIN in each direction (shown with every FIN teardown). */
  whyTwoFins: string;
  /** listen()'s backlog, as the server's events give it. */
  backlog(backlog: number): string;
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
  /** Checksums that do not match the captured bytes: a packet's note, and the explanation (TX checksum
   * offload) shown only when a capture has such packets. */
  wrongChecksum: Record<ChecksumLayer, string>;
  checksumNote(counts: { tcp: number; ipv4: number; packets: number }): string;
  /** A failed call's error, from its errno name and the program's English strerror() text. */
  callError(errno: string | undefined, text: string): string;
  /** A segment captured but never received (short, and in full); with its cause when the lab knows it. */
  lost: string;
  lostExplain: string;
  lostBecause: (cause: LossCause, backlog?: number) => string;
  lostBecauseExplain: (cause: LossCause, backlog?: number) => string;
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
  html: {
    toggleRaw: string;
    largeText: string;
    printDetails: string;
    headerBytes(frame: number, length: number): string;
    packetHeaders: string;
    ladderName(connection: string): string;
    ladderHelp: string;
    legend: string;
    legendKind: Record<'handshake' | 'data' | 'ack' | 'teardown' | 'anomaly' | 'lost', string>;
    /** Read before a state beside a lifeline by a screen reader ("client: "). */
    statePrefix(side: string): string;
    direction(from: Side): string;
    captionSynHeader(frame: number): string;
    captionPackets: string;
    captionTimeline: string;
    captionOptions: string;
  };
  /** `lab up --scenario all`: the index page linking every preset's report. */
  index: {
    title: string;
    columns: [string, string, string];
    /** What a preset shows; `english` is the preset's own line (lab.yaml's written-out scenarios are "custom"). */
    presetSummary(name: string, english: string): string;
    connections(count: number, first: string): string;
    noConnection: string;
  };
  /** A connection's verdict in one line (the terminal summary and the index). */
  verdict(c: Verdict): string;
  filters: { handshakeAndTeardown: string; stream: string; conversation: string; problems: string };
}
