// The report as one self-contained HTML page (see html/page.ts): the ladder, the handshake and its rules,
// the SYN's header and options byte by byte, the teardown, every segment, the socket calls, and every
// segment's header behind a <details> that prints only when asked for.
import type { ConnectionReport, PacketReport } from '../analyse/report-model.js';
import { offloadedChecksums } from './checksum-evidence.js';
import { connectionView, headerRows, packetCells, packetColumns, windowShifts, type HeaderRow } from './connection-view.js';
import { escapeHtml as e } from './escape-html.js';
import { dataTable, toggleButton } from './html/components.js';
import { ladder, packetRowId } from './html/ladder.js';
import { htmlPagePieces } from './html/page.js';
import type { Messages } from './i18n/messages.js';
import type { RenderInput } from './render-input.js';

export function renderHtml(input: RenderInput): string {
  return htmlPieces(input).join('');
}

/** The page in pieces (a connection's section each), for output too large for one string. */
export function htmlPieces({ report, file, messages: m }: RenderInput): string[] {
  const warningList = [...report.capture.warnings.map(m.captureWarning), ...report.capture.notDecoded.map(m.notDecoded)];
  const warnings = warningList.length
    ? `<section class="warnings"><h2>${e(m.captureWarnings)}</h2><ul>${warningList.map((w) => `<li>${e(w)}</li>`).join('')}</ul></section>`
    : '';
  const sections = report.connections.length ? report.connections.map((c, i) => `${i ? '\n' : ''}${connectionSection(c, m)}`) : [`<p>${e(m.noConnections)}</p>`];
  const hasPackets = report.connections.some((c) => c.packets?.length);
  return htmlPagePieces({
    lang: m.lang,
    title: `${m.title} — ${file}`,
    header: `<h1>${e(m.title)}</h1>\n<p>${e(m.intro(file, report.capture.packets, report.connections.length))}</p>${report.capture.tunnels.map(({ tunnel, tcpPackets }) => `\n<p>${e(m.throughTunnel(tunnel, tcpPackets))}</p>`).join('')}`,
    controls: [
      ...(hasPackets ? [toggleButton({ id: 'toggle-raw', label: m.html.toggleRaw, htmlClass: 'show-raw', param: 'raw' })] : []),
      toggleButton({ id: 'toggle-large', label: m.html.largeText, htmlClass: 'large', param: 'large' }),
      ...(hasPackets ? [toggleButton({ id: 'toggle-print-details', label: m.html.printDetails, htmlClass: 'print-details' })] : []),
    ],
    main: [`${warnings}\n`, ...sections],
  });
}

/** A heading kept with the block that follows it, on paper too. */
const part = (heading: string, ...blocks: string[]) => `<div class="keep"><h3>${e(heading)}</h3>${blocks[0] ?? ''}</div>${blocks.slice(1).join('')}`;

function connectionSection(c: ConnectionReport, m: Messages): string {
  const packets = c.packets ?? [];
  const v = connectionView(c, m);
  const id = `connection-${c.index + 1}`;
  const parts = [`<section class="connection" id="${id}" aria-labelledby="${id}-title">`, `<div class="keep"><h2 id="${id}-title">${e(v.title)}</h2>`];
  if (v.rolesGuessed) parts.push(`<p class="note">${e(v.rolesGuessed)}</p>`);
  parts.push(`<dl class="summary">${v.summary.map(([k, val]) => `<dt>${e(k)}</dt><dd>${e(val)}</dd>`).join('')}</dl></div>`);
  if (packets.length) parts.push(`<h3>${e(m.sections.ladder)}</h3>`, ladder(c, packets, v.title, m));
  parts.push(
    part(
      m.sections.handshake,
      v.handshakeSteps.length ? `<ol>${v.handshakeSteps.map((s) => `<li>${e(s)}</li>`).join('')}</ol>` : `<p>${e(m.handshakeMissing)}</p>`,
      v.synRetransmissions ? `<p>${e(v.synRetransmissions)}</p>` : '',
      v.fastOpen ? `<p>${e(v.fastOpen)}</p>` : '',
    ),
  );
  if (v.rules.length) parts.push(part(m.sections.rules, `<ul class="rules">${v.rules.map((r) => `<li class="${r.ok ? 'ok' : 'fail'}">${e(r.text)}</li>`).join('')}</ul>`));
  if (v.syn) {
    const frame = v.syn.packet.frame;
    parts.push(part(m.withFrame(m.sections.synHeader, frame), headerTable(`${id}-syn`, m.html.captionSynHeader(frame), v.syn.rows, m, 'syn-header'), `<p>${e(v.syn.flagBits)}</p>`));
    if (v.syn.options.length) {
      const rows = v.syn.options.map((o) => ({ cells: [`<code class="bytes">${e(o.bytes)}</code>`, e(o.meaning)] }));
      parts.push(part(m.sections.optionBytes, dataTable({ id: `${id}-options`, caption: m.html.captionOptions, head: [m.columns.bytes, m.columns.meaning], rows, className: 'options' })));
    }
  }
  parts.push(part(m.sections.teardown, ...v.teardown.map((line) => `<p>${e(line)}</p>`), v.teardownFrames ? `<p>${e(v.teardownFrames)}</p>` : '', `<p>${e(v.timeWait)}</p>`));
  if (packets.length) parts.push(part(m.sections.packets, packetTable(c, packets, m)));
  const timeline = v.timeline.length
    ? dataTable({
        id: `${id}-timeline`,
        caption: m.html.captionTimeline,
        head: [m.columns.time, `${m.side.client} / ${m.side.server}`, m.columns.call, m.columns.meaning],
        rows: v.timeline.map((r) => ({ className: r.kind, cells: [e(r.offset), e(r.who), r.kind === 'packet' ? e(r.what) : `<code>${e(r.what)}</code>`, e(r.meaning)] })),
        className: 'timeline',
      })
    : `<p>${e(m.noEvents)}</p>`;
  const note = v.timelineNote ? `<p class="note">${e(v.timelineNote)}</p>` : '';
  parts.push(part(m.sections.timeline, v.backlog ? `<p>${e(v.backlog)}</p>` : '', timeline, note, v.acceptDelay ? `<p class="key">${e(v.acceptDelay)}</p>` : ''));
  if (v.anomalies.length) parts.push(part(m.sections.anomalies, `<ul>${v.anomalies.map((a) => `<li>${e(a)}</li>`).join('')}</ul>`));
  if (v.checksumNote) parts.push(part(m.sections.checksums, `<p class="note">${e(v.checksumNote)}</p>`));
  parts.push(part(m.sections.wireshark, `<p>${e(m.wiresharkIntro)}</p>`, `<ul>${v.filters.map((f) => `<li><code>${e(f.filter)}</code> — ${e(f.purpose)}</li>`).join('')}</ul>`));
  if (packets.length) parts.push(segmentHeaders(c, packets, m));
  parts.push('</section>');
  return parts.join('\n');
}

function headerTable(id: string, caption: string, rows: HeaderRow[], m: Messages, className: string): string {
  return dataTable({
    id,
    caption,
    head: [m.columns.field, m.columns.bytes, m.columns.value, m.columns.meaning],
    rows: rows.map((r) => ({ cells: [e(r.field), `<code class="bytes">${e(r.bytes)}</code>`, e(r.value), e(r.meaning)] })),
    className,
  });
}

/** One row per segment; the states come early, one side a line, and the notes say "retransmission" in words. */
function packetTable(c: ConnectionReport, packets: PacketReport[], m: Messages): string {
  const columns = packetColumns(m);
  const states = columns.indexOf(m.columns.states);
  const notes = columns.indexOf(m.columns.notes);
  const offloaded = offloadedChecksums(packets);
  const rows = packets.map((p) => ({
    id: packetRowId(c, p.frame),
    className: p.anomalies.length ? 'anomaly' : undefined,
    cells: packetCells(p, m, offloaded).map((cell, i) =>
      i === states
        ? `<span class="states">${e(m.state[p.states.client])}</span><span class="states">${e(m.state[p.states.server])}</span>`
        : i === notes && cell
          ? `<span class="notes">${e(cell)}</span>`
          : e(cell),
    ),
  }));
  return dataTable({ id: `connection-${c.index + 1}-packets`, caption: m.html.captionPackets, head: columns, rows, className: 'packets' });
}

/** Every segment's header, field by field, each behind its own <details> named by its frame. */
function segmentHeaders(c: ConnectionReport, packets: PacketReport[], m: Messages): string {
  const shifts = windowShifts(packets);
  const items = packets.map((p) => {
    const { rows, flagBits } = headerRows(p, shifts, m);
    const id = `c${c.index + 1}-h${p.frame}`;
    return `<details class="print-detail" id="${id}"><summary>${e(m.html.headerBytes(p.frame, p.header.length / 2))}</summary>${headerTable(`${id}-table`, m.html.headerBytes(p.frame, p.header.length / 2), rows, m, 'packet-header')}<p>${e(flagBits)}</p></details>`;
  });
  return `<div class="print-only-asked">${part(m.html.packetHeaders, ...items)}</div>`;
}
