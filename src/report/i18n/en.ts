// English text of the report.
import type { ConnectionReport } from '../../analyse/report-model.js';
import { encapsulationValue } from '../encapsulation-value.js';
import type { Messages } from './messages.js';

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

export const en: Messages = {
  lang: 'en',
  title: 'TCP connections explained',
  intro: (file, packets, connections) => `Capture ${file}: ${plural(packets, 'packet')}, ${plural(connections, 'TCP connection')}.`,
  captureWarnings: 'Warnings about the capture file',
  notDecoded: (e) =>
    `${plural(e.frames, 'frame')} of an encapsulation not decoded: ${{ ethertype: 'EtherType', 'ip-protocol': 'IP protocol', 'udp-port': 'UDP port', 'ppp-protocol': 'PPP protocol' }[e.field]} ` +
    `${encapsulationValue(e)}${e.name ? ` (${e.name})` : ''}, first in frame ${e.firstFrame}; any TCP inside ${e.frames === 1 ? 'it is' : 'them is'} not analysed.`,
  noConnections: 'This capture holds no TCP connection.',
  connectionTitle: (index, client, server) => `Connection ${index + 1}: ${client} → ${server}`,
  side: { client: 'client', server: 'server' },
  rolesGuessed: 'The capture starts in the middle of this connection, so the roles are guessed: the side with the well-known (or lower) port is taken as the server.',
  summary: {
    outcome: 'Outcome',
    handshake: 'Three-way handshake',
    teardown: 'Teardown',
    timeWait: 'Ends in TIME-WAIT',
    bytes: 'Payload bytes (client → server / server → client)',
    complete: 'complete',
    incomplete: 'incomplete',
    none: 'none',
  },
  outcome: {
    closed: 'closed: both FINs were acknowledged',
    reset: 'reset: an RST ended the connection',
    refused: 'refused: the SYN was answered by an RST (no program listens on that port)',
    open: 'open: the capture ends before the connection was closed',
  },
  teardownKind: {
    'four-way': 'four-way (FIN, ACK, FIN, ACK)',
    'three-way': 'three segments (FIN, FIN+ACK, ACK)',
    simultaneous: 'simultaneous close (the FINs crossed)',
    reset: 'reset (RST)',
  },
  state: {
    CLOSED: 'CLOSED',
    LISTEN: 'LISTEN',
    'SYN-SENT': 'SYN-SENT',
    'SYN-RECEIVED': 'SYN-RECEIVED',
    ESTABLISHED: 'ESTABLISHED',
    'FIN-WAIT-1': 'FIN-WAIT-1',
    'FIN-WAIT-2': 'FIN-WAIT-2',
    'CLOSE-WAIT': 'CLOSE-WAIT',
    CLOSING: 'CLOSING',
    'LAST-ACK': 'LAST-ACK',
    'TIME-WAIT': 'TIME-WAIT',
  },
  sections: {
    ladder: 'Ladder diagram',
    packets: 'Every packet',
    handshake: 'The three-way handshake',
    synHeader: "The SYN's TCP header, byte by byte",
    options: 'Options of the SYN',
    rules: 'The rules, checked with this capture’s numbers',
    teardown: 'The teardown',
    timeline: 'Socket calls on the same time line',
    anomalies: 'Anomalies',
    wireshark: 'What to look for in Wireshark',
  },
  columns: {
    frame: 'Frame',
    time: 'Time (s)',
    direction: 'Direction',
    flags: 'Flags',
    seq: 'Seq (rel / raw)',
    ack: 'Ack (rel / raw)',
    len: 'Len',
    window: 'Window',
    states: 'Client / server state',
    notes: 'Notes',
    field: 'Field',
    bytes: 'Bytes in the capture',
    value: 'Value',
    meaning: 'Meaning',
    call: 'Call',
  },
  handshakeSteps: [
    'SYN (client → server): SYN=1, ACK=0, a connection request carrying the client’s initial sequence number (ISN).',
    'SYN, ACK (server → client): SYN=1, ACK=1; it acknowledges the client’s ISN + 1 and carries the server’s own ISN.',
    'ACK (client → server): SYN=0, ACK=1; it acknowledges the server’s ISN + 1. The connection is established.',
  ],
  handshakeMissing: 'The capture does not hold the complete handshake of this connection.',
  synRetransmissions: (count) => `The client sent its SYN ${count + 1} times: ${plural(count, 'retransmission')} with the same ISN, because no SYN-ACK came back in time (Linux waits 1 s, then doubles the wait).`,
  fieldName: {
    srcPort: 'source port',
    dstPort: 'destination port',
    seq: 'sequence number',
    ack: 'acknowledgement number',
    dataOffset: 'data offset (+ reserved bits)',
    flags: 'flags',
    window: 'window',
    checksum: 'checksum',
    urgent: 'urgent pointer',
    options: 'options',
  },
  headerField: (id, value, { isSyn, ackSet, headerLength }) => {
    switch (id) {
      case 'srcPort':
        return `source port ${value}${isSyn ? ' (the client’s ephemeral port)' : ''}`;
      case 'dstPort':
        return `destination port ${value}`;
      case 'seq':
        return isSyn ? 'sequence number: the initial sequence number (ISN)' : 'sequence number';
      case 'ack':
        return ackSet ? `acknowledgement number: the next byte expected from the peer` : 'acknowledgement number: unused while ACK=0';
      case 'dataOffset':
        return `data offset: upper 4 bits = ${value} → ${value} × 4 = ${headerLength}-byte header, so ${headerLength - 20} bytes of options`;
      case 'flags':
        return 'flags (see the bits below)';
      case 'window':
        return `window: ${value} bytes the sender can receive${isSyn ? ' (never scaled in a SYN)' : ''}`;
      case 'checksum':
        return 'checksum (not checked: see the note on checksum offload)';
      case 'urgent':
        return 'urgent pointer (used only when URG=1)';
      case 'options':
        return `options: the remaining ${value} bytes`;
    }
  },
  flagBits: (bits) => `Flag bits: ${bits}`,
  option: (o) => {
    switch (o.name) {
      case 'MSS':
        return `MSS ${o.value}: the largest segment the sender wants to receive`;
      case 'WS':
        return `window scale: shift ${o.shift}, so later windows from this side are multiplied by ${o.multiplier}`;
      case 'SACK_PERM':
        return 'SACK permitted: the sender understands selective acknowledgements';
      case 'SACK':
        return `SACK blocks ${(o.blocks as [number, number][]).map(([l, r]) => `${l}-${r}`).join(', ')}`;
      case 'TS':
        return `timestamps: TSval ${o.tsval}, TSecr ${o.tsecr}`;
      case 'NOP':
        return 'NOP (padding, aligns the next option)';
      case 'EOL':
        return 'end of option list';
      case 'MALFORMED':
        return `malformed option (kind ${o.kind}): ${o.reason}`;
      default:
        return `option kind ${o.kind} (${o.bytes || 'no data'})`;
    }
  },
  rule: {
    synAck: (ack, isn, ok) => `SYN-ACK acknowledges ${ack} = client ISN ${isn} + 1 ${ok ? '✓' : '✗'}`,
    finalAck: (ack, isn, ok) => `The final ACK acknowledges ${ack} = server ISN ${isn} + 1 ${ok ? '✓' : '✗'}`,
    fin: (side, seq, ackFrame, ack) =>
      ackFrame === null
        ? `The ${side}’s FIN occupies sequence number ${seq}; no acknowledgement of it was captured ✗`
        : `The ${side}’s FIN occupies sequence number ${seq}; frame ${ackFrame} acknowledges ${ack} = ${seq} + 1 ✓`,
  },
  teardownExplain: (c: ConnectionReport) => {
    const t = c.teardown;
    const lines: string[] = [];
    if (t.kind === 'reset') {
      lines.push(
        c.outcome === 'refused'
          ? `The server answered the SYN with RST (frame ${t.rstFrame}): nothing listens on port ${c.server.port}, so connect() fails with “Connection refused”.`
          : `The ${t.initiator} sent RST (frame ${t.rstFrame}) and the connection ended at once, without the FIN exchange. A program does this when it closes with SO_LINGER set to 0, or when data arrives that nobody will read.`,
      );
    } else if (t.initiator === 'both') {
      lines.push('Both sides closed at nearly the same moment: each sent its FIN before the other’s arrived (the FINs crossed). Each side then acknowledges the other’s FIN, passing through CLOSING, and both end in TIME-WAIT.');
    } else if (t.initiator) {
      const passive = t.initiator === 'client' ? 'server' : 'client';
      lines.push(`The ${t.initiator} started the teardown: its program called close() (or shutdown()) first, so its FIN came first (active close). The ${passive} closed passively.`);
      if (t.kind === 'three-way')
        lines.push(`This capture shows three segments, not four: when the ${t.initiator}’s FIN arrived, the ${passive}’s program closed at once, so the kernel’s acknowledgement rode on the ${passive}’s own FIN (FIN+ACK) instead of going out alone.`);
      if (t.kind === 'four-way')
        lines.push(`This capture shows four separate segments: the ${passive} acknowledged the FIN at once, and sent its own FIN only later, when its program closed.`);
      if (!t.kind) lines.push(`The ${passive} never sent its own FIN in this capture, so the teardown is not complete.`);
    } else {
      lines.push('No FIN or RST was captured: the connection was still open when the capture ended.');
    }
    if (t.halfClose) lines.push(`Half-close: after the ${t.initiator}’s FIN, the other side kept sending data. A FIN only says “I will send no more”; the other direction stays open until its own FIN.`);
    return lines;
  },
  timeWaitExplain: (who) =>
    who === null
      ? 'Nobody reached TIME-WAIT in this capture.'
      : `${who === 'both' ? 'Both sides end' : `The ${who} ends`} in TIME-WAIT: the side that closed first waits 2×MSL (60 s on Linux) before forgetting the connection, so that its last ACK can be sent again if it was lost, and so that stray segments of this connection die out before the same ports can be used again.`,
  acceptDelay: (micros) => `accept() returned ${micros.toFixed(0)} µs after the handshake’s final ACK: the kernel completed the handshake between listen() and accept(); the program only receives the finished connection.`,
  eventCall: (call) =>
    ({
      connect: 'connect() sends the SYN and returns once the SYN-ACK has arrived',
      accept: 'accept() returns a connection whose handshake the kernel already completed',
      close: 'close() sends the FIN (or RST with SO_LINGER 0)',
      shutdown: 'shutdown(SHUT_WR) sends the FIN but keeps reading',
      listen: 'listen(): from now on the kernel answers SYNs',
      read: 'read()',
      write: 'write(): the kernel sends the data',
      socket: 'socket() creates the socket',
      bind: 'bind() gives it an address and port',
      fork: 'fork(): a child process serves this connection',
      settled: 'the teardown is over (the socket is in TIME-WAIT or gone)',
      ready: 'the client has started and waits for the go signal',
      setsockopt: 'setsockopt() sets a socket option',
    })[call] ?? `${call}()`,
  noEvents: 'No socket events were given (lab up writes them to events.jsonl; pass them with --events).',
  anomaly: {
    retransmission: 'retransmission: the same bytes (or SYN/FIN) were sent again because no acknowledgement came in time',
    'duplicate-ack': 'duplicate ACK: the receiver acknowledges the same byte again, a sign that a later segment arrived while an earlier one is missing',
    'out-of-order': 'out of order: this segment fills a gap left earlier',
    'zero-window': 'zero window: the receiver’s buffer is full; the sender must wait',
    'previous-segment-not-captured': 'previous segment not captured: a gap in the sequence numbers (the capture missed a packet)',
    'keep-alive': 'keep-alive: a probe that checks the peer is still there',
    duplicate: 'the same packet captured twice (for example on two interfaces, or with and without a VLAN tag); counted once',
  },
  anomalyShort: {
    retransmission: 'retransmission',
    'duplicate-ack': 'duplicate ACK',
    'out-of-order': 'out of order',
    'zero-window': 'zero window',
    'previous-segment-not-captured': 'previous segment not captured',
    'keep-alive': 'keep-alive',
    duplicate: 'captured twice',
  },
  checksumNote:
    'Checksums are not checked. On veth and container interfaces the kernel leaves the checksum of outgoing packets to “the hardware” (checksum offload), so a capture shows them unfinished. That is not an error.',
  wiresharkIntro: 'Open the capture in Wireshark and try these display filters:',
  comment: {
    syn: (isn) => `Handshake 1/3: SYN — the client asks to connect; its ISN is ${isn}`,
    synAck: (isn, ack) => `Handshake 2/3: SYN-ACK — the server accepts; its ISN is ${isn}, and it acknowledges ${ack} = client ISN + 1`,
    ack: (ack) => `Handshake 3/3: ACK — acknowledges ${ack} = server ISN + 1; the connection is established (accept() can now return it)`,
    fin: (side, active, seq) => `Teardown: FIN from the ${side} (${active ? 'it closed first: active close' : 'passive close'}); the FIN occupies sequence number ${seq}`,
    finAck: (side, ack) => `Teardown: acknowledges the ${side}'s FIN (ack ${ack} = FIN + 1)`,
    rst: (side) => `RST from the ${side}: the connection is aborted at once, without FINs`,
    refused: 'RST answering the SYN: nothing listens on this port (connection refused)',
  },
  html: {
    toggleRaw: 'Ladder: raw / relative numbers',
    headerBytes: (length) => `TCP header, ${length} bytes`,
  },
  filters: {
    handshakeAndTeardown: 'only the handshake and teardown packets',
    stream: 'only this connection (Statistics → Conversations lists the streams)',
    conversation: 'this connection by address and port',
    problems: 'retransmissions, duplicate ACKs and other anomalies',
  },
};
