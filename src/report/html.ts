// The report as one self-contained HTML file: inline CSS, SVG and a few lines of JS; nothing is loaded
// from the network, so it works when opened from disk, on a projector and on paper.
import type { ConnectionReport, PacketReport } from '../analyse/report-model.js';
import { connectionView, headerRows, packetCells, packetColumns, type HeaderRow } from './connection-view.js';
import { escapeHtml as e } from './escape-html.js';
import type { Messages } from './i18n/messages.js';
import type { RenderInput } from './render-input.js';
import { svgLadder } from './svg-ladder.js';

export function renderHtml({ report, file, messages: m }: RenderInput): string {
  const warningList = [...report.capture.warnings, ...report.capture.notDecoded.map(m.notDecoded)];
  const warnings = warningList.length
    ? `<section class="warnings"><h2>${e(m.captureWarnings)}</h2><ul>${warningList.map((w) => `<li>${e(w)}</li>`).join('')}</ul></section>`
    : '';
  const body = report.connections.length ? report.connections.map((c) => connectionSection(c, m)).join('\n') : `<p>${e(m.noConnections)}</p>`;
  return `<!doctype html>
<html lang="${e(m.lang)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${e(m.title)} — ${e(file)}</title>
<style>${STYLE}</style>
</head>
<body>
<header>
<h1>${e(m.title)}</h1>
<p>${e(m.intro(file, report.capture.packets, report.connections.length))}</p>
<button type="button" id="toggle-raw" aria-pressed="false">${e(m.html.toggleRaw)}</button>
</header>
<main>
${warnings}
${body}
</main>
<script>${SCRIPT}</script>
</body>
</html>
`;
}

function connectionSection(c: ConnectionReport, m: Messages): string {
  const packets = c.packets ?? [];
  const v = connectionView(c, m);
  const parts = [`<section class="connection" id="connection-${c.index + 1}">`, `<h2>${e(v.title)}</h2>`];
  if (v.rolesGuessed) parts.push(`<p class="note">${e(v.rolesGuessed)}</p>`);
  parts.push(`<dl class="summary">${v.summary.map(([k, val]) => `<dt>${e(k)}</dt><dd>${e(val)}</dd>`).join('')}</dl>`);
  if (packets.length) parts.push(`<h3>${e(m.sections.ladder)}</h3>`, `<figure class="ladder-figure">${svgLadder(c, packets, m)}</figure>`);
  parts.push(`<h3>${e(m.sections.handshake)}</h3>`);
  parts.push(v.handshakeSteps.length ? `<ol>${v.handshakeSteps.map((s) => `<li>${e(s)}</li>`).join('')}</ol>` : `<p>${e(m.handshakeMissing)}</p>`);
  if (v.synRetransmissions) parts.push(`<p>${e(v.synRetransmissions)}</p>`);
  if (v.fastOpen) parts.push(`<p>${e(v.fastOpen)}</p>`);
  if (v.rules.length) parts.push(`<h3>${e(m.sections.rules)}</h3><ul class="rules">${v.rules.map((r) => `<li class="${r.ok ? 'ok' : 'fail'}">${e(r.text)}</li>`).join('')}</ul>`);
  if (v.syn) {
    parts.push(`<h3>${e(m.sections.synHeader)} (${e(m.columns.frame.toLowerCase())} ${v.syn.packet.frame})</h3>`);
    parts.push(headerTable(v.syn.rows, m, 'syn-header'), `<p>${e(v.syn.flagBits)}</p>`);
    if (v.syn.options.length) parts.push(`<h3>${e(m.sections.options)}</h3><ul>${v.syn.options.map((o) => `<li>${e(o)}</li>`).join('')}</ul>`);
  }
  parts.push(`<h3>${e(m.sections.teardown)}</h3>`, ...v.teardown.map((line) => `<p>${e(line)}</p>`), `<p>${e(v.timeWait)}</p>`);
  if (packets.length) parts.push(`<h3>${e(m.sections.packets)}</h3>`, packetTable(packets, m));
  parts.push(`<h3>${e(m.sections.timeline)}</h3>`);
  if (v.timeline.length) {
    const rows = v.timeline.map((r) => `<tr class="${r.kind}"><td>${e(r.offset)}</td><td>${e(r.who)}</td><td>${r.kind === 'event' ? `<code>${e(r.what)}</code>` : r.kind === 'tool' ? `<em>${e(r.what)}</em>` : e(r.what)}</td><td>${e(r.meaning)}</td></tr>`);
    parts.push(`<table class="timeline"><thead><tr><th>${e(m.columns.time)}</th><th>${e(`${m.side.client} / ${m.side.server}`)}</th><th>${e(m.columns.call)}</th><th>${e(m.columns.meaning)}</th></tr></thead><tbody>${rows.join('')}</tbody></table>`);
    if (v.timelineNote) parts.push(`<p class="note">${e(v.timelineNote)}</p>`);
  } else parts.push(`<p>${e(m.noEvents)}</p>`);
  if (v.acceptDelay) parts.push(`<p class="key">${e(v.acceptDelay)}</p>`);
  parts.push(`<h3>${e(m.sections.anomalies)}</h3><ul>${v.anomalies.map((a) => `<li>${e(a)}</li>`).join('')}</ul>`);
  parts.push(`<h3>${e(m.sections.wireshark)}</h3><p>${e(m.wiresharkIntro)}</p><ul>${v.filters.map((f) => `<li><code>${e(f.filter)}</code> — ${e(f.purpose)}</li>`).join('')}</ul>`);
  parts.push('</section>');
  return parts.join('\n');
}

function headerTable(rows: HeaderRow[], m: Messages, className: string): string {
  const body = rows.map((r) => `<tr><td>${e(r.field)}</td><td><code class="bytes">${e(r.bytes)}</code></td><td>${e(r.value)}</td><td>${e(r.meaning)}</td></tr>`).join('');
  return `<table class="${className}"><thead><tr><th>${e(m.columns.field)}</th><th>${e(m.columns.bytes)}</th><th>${e(m.columns.value)}</th><th>${e(m.columns.meaning)}</th></tr></thead><tbody>${body}</tbody></table>`;
}

function packetTable(packets: PacketReport[], m: Messages): string {
  const head = packetColumns(m).map((h) => `<th>${e(h)}</th>`).join('');
  const rows = packets.map((p) => {
    const { rows: header, flagBits } = headerRows(p, m);
    const details = `<details><summary>${e(m.html.headerBytes(p.header.length / 2))}</summary>${headerTable(header, m, 'packet-header')}<p>${e(flagBits)}</p></details>`;
    const cells = packetCells(p, m).map((c) => `<td>${e(c)}</td>`);
    return `<tr data-frame="${p.frame}" class="${p.anomalies.length ? 'anomaly' : ''}">${cells.join('')}</tr><tr class="header-row"><td colspan="10">${details}</td></tr>`;
  });
  return `<div class="scroll"><table class="packets"><thead><tr>${head}</tr></thead><tbody>${rows.join('')}</tbody></table></div>`;
}

const STYLE = `
:root { --ink: #111; --muted: #555; --line: #ccc; --handshake: #0b5cad; --teardown: #b35900; --data: #2f6f2f; --ack: #444; --bad: #b00020; --bg: #fff; }
* { box-sizing: border-box; }
html { font-size: clamp(16px, 0.9vw + 9px, 24px); }
body { margin: 0 auto; max-width: 78rem; padding: 1rem 1.5rem 3rem; font-family: system-ui, "Noto Sans", "Noto Sans CJK SC", "Microsoft YaHei", sans-serif; color: var(--ink); background: var(--bg); line-height: 1.5; }
h1 { font-size: 1.8rem; margin: 0.5rem 0; } h2 { font-size: 1.4rem; border-bottom: 2px solid var(--ink); padding-bottom: 0.2rem; margin-top: 2.5rem; } h3 { font-size: 1.1rem; margin-top: 1.6rem; }
code { font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: 0.92em; }
button { font: inherit; padding: 0.3rem 0.8rem; border: 1px solid var(--ink); background: #f4f4f4; border-radius: 4px; cursor: pointer; }
dl.summary { display: grid; grid-template-columns: max-content 1fr; gap: 0.2rem 1.2rem; }
dl.summary dt { font-weight: 600; } dl.summary dd { margin: 0; }
table { border-collapse: collapse; margin: 0.6rem 0; width: 100%; }
th, td { border: 1px solid var(--line); padding: 0.25rem 0.5rem; text-align: left; vertical-align: top; }
th { background: #f0f0f0; }
.scroll { overflow-x: auto; }
table.packets td { white-space: nowrap; } table.packets table td { white-space: normal; min-width: 6rem; }
tr.header-row td { border-top: none; padding-top: 0; background: #fafafa; }
tr.anomaly td { color: var(--bad); }
tr.event td, tr.tool td { background: #f6f9ff; } tr.tool td { color: var(--muted); }
ul.rules li.ok::marker { content: "✓ "; color: var(--data); } ul.rules li.fail::marker { content: "✗ "; color: var(--bad); }
.note { color: var(--muted); font-style: italic; } .key { font-weight: 600; }
svg.ladder { width: 100%; height: auto; font-size: 15px; }
svg.ladder .column { font-weight: 700; font-size: 18px; } svg.ladder .endpoint, svg.ladder .time, svg.ladder .frame { fill: var(--muted); font-size: 13px; }
svg.ladder .lifeline { stroke: var(--ink); stroke-width: 3; }
svg.ladder .arrow line { stroke-width: 2.5; }
svg.ladder .handshake line { stroke: var(--handshake); } svg.ladder .handshake .label { fill: var(--handshake); }
svg.ladder .teardown line { stroke: var(--teardown); } svg.ladder .teardown .label { fill: var(--teardown); }
svg.ladder .data line { stroke: var(--data); } svg.ladder .ack line { stroke: var(--ack); }
svg.ladder .anomaly line { stroke: var(--bad); stroke-dasharray: 6 4; } svg.ladder .anomaly .label { fill: var(--bad); }
svg.ladder .lost line { stroke: var(--bad); stroke-dasharray: 2 4; } svg.ladder .lost .cross { stroke: var(--bad); stroke-width: 3; }
svg.ladder .label { font-weight: 600; } svg.ladder .state { font-size: 13px; font-style: italic; fill: #6a1b9a; }
svg.ladder .raw { display: none; } body.show-raw svg.ladder .raw { display: inline; } body.show-raw svg.ladder .rel { display: none; }
@media print {
  html { font-size: 11pt; } body { max-width: none; padding: 0; }
  button { display: none; } section.connection { break-before: page; } h3, figure, table.syn-header { break-inside: avoid; }
  .scroll { overflow: visible; } table.packets td { white-space: normal; }
}
`;

// Toggles raw and relative numbers on the ladder; opens every header breakdown before printing.
const SCRIPT = `
const toggle = document.getElementById('toggle-raw');
toggle.addEventListener('click', () => {
  const on = document.body.classList.toggle('show-raw');
  toggle.setAttribute('aria-pressed', String(on));
});
window.addEventListener('beforeprint', () => document.querySelectorAll('details').forEach((d) => (d.open = true)));
`;
