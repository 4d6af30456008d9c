// English text of the report.
import type { ConnectionReport } from '../../analyse/report-model.js';
import { encapsulationValue } from '../encapsulation-value.js';
import { neverEstablished } from '../never-established.js';
import type { Messages } from './messages.js';

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

export const en: Messages = {
  lang: 'en',
  title: 'TCP connections explained',
  intro: (file, packets, connections) => `Capture ${file}: ${plural(packets, 'packet')}, ${plural(connections, 'TCP connection')}.`,
  captureWarnings: 'Warnings about the capture file',
  throughTunnel: (tunnel, n) =>
    `${plural(n, 'TCP packet')} came through ${{ pppoe: 'a PPPoE session (PPP over Ethernet)', gre: 'GRE (IP protocol 47)', vxlan: 'VXLAN (UDP port 4789)', 'ip-in-ip': 'IP in IP' }[tunnel]}: ` +
    'the connections below are those inside the tunnel, with the inner packets’ addresses and ports.',
  captureWarning: (w) => {
    switch (w.code) {
      case 'recordLengthImpossible':
        return `packet ${w.frame} (at byte ${w.byte}) claims ${w.length} captured bytes, which cannot be right; stopped reading there`;
      case 'endsInRecordHeader':
        return `the file ends inside the record header of packet ${w.frame} (at byte ${w.byte}); decoded the ${w.frame - 1} packets before it`;
      case 'cutInPacket':
        return `the file is cut inside packet ${w.frame} (at byte ${w.byte}: ${w.present} of ${w.length} bytes present); decoded the ${w.frame - 1} packets before it`;
      case 'blockLengthImpossible':
        return `block at byte ${w.byte} has an impossible length (${w.length}); stopped reading there after ${w.packets} packets`;
      case 'endsInBlockHeader':
        return `the file ends inside a block header at byte ${w.byte}; decoded the ${w.packets} packets before it`;
      case 'endsInSectionHeader':
        return `the file ends inside a section header at byte ${w.byte}`;
      case 'cutInBlock':
        return `the file is cut inside the block at byte ${w.byte} (${w.present} of ${w.length} bytes present); decoded the ${w.packets} packets before it`;
      case 'timestampResolutionImpossible':
        return `interface ${w.interfaceId} has an impossible timestamp resolution (if_tsresol ${w.tsresol}); using microseconds`;
      case 'blockTooShort':
        return `packet ${w.frame}: its block at byte ${w.byte} is too short for a packet header; skipped`;
      case 'unknownInterface':
        return `packet ${w.frame} names interface ${w.interfaceId}, which no interface block described; skipped`;
      case 'packetsNotDecoded':
        return `${plural(w.count, 'packet')} could not be decoded completely; the JSON report's "problems" name the layer and byte offset of each`;
      case 'captureSpaceFull':
        return `the capture stops at ${w.bytes} bytes: the lab's capture space (${w.spaceBytes / 1024 / 1024} MiB) was full, so later packets were not captured; this report covers the packets before`;
      case 'droppedByKernel':
        return `tcpdump says the kernel dropped ${plural(w.packets, 'packet')} it had no room for (the machine was busy): the capture lacks ${w.packets === 1 ? 'it' : 'them'}, and a gap marked “previous segment not captured” may be one of them rather than a loss on the wire`;
    }
  },
  notDecoded: (e) =>
    `${plural(e.frames, 'frame')} of an encapsulation not decoded: ${{ ethertype: 'EtherType', 'ip-protocol': 'IP protocol', 'udp-port': 'UDP port', 'ppp-protocol': 'PPP protocol' }[e.field]} ` +
    `${encapsulationValue(e)}${e.name ? ` (${e.name})` : ''}, first in frame ${e.firstFrame}; any TCP inside ${e.frames === 1 ? 'it is' : 'them is'} not analysed.`,
  noConnections: 'This capture holds no TCP connection.',
  connectionTitle: (index, client, server) => `Connection ${index + 1}: ${client} → ${server}`,
  frameRef: (frame) => `frame ${frame}`,
  parenthesised: (text) => `(${text})`,
  list: (items) => items.join(', '),
  withFrame: (text, frame) => `${text} (frame ${frame})`,
  frameList: (frames) => `${frames.length === 1 ? 'Frame' : 'Frames'}: ${frames.join(', ')}`,
  processName: (side, pid) => `${side} (pid ${pid})`,
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
    notCaptured: 'not captured (the capture started later)',
    refused: 'not established (refused)',
    none: 'none',
  },
  teardownSummary: (kind, initiator) => {
    const text = en.teardownKind[kind];
    return initiator === 'both' ? `${text}, started by both sides` : initiator ? `${text}, started by the ${initiator}` : text;
  },
  outcome: {
    closed: 'closed: both FINs were acknowledged',
    reset: 'reset: an RST ended the connection',
    refused: 'refused: the SYN was answered by an RST (no program listens on that port)',
    open: 'open: the capture ends before the connection was closed',
  },
  outcomeNotEstablished: 'not established: the handshake did not complete while the capture ran',
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
    optionBytes: 'The options, byte by byte',
    rules: 'The rules, checked with this capture’s numbers',
    teardown: 'The teardown',
    timeline: 'Socket calls on the same time line',
    anomalies: 'Anomalies',
    checksums: 'Checksums',
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
  finalAckLost: (step, lostFrame) =>
    `${step} The client’s first ACK (frame ${lostFrame}) never reached the server’s TCP: the client was ESTABLISHED, but the server stayed in SYN-RECEIVED and sent its SYN-ACK again (Linux waits 1 s, then twice as long each time); this ACK answered that copy, and only then was the server ESTABLISHED and the connection ready for accept().`,
  handshakeMissing: 'The capture does not hold the complete handshake of this connection.',
  fastOpenExplain: (f) =>
    `TCP Fast Open (RFC 7413): the client’s SYN ${f.cookie === 'presented' ? 'presented a cookie the server gave it earlier' : f.cookie === 'requested' ? 'asked for a Fast Open cookie' : 'used Fast Open'}${f.synData ? ` and carried ${f.synData} bytes of data` : ''}${f.cookieGranted ? '; the SYN-ACK granted a cookie for later connections' : ''}. ${f.dataAccepted === true ? 'The server accepted the data: its SYN-ACK acknowledges ISN + 1 + the data’s length, and the data reached the program one round trip earlier than after a handshake.' : f.dataAccepted === false ? 'The server did not accept the data: its SYN-ACK acknowledges only ISN + 1, so the client sent the data again after the handshake.' : ''} The SYN itself occupies one sequence number and is no byte of data: the client’s bytes are counted from ISN + 1.`,
  synRetransmissions: (count, gaps, resentAfterRst) =>
    `The client sent its SYN ${count + 1} times: ${plural(count, 'retransmission')} with the same ISN, because no SYN-ACK came back in time.${gaps.length ? ` Here the client waited ${gaps.map((g) => `${g.toFixed(2)} s`).join(', ')} between them.` : ''}${resentAfterRst ? ` Frame ${resentAfterRst.syn} went soon after frame ${resentAfterRst.rst}, an RST whose acknowledgement number the client could not accept: Linux then sets its retransmission timer to its minimum (TCP_TIMEOUT_MIN, two clock ticks) rather than waiting out the first 1 s, as long as it has not yet sent its SYN again.` : ''} RFC 6298 starts the retransmission timer at 1 s and doubles it each time it expires (exponential backoff); Linux since 6.5 first retries net.ipv4.tcp_syn_linear_timeouts times (4 by default) at the initial 1 s before it starts doubling.`,
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
  headerField: (id, value, { from, isSyn, ackSet, headerLength, windowShift, checksumWrong }) => {
    const port = (side: string) => (side === 'client' ? ' (the client’s ephemeral port)' : ' (the server’s port, where it listens)');
    switch (id) {
      case 'srcPort':
        return `source port ${value}${port(from)}`;
      case 'dstPort':
        return `destination port ${value}${port(from === 'client' ? 'server' : 'client')}`;
      case 'seq':
        return isSyn ? 'sequence number: the initial sequence number (ISN)' : 'sequence number';
      case 'ack':
        return ackSet ? `acknowledgement number: the next byte expected from the peer` : 'acknowledgement number: unused while ACK=0';
      case 'dataOffset':
        return `data offset: upper 4 bits = ${value} → ${value} × 4 = ${headerLength}-byte header, so ${headerLength - 20} bytes of options`;
      case 'flags':
        return 'flags (see the bits below)';
      case 'window':
        if (isSyn) return `window: ${value} bytes the sender can receive (a SYN’s window is never scaled)`;
        return windowShift === null
          ? `window: ${value} bytes the sender can receive`
          : `window: field ${value} × 2^${windowShift} (the window scale shift from this side’s SYN) = ${value * 2 ** windowShift} bytes the sender can receive`;
      case 'checksum':
        return `checksum over the pseudo-header, the TCP header and the data${checksumWrong ? ': does not match the captured bytes (see Checksums)' : ''}`;
      case 'urgent':
        return 'urgent pointer (used only when URG=1)';
      case 'options':
        return `options: the remaining ${value} bytes`;
    }
  },
  flagBits: (bits) => `Flag bits: ${bits.map((b) => `${b.name} ${b.set ? 1 : 0}`).join(', ')} (AE, CWR and ECE are the ECN bits)`,
  option: (o) => {
    switch (o.name) {
      case 'MSS':
        return `MSS ${o.value}: the largest segment the sender wants to receive`;
      case 'WS':
        return `window scale option: shift count S=${o.shift} (multiplier 2^${o.shift} = ${o.multiplier}); later windows from this side are multiplied by ${o.multiplier}`;
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
    synAck: (ack, isn, ok) => `SYN-ACK acknowledges ${ack} = client ISN ${isn} + 1 ${ok ? '✓' : '✗'} (the SYN carries no data but consumes one sequence number)`,
    synAckFastOpen: (ack, isn, bytes, ok) => `SYN-ACK acknowledges ${ack} = client ISN ${isn} + 1 + ${bytes} bytes of Fast Open data ${ok ? '✓' : '✗'} (the SYN consumes one sequence number, its data one per byte)`,
    finalAck: (ack, isn, ok) => `The final ACK acknowledges ${ack} = server ISN ${isn} + 1 ${ok ? '✓' : '✗'} (the server’s SYN consumes one sequence number too)`,
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
          ? `The server answered the SYN with RST (frame ${t.rst?.frame}): nothing listens on port ${c.server.port}, so connect() fails with “Connection refused”.`
          : `The ${t.rst?.from ?? t.initiator} sent RST (frame ${t.rst?.frame}) and the connection ended at once, without the FIN exchange. A program does this when it closes with SO_LINGER set to 0, or when it closes with unread data in its receive buffer.`,
      );
    } else if (t.initiator === 'both') {
      const closing = (['client', 'server'] as const).filter((side) => c.transitions?.[side].some((s) => s.state === 'CLOSING'));
      lines.push('Both sides closed actively: each sent its FIN before it had received the other’s.');
      if (closing.length === 2) lines.push('Each then received the other’s FIN while its own was still unacknowledged, so both passed through CLOSING.');
      else if (closing.length === 1)
        lines.push(`Only the ${closing[0]} passed through CLOSING (it received the other’s FIN while its own was unacknowledged); the ${closing[0] === 'client' ? 'server' : 'client'} had its FIN acknowledged first and went through FIN-WAIT-2.`);
    } else if (t.initiator) {
      const passive = t.initiator === 'client' ? 'server' : 'client';
      const fin = t.fins.find((f) => f.side === t.initiator);
      lines.push(`The ${t.initiator} started the teardown: its program called close() (or shutdown()) first, so its FIN came first (active close). The ${passive} closed passively.`);
      if (t.kind === 'three-way')
        lines.push(`This capture shows three segments, not four: when the ${t.initiator}’s FIN arrived, the ${passive}’s program closed at once, so the kernel’s acknowledgement rode on the ${passive}’s own FIN (FIN+ACK) instead of going out alone.`);
      if (t.kind === 'four-way' && fin?.ackWith === 'data')
        lines.push(`The ${passive} acknowledged the FIN with a data segment (frame ${fin.ackFrame}): it still had data to send, and sent its own FIN only later, when its program closed.`);
      else if (t.kind === 'four-way' && fin?.ackDelay != null)
        lines.push(
          fin.ackDelay < 0.001
            ? `This capture shows four separate segments: the ${passive} acknowledged the FIN at once (${(fin.ackDelay * 1e6).toFixed(0)} µs later), and sent its own FIN only later, when its program closed.`
            : `This capture shows four separate segments: the ${passive} acknowledged the FIN ${(fin.ackDelay * 1e3).toFixed(1)} ms later (a delayed ACK: Linux holds a lone acknowledgement back, up to about 40 ms, hoping to send it with data), and sent its own FIN only later, when its program closed.`,
        );
      if (!t.kind) lines.push(`The ${passive} never sent its own FIN in this capture, so the teardown is not complete.`);
    } else {
      lines.push(neverEstablished(c) ? 'No connection was established (the handshake did not complete), so there was nothing to tear down.' : 'No FIN or RST was captured: the connection was still open when the capture ended.');
    }
    if (t.halfClose) lines.push(`Half-close: after the ${t.initiator}’s FIN, the other side kept sending data. A FIN only says “I will send no more”; the other direction stays open until its own FIN.`);
    return lines;
  },
  timeWaitExplain: (c) => {
    const ended = c.timeWaitEndedEarly;
    const endedText = ended
      ? `The ${ended.side} was in TIME-WAIT until the RST of frame ${ended.rstFrame} ended it early: Linux accepts an RST in TIME-WAIT (net.ipv4.tcp_rfc1337 = 0; RFC 1337 describes the hazard).`
      : '';
    if (c.timeWait === null) return ended ? endedText : 'Nobody is in TIME-WAIT at the end of this capture.';
    const who = c.timeWait === 'both' ? 'Both sides end in TIME-WAIT: each closed actively, and each' : `The ${c.timeWait} ends in TIME-WAIT: the side that closed actively`;
    return `${who} waits 2×MSL before forgetting the connection, so that its last ACK can be sent again if it was lost, and so that stray segments of this connection die out before the same ports are used again. RFC 9293 sets MSL to 2 minutes (2×MSL = 4 minutes); Linux waits a fixed 60 s.${ended ? ` ${endedText}` : ''}`;
  },
  whyTwoFins:
    'Why a FIN in each direction: TCP is full-duplex, and each direction is closed by its own FIN. The kernel acknowledges a FIN at once or delayed; its own FIN leaves only when its program calls close() or shutdown().',
  backlog: (backlog) => `The server called listen() with a backlog of ${backlog}: the queue of connections whose handshake the kernel completed and that wait for accept().`,
  acceptDelay: (micros) => `accept() returned ${micros.toFixed(0)} µs after the handshake’s final ACK: the kernel completed the handshake between listen() and accept(); the program only receives the finished connection.`,
  callMeaning: (call) => {
    switch (call.meaning) {
      case 'socket':
        return 'socket() creates the socket';
      case 'bind':
        return 'bind() gives it an address and port';
      case 'listen':
        return `listen(): from now on the kernel answers SYNs and queues completed handshakes for accept() (backlog ${call.details.backlog ?? '?'})`;
      case 'setsockopt':
        return 'setsockopt() sets a socket option';
      case 'connect-established':
        return 'connect() sent the SYN and returned once the SYN-ACK had arrived (the kernel sends the final ACK)';
      case 'connect-refused':
        return 'connect() failed: an RST answered the SYN, no SYN-ACK came';
      case 'connect-fast-open':
        return `sendto(MSG_FASTOPEN) connects and sends in one call: with a cookie from an earlier connection the data rides in the SYN (${call.ret} bytes taken)`;
      case 'connect-failed':
        return 'connect() failed: no connection was established';
      case 'connect-timed-out':
        return 'connect() failed with ETIMEDOUT: no SYN-ACK answered the SYN or its retransmissions, so the client gave up; no connection was established';
      case 'accept-established':
        return 'accept() returned a connection whose handshake the kernel had already completed';
      case 'accept-failed':
        return 'accept() failed';
      case 'fork':
        return 'fork(): a child process serves this connection';
      case 'fork-failed':
        return 'fork() failed: no child process serves this connection; the server closes it';
      case 'read-data':
        return `${call.call}() returned ${call.ret} bytes of data`;
      case 'read-eof':
        return `${call.call}() = 0: end of file — the peer’s FIN arrived, it will send no more (this side may still send)`;
      case 'read-reset':
        return `${call.call}() failed: the peer’s RST reset the connection`;
      case 'read-failed':
        return `${call.call}() failed`;
      case 'write-data':
        return `${call.call}(): the kernel took ${call.ret} bytes and sends them`;
      case 'write-reset':
        return `${call.call}() failed: the connection was reset or closed by the peer`;
      case 'write-failed':
        return `${call.call}() failed`;
      case 'shutdown-fin':
        return 'shutdown(SHUT_WR) sends the FIN but keeps reading';
      case 'close-fin':
        return 'close() sends the FIN';
      case 'close-rst':
        return 'close() sends RST instead of a FIN (SO_LINGER 0, or unread data in the receive buffer)';
      case 'close-after-shutdown':
        return 'close(): the FIN already left with shutdown(); close() releases the descriptor';
      case 'close-after-reset':
        return 'close(): the connection was already reset; nothing is sent';
      case 'close-not-connected':
        return 'close(): connect() had failed, so there is no connection to close; nothing is sent, the descriptor is released';
      case 'tool-ready':
        return 'the lab’s client has started and waits for the go signal';
      case 'tool-settled':
        return `the lab read the kernel’s connection table: ${call.details.state ?? '?'}`;
      default:
        return `${call.call}()`;
    }
  },
  toolEvent: (side) => `lab (${side})`,
  callTimesNote: 'Each call is listed when it was made; a call that blocked shows the moment it was made and the moment it returned (made–returned).',
  noEvents: 'No socket events were given (lab up writes them to events.jsonl; pass them with --events).',
  anomaly: {
    retransmission: 'retransmission: the same bytes (or SYN/FIN) were sent again because no acknowledgement came in time',
    'duplicate-ack': 'duplicate ACK: the receiver acknowledges the same byte again, a sign that a later segment arrived while an earlier one is missing',
    'out-of-order': 'out of order: this segment fills a gap left earlier',
    'zero-window': 'zero window: the receiver’s buffer is full; the sender must wait',
    'previous-segment-not-captured': 'previous segment not captured: a gap in the sequence numbers (the capture missed a packet)',
    'keep-alive': 'keep-alive: a probe that checks the peer is still there',
    duplicate: 'the same packet captured twice (for example on two interfaces, or with and without a VLAN tag); counted once',
    'ignored-rst': 'RST ignored: it reached the client in SYN-SENT without acknowledging its SYN (no ACK bit, or an acknowledgement number outside ISS + 1 … SND.NXT), so the client’s TCP dropped it and went on waiting for a SYN-ACK (RFC 9293 §3.10.7.3); it refused and reset nothing',
  },
  anomalyShort: {
    retransmission: 'retransmission',
    'duplicate-ack': 'duplicate ACK',
    'out-of-order': 'out of order',
    'zero-window': 'zero window',
    'previous-segment-not-captured': 'previous segment not captured',
    'keep-alive': 'keep-alive',
    duplicate: 'captured twice',
    'ignored-rst': 'RST ignored',
  },
  wrongChecksum: { ipv4: 'wrong IPv4 header checksum', tcp: 'wrong TCP checksum' },
  checksumNote: ({ tcp, ipv4, packets }) =>
    (tcp ? `The TCP checksum (over the pseudo-header, the TCP header and the data) does not match the captured bytes in ${tcp} of ${packets} segments. ` : '') +
    (ipv4 ? `The IPv4 header checksum does not match in ${ipv4} of ${packets} packets. ` : '') +
    'A capture taken on the sending host sees each segment before the network card fills in its checksum (TX checksum offload: the kernel leaves the sum to the hardware), and on a veth pair, as between containers, nothing ever fills it in. So a wrong checksum in such a capture is usually offload, not corruption; the receiver’s answers show whether the segment was accepted.',
  callError: (_errno, text) => text,
  lost: 'lost after capture',
  lostExplain: 'Captured but never received: the sender sent it again, and what the receiver did shows it never got this copy (it answered without acknowledging it, it sent its SYN-ACK again after this ACK of it, its SYN-ACK echoes the timestamp of a later copy, or, captured at the receiver, it did not answer at all); the capture point is before the loss.',
  lostBecause: (cause, backlog) =>
    cause === 'scenario-firewall' ? 'dropped after capture by the scenario’s firewall rule' : `dropped by the server’s kernel: its accept queue was full (backlog ${backlog})`,
  lostBecauseExplain: (cause, backlog) =>
    cause === 'scenario-firewall'
      ? 'Captured but never received: the scenario’s firewall rule (iptables, in the server’s network namespace) dropped it after tcpdump had seen it, so the receiver’s state did not change and the sender sent it again.'
      : `Captured but never received: the server’s kernel dropped this SYN because the listening socket’s accept queue was full (backlog ${backlog}; Linux queues up to backlog + 1 completed connections, and nobody called accept()). It sends no SYN-ACK and no RST (net.ipv4.tcp_abort_on_overflow = 0), so the server stays in LISTEN for this connection and the client sends the SYN again.`,
  wiresharkIntro: 'Open the capture in Wireshark and try these display filters:',
  comment: {
    syn: (isn) => `Handshake 1/3: SYN — the client asks to connect; its ISN is ${isn}`,
    synAck: (isn, ack) => `Handshake 2/3: SYN-ACK — the server accepts; its ISN is ${isn}, and it acknowledges ${ack} = client ISN + 1`,
    ack: (ack) => `Handshake 3/3: ACK — acknowledges ${ack} = server ISN + 1; the connection is established (accept() can now return it)`,
    fin: (side, close, seq) =>
      `Teardown: FIN from the ${side} (${close === 'active' ? 'it closed first: active close' : close === 'crossed' ? 'active close: sent before the other side’s FIN arrived' : 'passive close'}); the FIN occupies sequence number ${seq}`,
    finAck: (side, ack) => `Teardown: acknowledges the ${side}'s FIN (ack ${ack} = FIN + 1)`,
    rst: (side) => `RST from the ${side}: the connection is aborted at once, without FINs`,
    refused: 'RST answering the SYN: nothing listens on this port (connection refused)',
  },
  html: {
    toggleRaw: 'Show raw sequence numbers',
    largeText: 'Large text',
    printDetails: 'Print every segment’s header',
    headerBytes: (frame, length) => `Frame ${frame}: TCP header, ${length} bytes`,
    packetHeaders: 'Every segment’s TCP header, byte by byte',
    ladderName: (connection) => `Ladder diagram of ${connection}`,
    ladderHelp: 'Each arrow is one segment, in time order; it links to its row in the table of every segment.',
    legend: 'Arrows',
    legendKind: {
      handshake: 'handshake (SYN, SYN-ACK, ACK)',
      data: 'data',
      ack: 'acknowledgement only',
      teardown: 'teardown (FIN, RST)',
      anomaly: 'retransmission or other anomaly (dashed)',
      lost: 'lost after capture (dotted, ends in a cross)',
    },
    statePrefix: (side) => `${side}: `,
    direction: (from) => (from === 'client' ? 'client → server' : 'server → client'),
    captionSynHeader: (frame) => `The SYN (frame ${frame}), field by field`,
    captionPackets: 'Every segment of this connection',
    captionTimeline: 'Segments and socket calls in time order',
    captionOptions: 'The SYN’s options, byte by byte',
  },
  index: {
    title: 'TCP lab: every way a connection opens and closes',
    columns: ['scenario', 'what it shows', 'what the capture shows'],
    presetSummary: (_name, english) => english,
    connections: (count, first) => `${count} connections; first: ${first}`,
    noConnection: 'no connection',
  },
  verdict: (c) => {
    const t = c.teardown;
    const retries = c.handshake.synRetransmissions;
    const afterRetries = retries ? ` after ${retries} SYN retransmission(s)` : '';
    // A refused SYN opened nothing: there is no teardown, outcome or TIME-WAIT to tell.
    if (c.outcome === 'refused') return `connection refused: the SYN was answered by an RST${afterRetries}`;
    const teardown =
      t.kind === null ? 'no teardown captured' : t.kind === 'reset' ? `reset by the ${t.rst?.from ?? t.initiator}` : `teardown ${t.kind}${t.initiator ? ` started by ${t.initiator === 'both' ? 'both sides' : t.initiator}` : ''}${t.halfClose ? ', half-close' : ''}`;
    const outcome = { closed: ['closed'], reset: [], open: [neverEstablished(c) ? 'not established when the capture ended' : 'still open when the capture ended'], refused: [] }[c.outcome];
    return [`handshake ${c.handshake.complete ? 'complete' : 'incomplete'}${afterRetries}`, teardown, ...outcome, `TIME-WAIT: ${c.timeWait ?? 'nobody'}`].join('; ');
  },
  filters: {
    handshakeAndTeardown: 'only the handshake and teardown packets',
    stream: 'only this connection (Statistics → Conversations lists the streams)',
    conversation: 'this connection by address and port',
    problems: 'retransmissions, duplicate ACKs and other anomalies',
  },
};
