// What the report says about one connection, in the reader's language, independent of the format:
// Markdown and HTML both draw these rows and lines.
import type { ConnectionReport, PacketReport, SocketCallReport } from '../analyse/report-model.js';
import { FLAG_BITS, headerFields, hex32, optionByteRuns } from './header-fields.js';
import type { Messages } from './i18n/messages.js';
import { ladderLabel } from './ladder-label.js';
import { neverEstablished } from './never-established.js';
import { mergeTimeline } from './timeline.js';
import { wiresharkFilters } from './wireshark-filters.js';

export interface HeaderRow {
  field: string;
  bytes: string;
  value: string;
  meaning: string;
}

/** One TCP option: its bytes as captured and what they say. */
export interface OptionRow {
  bytes: string;
  meaning: string;
}

export interface TimelineRow {
  offset: string;
  who: string;
  what: string;
  meaning: string;
  kind: 'packet' | 'event' | 'tool';
}

export interface ConnectionView {
  title: string;
  rolesGuessed: string | null;
  summary: [string, string][];
  handshakeSteps: string[];
  synRetransmissions: string | null;
  fastOpen: string | null;
  rules: { text: string; ok: boolean }[];
  syn: { packet: PacketReport; rows: HeaderRow[]; flagBits: string; options: OptionRow[] } | null;
  teardown: string[];
  teardownFrames: string | null;
  backlog: string | null;
  timeWait: string;
  timeline: TimelineRow[];
  /** Under the time line: when the times were taken. */
  timelineNote: string | null;
  acceptDelay: string | null;
  anomalies: string[];
  /** Only when some checksum is wrong: what that means (TX checksum offload). */
  checksumNote: string | null;
  filters: { filter: string; purpose: string }[];
}

export const endpointText = (e: { ip: string; port: number }) => (e.ip.includes(':') ? `[${e.ip}]:${e.port}` : `${e.ip}:${e.port}`);

const sideText = (m: Messages, side: 'client' | 'server' | 'both' | null) =>
  side === null ? m.summary.none : side === 'both' ? `${m.side.client} + ${m.side.server}` : m.side[side];

const isSyn = (p: PacketReport) => p.flags.includes('SYN') && !p.flags.includes('ACK');
const isSynAck = (p: PacketReport) => p.flags.includes('SYN') && p.flags.includes('ACK');

/** What the summary says of the handshake: complete, refused, never seen (the capture began later), or incomplete. */
function handshakeStatus(c: ConnectionReport, m: Messages): string {
  if (c.handshake.complete) return m.summary.complete;
  if (c.outcome === 'refused') return m.summary.refused;
  return c.handshake.syn !== null || (c.packets ?? []).some(isSyn) ? m.summary.incomplete : m.summary.notCaptured;
}

/** The client's SYNs with its ISN, each once (a second capture of one is no retransmission), as counted. */
function clientSyns(packets: PacketReport[], isn: number | null): PacketReport[] {
  return packets.filter((p) => isSyn(p) && p.from === 'client' && p.seq === isn && p.duplicateOf === undefined);
}

/** The seconds between each of the client's SYNs and the next: the retransmission timer at work. */
function synGaps(syns: PacketReport[]): number[] {
  return syns.slice(1).map((p, i) => p.offset - syns[i]!.offset);
}

/** The first SYN sent again after an RST|ACK the client dropped for its acknowledgement number, before which
 * Linux sets its retransmission timer to the minimum (tcp_rcv_synsent_state_process: only while no SYN was
 * sent again yet), and that RST. */
function synResentAfterRst(packets: PacketReport[], syns: PacketReport[]): { rst: number; syn: number } | null {
  const [first, again] = syns;
  if (!first || !again) return null;
  const rst = packets.find((p) => p.frame > first.frame && p.frame < again.frame && p.flags.includes('ACK') && p.anomalies.includes('ignored-rst'));
  return rst ? { rst: rst.frame, syn: again.frame } : null;
}

/** Each side's window scale shift: RFC 7323 applies it only when both SYNs carried the option. */
export function windowShifts(packets: PacketReport[]): Record<'client' | 'server', number | null> {
  const shift = (p: PacketReport | undefined) => {
    const ws = p?.options.find((o) => o.name === 'WS');
    return ws && 'shift' in ws ? Math.min(ws.shift, 14) : null;
  };
  const client = shift(packets.find(isSyn));
  const server = shift(packets.find(isSynAck));
  return client === null || server === null ? { client: null, server: null } : { client, server };
}

export function connectionView(c: ConnectionReport, m: Messages): ConnectionView {
  const packets = c.packets ?? [];
  const h = c.handshake;
  const syns = clientSyns(packets, h.clientIsn);
  const s = m.summary;
  const teardown = c.teardown.kind ? m.teardownSummary(c.teardown.kind, c.teardown.initiator) : s.none;
  const rules: { text: string; ok: boolean }[] = [];
  const fastOpenData = h.fastOpen?.dataAccepted ? h.fastOpen.synData : 0;
  if (h.clientIsn !== null && h.synAckAcknowledgesIsn !== null)
    rules.push({
      text: fastOpenData
        ? m.rule.synAckFastOpen(hex32((h.clientIsn + 1 + fastOpenData) >>> 0), hex32(h.clientIsn), fastOpenData, h.synAckAcknowledgesIsn)
        : m.rule.synAck(hex32((h.clientIsn + 1) >>> 0), hex32(h.clientIsn), h.synAckAcknowledgesIsn),
      ok: h.synAckAcknowledgesIsn,
    });
  if (h.serverIsn !== null && h.finalAckAcknowledgesIsn !== null)
    rules.push({ text: m.rule.finalAck(hex32((h.serverIsn + 1) >>> 0), hex32(h.serverIsn), h.finalAckAcknowledgesIsn), ok: h.finalAckAcknowledgesIsn });
  for (const fin of c.teardown.fins) rules.push({ text: m.rule.fin(m.side[fin.side], hex32(fin.seq), fin.ackFrame, hex32((fin.seq + 1) >>> 0)), ok: fin.ackFrame !== null });
  const syn = packets.find((p) => p.frame === h.syn);
  const calls = c.calls ?? [];
  const steps = ([h.syn, h.synAck, h.finalAck] as const).map((frame, i) => (frame === null ? null : m.withFrame(m.handshakeSteps[i], frame)));
  if (steps[2] && h.lostFinalAck !== null) steps[2] = m.finalAckLost(steps[2], h.lostFinalAck);
  const listen = calls.find((call) => call.role === 'server' && call.call === 'listen' && typeof call.details.backlog === 'number');
  const shifts = windowShifts(packets);
  return {
    title: m.connectionTitle(c.index, `${m.side.client} ${endpointText(c.client)}`, `${m.side.server} ${endpointText(c.server)}`),
    rolesGuessed: c.rolesGuessed ? m.rolesGuessed : null,
    summary: [
      [s.outcome, neverEstablished(c) ? m.outcomeNotEstablished : m.outcome[c.outcome]],
      [s.handshake, handshakeStatus(c, m)],
      [s.teardown, teardown],
      [s.timeWait, sideText(m, c.timeWait)],
      [s.bytes, `${c.bytes.client} / ${c.bytes.server}`],
    ],
    handshakeSteps: steps.filter((step) => step !== null),
    synRetransmissions: h.synRetransmissions ? m.synRetransmissions(h.synRetransmissions, synGaps(syns), synResentAfterRst(packets, syns)) : null,
    fastOpen: h.fastOpen ? m.fastOpenExplain(h.fastOpen) : null,
    rules,
    syn: syn ? synView(syn, shifts, m) : null,
    teardown: c.teardown.fins.length ? [...m.teardownExplain(c), m.whyTwoFins] : m.teardownExplain(c),
    teardownFrames: c.teardown.frames.length ? m.frameList(c.teardown.frames) : null,
    backlog: listen ? m.backlog(listen.details.backlog as number) : null,
    timeWait: m.timeWaitExplain(c),
    timeline: calls.length ? timelineRows(packets, calls, m) : [],
    timelineNote: calls.length ? m.callTimesNote : null,
    acceptDelay: c.acceptDelay == null ? null : m.acceptDelay(c.acceptDelay * 1e6),
    anomalies: Object.entries(c.anomalies).map(([name, count]) => `${count} × ${m.anomaly[name as keyof typeof m.anomaly]}`),
    checksumNote: checksumNote(packets, m),
    filters: wiresharkFilters(c).map((f) => ({ filter: f.filter, purpose: m.filters[f.purpose] })),
  };
}

/** Any packet's TCP header, field by field, with every flag bit (the HTML shows this for every packet). */
export function headerRows(packet: PacketReport, shifts: Record<'client' | 'server', number | null>, m: Messages): { rows: HeaderRow[]; flagBits: string } {
  const context = {
    from: packet.from,
    isSyn: packet.flags.includes('SYN'),
    ackSet: packet.flags.includes('ACK'),
    headerLength: packet.header.length / 2,
    windowShift: shifts[packet.from],
    checksumWrong: packet.wrongChecksums?.includes('tcp') ?? false,
  };
  const rows = headerFields(packet).map((f) => ({
    field: m.fieldName[f.id],
    bytes: f.bytes,
    value: f.id === 'options' ? '' : String(f.value),
    meaning: m.headerField(f.id, f.value, context),
  }));
  const flags = parseInt(packet.header.slice(24, 28), 16) & 0x1ff;
  return { rows, flagBits: m.flagBits(FLAG_BITS.map(([name, bit]) => ({ name, set: (flags & bit) !== 0 }))) };
}

/** The packet table: its column heads, and one row per packet. */
export function packetColumns(m: Messages): string[] {
  const col = m.columns;
  // The states come right after the flags: on a narrow screen or projector the last columns are the first to go.
  return [col.frame, col.time, col.direction, col.flags, col.states, col.notes, col.seq, col.ack, col.len, col.window];
}

function checksumNote(packets: PacketReport[], m: Messages): string | null {
  let tcp = 0;
  let ipv4 = 0;
  for (const p of packets) {
    if (p.wrongChecksums?.includes('tcp')) tcp++;
    if (p.wrongChecksums?.includes('ipv4')) ipv4++;
  }
  return tcp || ipv4 ? m.checksumNote({ tcp, ipv4, packets: packets.length }) : null;
}

/** A lost segment's note: why, when the lab knows it; else only that it was lost after the capture. */
export function lostMarks(p: PacketReport, m: Messages): string[] {
  return p.lost ? [p.lostCause ? m.lostBecause(p.lostCause, p.lostBacklog) : m.lost] : [];
}

/** `offloaded`: the frames whose checksum mismatch is offload (see offloadedChecksums), not marked wrong. */
export function packetCells(p: PacketReport, m: Messages, offloaded: ReadonlySet<number>): (string | number)[] {
  const wrong = (p.wrongChecksums ?? []).filter((layer) => layer !== 'tcp' || !offloaded.has(p.frame));
  return [
    p.frame,
    p.offset.toFixed(6),
    p.from === 'client' ? `${m.side.client} → ${m.side.server}` : `${m.side.server} → ${m.side.client}`,
    p.flags.join(', '),
    `${m.state[p.states.client]} / ${m.state[p.states.server]}`,
    m.list([...lostMarks(p, m), ...p.anomalies.map((a) => m.anomalyShort[a]), ...wrong.map((layer) => m.wrongChecksum[layer])]),
    `${p.relSeq} / ${p.seq}`,
    p.flags.includes('ACK') ? `${p.relAck} / ${p.ack}` : '—',
    p.len,
    p.windowScaled !== null && p.windowScaled !== p.window ? `${p.window} (→ ${p.windowScaled})` : p.window,
  ];
}

function synView(syn: PacketReport, shifts: Record<'client' | 'server', number | null>, m: Messages): NonNullable<ConnectionView['syn']> {
  const { rows, flagBits } = headerRows(syn, shifts, m);
  return { packet: syn, rows, flagBits, options: optionRows(syn, m) };
}

/** The options byte by byte: each option's run of bytes beside its meaning (a malformed one takes the rest). */
export function optionRows(packet: PacketReport, m: Messages): OptionRow[] {
  const runs = optionByteRuns(packet);
  return packet.options.map((option, i) => ({
    bytes: option.name === 'MALFORMED' ? runs.slice(i).join(' ') : (runs[i] ?? ''),
    meaning: m.option(option as never),
  }));
}

function timelineRows(packets: PacketReport[], calls: SocketCallReport[], m: Messages): TimelineRow[] {
  return mergeTimeline(packets, calls).map((entry): TimelineRow => {
    if (entry.kind === 'packet')
      return { kind: 'packet', offset: entry.offset.toFixed(6), who: '', what: `#${entry.packet.frame} ${entry.packet.from === 'client' ? '→' : '←'} ${ladderLabel(entry.packet)}`, meaning: '' };
    const call = entry.call;
    const tool = call.meaning.startsWith('tool-');
    return {
      kind: tool ? 'tool' : 'event',
      offset: call.called !== null && call.returned - call.called >= 0.0000005 ? `${call.called.toFixed(6)}–${call.returned.toFixed(6)}` : entry.offset.toFixed(6),
      who: tool ? m.toolEvent(m.side[call.role]) : m.processName(call.role, call.pid),
      what: tool ? call.call : `${call.call}() = ${call.ret}${call.error ? ` ${m.parenthesised(m.callError(call.details.errno as string | undefined, call.error))}` : ''}`,
      meaning: m.callMeaning(call),
    };
  });
}
