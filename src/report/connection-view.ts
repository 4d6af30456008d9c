// What the report says about one connection, in the reader's language, independent of the format:
// Markdown and HTML both draw these rows and lines.
import type { ConnectionReport, PacketReport, SocketCallReport } from '../analyse/report-model.js';
import { FLAG_BITS, headerFields, hex32 } from './header-fields.js';
import type { Messages } from './i18n/messages.js';
import { ladderLabel } from './ladder-label.js';
import { mergeTimeline } from './timeline.js';
import { wiresharkFilters } from './wireshark-filters.js';

export interface HeaderRow {
  field: string;
  bytes: string;
  value: string;
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
  syn: { packet: PacketReport; rows: HeaderRow[]; flagBits: string; options: string[] } | null;
  teardown: string[];
  teardownFrames: number[];
  timeWait: string;
  timeline: TimelineRow[];
  /** Under the time line: when the times were taken. */
  timelineNote: string | null;
  acceptDelay: string | null;
  anomalies: string[];
  filters: { filter: string; purpose: string }[];
}

export const endpointText = (e: { ip: string; port: number }) => (e.ip.includes(':') ? `[${e.ip}]:${e.port}` : `${e.ip}:${e.port}`);

const sideText = (m: Messages, side: 'client' | 'server' | 'both' | null) =>
  side === null ? m.summary.none : side === 'both' ? `${m.side.client} + ${m.side.server}` : m.side[side];

export function connectionView(c: ConnectionReport, m: Messages): ConnectionView {
  const packets = c.packets ?? [];
  const h = c.handshake;
  const s = m.summary;
  const teardown = c.teardown.kind ? `${m.teardownKind[c.teardown.kind]} — ${sideText(m, c.teardown.initiator)}` : s.none;
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
  const steps = ([h.syn, h.synAck, h.finalAck] as const).map((frame, i) => (frame === null ? null : `${m.handshakeSteps[i]} (${m.columns.frame.toLowerCase()} ${frame})`));
  return {
    title: m.connectionTitle(c.index, `${m.side.client} ${endpointText(c.client)}`, `${m.side.server} ${endpointText(c.server)}`),
    rolesGuessed: c.rolesGuessed ? m.rolesGuessed : null,
    summary: [
      [s.outcome, m.outcome[c.outcome]],
      [s.handshake, h.complete ? s.complete : s.incomplete],
      [s.teardown, teardown],
      [s.timeWait, sideText(m, c.timeWait)],
      [s.bytes, `${c.bytes.client} / ${c.bytes.server}`],
    ],
    handshakeSteps: steps.filter((step) => step !== null),
    synRetransmissions: h.synRetransmissions ? m.synRetransmissions(h.synRetransmissions) : null,
    fastOpen: h.fastOpen ? m.fastOpenExplain(h.fastOpen) : null,
    rules,
    syn: syn ? synView(syn, m) : null,
    teardown: m.teardownExplain(c),
    teardownFrames: c.teardown.frames,
    timeWait: m.timeWaitExplain(c),
    timeline: calls.length ? timelineRows(packets, calls, m) : [],
    timelineNote: calls.length ? m.callTimesNote : null,
    acceptDelay: c.acceptDelay == null ? null : m.acceptDelay(c.acceptDelay * 1e6),
    anomalies: [...Object.entries(c.anomalies).map(([name, count]) => `${count} × ${m.anomaly[name as keyof typeof m.anomaly]}`), m.checksumNote],
    filters: wiresharkFilters(c).map((f) => ({ filter: f.filter, purpose: m.filters[f.purpose] })),
  };
}

/** Any packet's TCP header, field by field, with every flag bit (the HTML shows this for every packet). */
export function headerRows(packet: PacketReport, m: Messages): { rows: HeaderRow[]; flagBits: string } {
  const isSyn = packet.flags.includes('SYN');
  const context = { isSyn, ackSet: packet.flags.includes('ACK'), headerLength: packet.header.length / 2 };
  const rows = headerFields(packet).map((f) => ({
    field: m.fieldName[f.id],
    bytes: f.bytes,
    value: f.id === 'options' ? '' : String(f.value),
    meaning: m.headerField(f.id, f.value, context),
  }));
  const flags = parseInt(packet.header.slice(24, 28), 16) & 0x1ff;
  return { rows, flagBits: m.flagBits(FLAG_BITS.map(([name, bit]) => `${name} ${flags & bit ? 1 : 0}`).join(', ')) };
}

/** The packet table: its column heads, and one row per packet. */
export function packetColumns(m: Messages): string[] {
  const col = m.columns;
  return [col.frame, col.time, col.direction, col.flags, col.seq, col.ack, col.len, col.window, col.states, col.notes];
}

export function packetCells(p: PacketReport, m: Messages): (string | number)[] {
  return [
    p.frame,
    p.offset.toFixed(6),
    p.from === 'client' ? `${m.side.client} → ${m.side.server}` : `${m.side.server} → ${m.side.client}`,
    p.flags.join(', '),
    `${p.relSeq} / ${p.seq}`,
    p.flags.includes('ACK') ? `${p.relAck} / ${p.ack}` : '—',
    p.len,
    p.windowScaled !== null && p.windowScaled !== p.window ? `${p.window} (→ ${p.windowScaled})` : p.window,
    `${m.state[p.states.client]} / ${m.state[p.states.server]}`,
    [...(p.lost ? [m.lost] : []), ...p.anomalies.map((a) => m.anomalyShort[a])].join(', '),
  ];
}

function synView(syn: PacketReport, m: Messages): NonNullable<ConnectionView['syn']> {
  const { rows, flagBits } = headerRows(syn, m);
  const options = syn.options.filter((o) => o.name !== 'NOP').map((o) => m.option(o as never));
  return { packet: syn, rows, flagBits, options };
}

function timelineRows(packets: PacketReport[], calls: SocketCallReport[], m: Messages): TimelineRow[] {
  return mergeTimeline(packets, calls).map((entry): TimelineRow => {
    if (entry.kind === 'packet')
      return { kind: 'packet', offset: entry.offset.toFixed(6), who: '', what: `#${entry.packet.frame} ${entry.packet.from === 'client' ? '→' : '←'} ${ladderLabel(entry.packet)}`, meaning: '' };
    const call = entry.call;
    const tool = call.meaning.startsWith('tool-');
    return {
      kind: tool ? 'tool' : 'event',
      offset: entry.offset.toFixed(6),
      who: tool ? m.toolEvent(m.side[call.role]) : `${m.side[call.role]} (pid ${call.pid})`,
      what: tool ? call.call : `${call.call}() = ${call.ret}${call.error ? ` (${call.error})` : ''}`,
      meaning: m.callMeaning(call),
    };
  });
}
