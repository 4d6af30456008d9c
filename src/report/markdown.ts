// The report as Markdown: a pure function of the report model (and the programs' events, when given).
import type { ConnectionReport, PacketReport } from '../analyse/report-model.js';
import { padEndTo, padStartTo } from '../display-width.js';
import { offloadedChecksums } from './checksum-evidence.js';
import { connectionView, endpointText, lostMarks, packetCells, packetColumns, type TimelineRow } from './connection-view.js';
import type { Messages } from './i18n/messages.js';
import { ladderLabel } from './ladder-label.js';
import { markdownCode, markdownText } from './markdown-escape.js';
import type { RenderInput } from './render-input.js';

export function renderMarkdown(input: RenderInput): string {
  return markdownPieces(input).join('');
}

/** The report in pieces (a connection's section each), for output too large for one string: V8 makes none
 * longer than 2^29 characters. */
export function markdownPieces({ report, file, messages: m }: RenderInput): string[] {
  const out: string[] = [`# ${m.title}`, '', m.intro(markdownCode(file), report.capture.packets, report.connections.length), ''];
  for (const { tunnel, tcpPackets } of report.capture.tunnels) out.push(markdownText(m.throughTunnel(tunnel, tcpPackets)), '');
  const warnings = [...report.capture.warnings.map(m.captureWarning), ...report.capture.notDecoded.map(m.notDecoded)];
  if (warnings.length) out.push(`**${m.captureWarnings}**`, '', ...warnings.map((w) => `- ${markdownText(w)}`), '');
  if (!report.connections.length) out.push(m.noConnections, '');
  return [out.join('\n'), ...report.connections.map((connection) => `\n${connectionSection(connection, m).join('\n')}`)];
}

const cell = (text: string | number) => String(text).replace(/\|/g, '\\|');
const row = (cells: (string | number)[]) => `| ${cells.map(cell).join(' | ')} |`;
const table = (head: string[], rows: (string | number)[][]) => [row(head), row(head.map(() => '---')), ...rows.map(row), ''];

function connectionSection(c: ConnectionReport, m: Messages): string[] {
  const packets = c.packets ?? [];
  const v = connectionView(c, m);
  const out = [`## ${v.title}`, ''];
  if (v.rolesGuessed) out.push(`> ${v.rolesGuessed}`, '');
  out.push(...table(['', ''], v.summary));
  if (packets.length) out.push(`### ${m.sections.ladder}`, '', '```text', ...textLadder(c, packets, m), '```', '');
  out.push(`### ${m.sections.handshake}`, '', ...(v.handshakeSteps.length ? v.handshakeSteps.map((s, i) => `${i + 1}. ${s}`) : [m.handshakeMissing]), '');
  if (v.synRetransmissions) out.push(v.synRetransmissions, '');
  if (v.fastOpen) out.push(v.fastOpen, '');
  if (v.rules.length) out.push(`### ${m.sections.rules}`, '', ...v.rules.map((r) => `- ${r.text}`), '');
  if (v.syn) {
    out.push(`### ${m.withFrame(m.sections.synHeader, v.syn.packet.frame)}`, '');
    out.push(...table([m.columns.field, m.columns.bytes, m.columns.value, m.columns.meaning], v.syn.rows.map((r) => [r.field, `\`${r.bytes}\``, r.value, r.meaning])));
    out.push(v.syn.flagBits, '');
    if (v.syn.options.length) out.push(`### ${m.sections.optionBytes}`, '', ...table([m.columns.bytes, m.columns.meaning], v.syn.options.map((o) => [`\`${o.bytes}\``, o.meaning])));
  }
  out.push(`### ${m.sections.teardown}`, '', ...v.teardown, '');
  if (v.teardownFrames) out.push(v.teardownFrames, '');
  out.push(v.timeWait, '');
  if (packets.length) out.push(`### ${m.sections.packets}`, '', ...packetTable(packets, m));
  out.push(`### ${m.sections.timeline}`, '');
  if (v.backlog) out.push(v.backlog, '');
  // An event's text comes from the events file as it was given: escaped, so that it stays in its cell.
  const timelineRow = (r: TimelineRow) => (r.kind === 'packet' ? [r.offset, r.who, r.what, r.meaning] : [r.offset, markdownText(r.who), r.kind === 'event' ? markdownCode(r.what) : `*${markdownText(r.what)}*`, markdownText(r.meaning)]);
  if (v.timeline.length) out.push(...table([m.columns.time, `${m.side.client} / ${m.side.server}`, m.columns.call, m.columns.meaning], v.timeline.map(timelineRow)));
  if (v.timelineNote) out.push(v.timelineNote, '');
  else out.push(m.noEvents, '');
  if (v.acceptDelay) out.push(v.acceptDelay, '');
  if (v.anomalies.length) out.push(`### ${m.sections.anomalies}`, '', ...v.anomalies.map((a) => `- ${a}`), '');
  if (v.checksumNote) out.push(`### ${m.sections.checksums}`, '', v.checksumNote, '');
  out.push(`### ${m.sections.wireshark}`, '', m.wiresharkIntro, '', ...v.filters.map((f) => `- \`${f.filter}\` — ${f.purpose}`), '');
  return out;
}

/** A monospace ladder: client on the left, server on the right, one arrow per packet. */
export function textLadder(c: ConnectionReport, packets: PacketReport[], m: Messages): string[] {
  const width = 46;
  const lines = [`${padStartTo(m.columns.time, 10)}  ${padEndTo(`${m.side.client} ${endpointText(c.client)}`, width + 2)}${m.side.server} ${endpointText(c.server)}`];
  for (const p of packets) {
    const label = ` ${ladderLabel(p)} `;
    const fill = Math.max(2, width - label.length);
    const left = '-'.repeat(Math.floor(fill / 2));
    const right = '-'.repeat(fill - left.length);
    // A lost segment's arrow stops short of the receiver, with an x.
    const arrow = p.from === 'client' ? `|${left}${label}${right}${p.lost ? 'x ' : '>'}|` : `|${p.lost ? ' x' : '<'}${left}${label}${right}|`;
    const notes = [...lostMarks(p, m), ...p.anomalies.map((a) => m.anomalyShort[a])];
    lines.push(`${p.offset.toFixed(6).padStart(10)}  ${arrow}  #${p.frame}${notes.length ? ` ${m.parenthesised(m.list(notes))}` : ''}`);
  }
  return lines;
}

function packetTable(packets: PacketReport[], m: Messages): string[] {
  const offloaded = offloadedChecksums(packets);
  return table(packetColumns(m), packets.map((p) => packetCells(p, m, offloaded)));
}
