// The report as Markdown: a pure function of the report model (and the programs' events, when given).
import type { ConnectionReport, PacketReport, Report } from '../analyse/report-model.js';
import type { SocketEvent } from '../lab/socket-events.js';
import { FLAG_BITS, headerFields, hex32 } from './header-fields.js';
import type { Messages } from './i18n/messages.js';
import { ladderLabel } from './ladder-label.js';
import { acceptDelay, connectionEvents, mergeTimeline, type TimedEvent } from './timeline.js';
import { wiresharkFilters } from './wireshark-filters.js';

export interface RenderInput {
  report: Report;
  /** The capture's file name, as the reader knows it. */
  file: string;
  events?: SocketEvent[];
  messages: Messages;
}

export function renderMarkdown({ report, file, events = [], messages: m }: RenderInput): string {
  const out: string[] = [`# ${m.title}`, '', m.intro(file, report.capture.packets, report.connections.length), ''];
  if (report.capture.warnings.length) out.push(`**${m.captureWarnings}:**`, '', ...report.capture.warnings.map((w) => `- ${w}`), '');
  if (!report.connections.length) out.push(m.noConnections, '');
  for (const connection of report.connections) out.push(...connectionSection(connection, connectionEvents(connection, events), m));
  return out.join('\n');
}

const endpoint = (e: { ip: string; port: number }) => (e.ip.includes(':') ? `[${e.ip}]:${e.port}` : `${e.ip}:${e.port}`);
const cell = (text: string | number) => String(text).replace(/\|/g, '\\|');
const row = (cells: (string | number)[]) => `| ${cells.map(cell).join(' | ')} |`;
const table = (head: string[], rows: (string | number)[][]) => [row(head), row(head.map(() => '---')), ...rows.map(row), ''];

function connectionSection(c: ConnectionReport, events: TimedEvent[], m: Messages): string[] {
  const packets = c.packets ?? [];
  const out = [`## ${m.connectionTitle(c.index, `${m.side.client} ${endpoint(c.client)}`, `${m.side.server} ${endpoint(c.server)}`)}`, ''];
  if (c.rolesGuessed) out.push(`> ${m.rolesGuessed}`, '');
  const s = m.summary;
  const teardown = c.teardown.kind ? `${m.teardownKind[c.teardown.kind]}${c.teardown.initiator ? ` — ${c.teardown.initiator === 'both' ? `${m.side.client} + ${m.side.server}` : m.side[c.teardown.initiator]}` : ''}` : s.none;
  out.push(
    ...table(
      ['', ''],
      [
        [s.outcome, m.outcome[c.outcome]],
        [s.handshake, c.handshake.complete ? s.complete : s.incomplete],
        [s.teardown, teardown],
        [s.timeWait, c.timeWait ? (c.timeWait === 'both' ? `${m.side.client} + ${m.side.server}` : m.side[c.timeWait]) : s.none],
        [s.bytes, `${c.bytes.client} / ${c.bytes.server}`],
      ],
    ),
  );
  if (packets.length) out.push(`### ${m.sections.ladder}`, '', '```text', ...textLadder(c, packets, m), '```', '');
  out.push(...handshakeSection(c, packets, m));
  out.push(...teardownSection(c, m));
  if (packets.length) out.push(`### ${m.sections.packets}`, '', ...packetTable(packets, m));
  out.push(...timelineSection(c, packets, events, m));
  out.push(...anomalySection(c, m));
  out.push(`### ${m.sections.wireshark}`, '', m.wiresharkIntro, '');
  for (const f of wiresharkFilters(c)) out.push(`- \`${f.filter}\` — ${m.filters[f.purpose]}`);
  out.push('');
  return out;
}

/** A monospace ladder: client on the left, server on the right, one arrow per packet. */
export function textLadder(c: ConnectionReport, packets: PacketReport[], m: Messages): string[] {
  const width = 46;
  const lines = [`${'t (s)'.padStart(10)}  ${`${m.side.client} ${endpoint(c.client)}`.padEnd(width + 2)}${m.side.server} ${endpoint(c.server)}`];
  for (const p of packets) {
    const label = ` ${ladderLabel(p)} `;
    const fill = Math.max(2, width - label.length);
    const left = '-'.repeat(Math.floor(fill / 2));
    const right = '-'.repeat(fill - left.length);
    const arrow = p.from === 'client' ? `|${left}${label}${right}>|` : `|<${left}${label}${right}|`;
    lines.push(`${p.offset.toFixed(6).padStart(10)}  ${arrow}  #${p.frame}${p.anomalies.length ? ` (${p.anomalies.join(', ')})` : ''}`);
  }
  return lines;
}

function handshakeSection(c: ConnectionReport, packets: PacketReport[], m: Messages): string[] {
  const h = c.handshake;
  const out = [`### ${m.sections.handshake}`, ''];
  if (h.frames.length) h.frames.forEach((frame, i) => out.push(`${i + 1}. ${m.handshakeSteps[i] ?? ''} (frame ${frame})`));
  else out.push(m.handshakeMissing);
  out.push('');
  if (h.synRetransmissions) out.push(m.synRetransmissions(h.synRetransmissions), '');
  const rules: string[] = [];
  if (h.clientIsn !== null && h.synAckAcknowledgesIsn !== null) rules.push(m.rule.synAck(hex32((h.clientIsn + 1) >>> 0), hex32(h.clientIsn), h.synAckAcknowledgesIsn));
  if (h.serverIsn !== null && h.finalAckAcknowledgesIsn !== null) rules.push(m.rule.finalAck(hex32((h.serverIsn + 1) >>> 0), hex32(h.serverIsn), h.finalAckAcknowledgesIsn));
  for (const fin of c.teardown.fins) rules.push(m.rule.fin(m.side[fin.side], hex32(fin.seq), fin.ackFrame, hex32((fin.seq + 1) >>> 0)));
  if (rules.length) out.push(`### ${m.sections.rules}`, '', ...rules.map((r) => `- ${r}`), '');
  const syn = packets.find((p) => p.flags.includes('SYN') && !p.flags.includes('ACK')) ?? packets.find((p) => p.flags.includes('SYN'));
  if (syn) out.push(...synHeaderSection(syn, m));
  return out;
}

function synHeaderSection(syn: PacketReport, m: Messages): string[] {
  const headerLength = syn.header.length / 2;
  const context = { isSyn: true, ackSet: syn.flags.includes('ACK'), headerLength };
  const rows = headerFields(syn).map((f) => [m.fieldName[f.id], `\`${f.bytes}\``, f.id === 'options' ? '' : f.value, m.headerField(f.id, f.value, context)]);
  const flags = parseInt(syn.header.slice(24, 28), 16) & 0x1ff;
  const bits = FLAG_BITS.map(([name, bit]) => `${name} ${flags & bit ? 1 : 0}`).join(', ');
  const out = [`### ${m.sections.synHeader} (frame ${syn.frame})`, '', ...table([m.columns.field, m.columns.bytes, m.columns.value, m.columns.meaning], rows), m.flagBits(bits), ''];
  const options = syn.options.filter((o) => o.name !== 'NOP');
  if (options.length) out.push(`### ${m.sections.options}`, '', ...options.map((o) => `- ${m.option(o as never)}`), '');
  return out;
}

function teardownSection(c: ConnectionReport, m: Messages): string[] {
  const out = [`### ${m.sections.teardown}`, '', ...m.teardownExplain(c).map((line) => `${line}`), ''];
  if (c.teardown.frames.length) out.push(`Frames: ${c.teardown.frames.join(', ')}`, '');
  out.push(m.timeWaitExplain(c.timeWait), '');
  return out;
}

function packetTable(packets: PacketReport[], m: Messages): string[] {
  const col = m.columns;
  return table(
    [col.frame, col.time, col.direction, col.flags, col.seq, col.ack, col.len, col.window, col.states, col.notes],
    packets.map((p) => [
      p.frame,
      p.offset.toFixed(6),
      p.from === 'client' ? `${m.side.client} → ${m.side.server}` : `${m.side.server} → ${m.side.client}`,
      p.flags.join(', '),
      `${p.relSeq} / ${p.seq}`,
      p.flags.includes('ACK') ? `${p.relAck} / ${p.ack}` : '—',
      p.len,
      p.windowScaled !== null && p.windowScaled !== p.window ? `${p.window} (×→ ${p.windowScaled})` : p.window,
      `${m.state[p.states.client]} / ${m.state[p.states.server]}`,
      p.anomalies.join(', '),
    ]),
  );
}

function timelineSection(c: ConnectionReport, packets: PacketReport[], events: TimedEvent[], m: Messages): string[] {
  const out = [`### ${m.sections.timeline}`, ''];
  if (!events.length) return [...out, m.noEvents, ''];
  const rows = mergeTimeline(packets, events).map((entry) =>
    entry.kind === 'packet'
      ? [entry.offset.toFixed(6), '', `#${entry.packet.frame} ${entry.packet.from === 'client' ? '→' : '←'} ${ladderLabel(entry.packet)}`, '']
      : [
          entry.offset.toFixed(6),
          `${m.side[entry.event.event.role]} (pid ${entry.event.event.pid})`,
          `**${entry.event.event.call}()** = ${entry.event.event.ret}${entry.event.event.error ? ` (${entry.event.event.error})` : ''}`,
          m.eventCall(entry.event.event.call),
        ],
  );
  out.push(...table([m.columns.time, m.side.client + ' / ' + m.side.server, m.columns.call, m.columns.meaning], rows));
  const delay = acceptDelay(c, events);
  if (delay !== null) out.push(m.acceptDelay(delay * 1e6), '');
  return out;
}

function anomalySection(c: ConnectionReport, m: Messages): string[] {
  const out = [`### ${m.sections.anomalies}`, ''];
  for (const [name, count] of Object.entries(c.anomalies)) out.push(`- ${count} × ${m.anomaly[name as keyof typeof m.anomaly]}`);
  out.push(`- ${m.checksumNote}`, '');
  return out;
}
