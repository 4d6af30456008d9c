// The ladder diagram as inline SVG: client and server columns, one arrow per packet, labelled with
// flags, relative seq/ack, length and time since the first packet; raw numbers on hover.
import type { ConnectionReport, PacketReport } from '../analyse/report-model.js';
import { endpointText } from './connection-view.js';
import { escapeHtml } from './escape-html.js';
import type { Messages } from './i18n/messages.js';
import { ladderLabel } from './ladder-label.js';

const WIDTH = 1000;
const LEFT = 250;
const RIGHT = 750;
const TOP = 64;
const ROW = 40;

export function svgLadder(c: ConnectionReport, packets: PacketReport[], m: Messages): string {
  const height = TOP + packets.length * ROW + 24;
  const handshake = new Set([c.handshake.syn, c.handshake.synAck, c.handshake.finalAck]);
  const teardown = new Set(c.teardown.frames);
  let previous: PacketReport['states'] | undefined;
  const arrows = packets.map((p, i) => {
    const y = TOP + i * ROW;
    const [x1, x2] = p.from === 'client' ? [LEFT, RIGHT] : [RIGHT, LEFT];
    const kind = p.lost ? 'lost' : p.anomalies.length ? 'anomaly' : handshake.has(p.frame) ? 'handshake' : teardown.has(p.frame) ? 'teardown' : p.len ? 'data' : 'ack';
    const raw = `#${p.frame}  seq ${p.seq}  ack ${p.flags.includes('ACK') ? p.ack : '—'}  win ${p.window}  ${m.state[p.states.client]} / ${m.state[p.states.server]}`;
    const notes = [...(p.lost ? [m.lost] : []), ...p.anomalies.map((a) => m.anomalyShort[a])].join(', ');
    // A lost segment's arrow ends in a cross two thirds of the way: it never reached the receiver.
    const end = p.lost ? x1 + ((x2 - x1) * 2) / 3 : x2;
    const endY = p.lost ? y + 4 + (22 * 2) / 3 : y + 26;
    const arrow = `<g class="arrow ${kind}" data-frame="${p.frame}"><title>${escapeHtml(raw)}</title>
<text class="time" x="8" y="${y + 18}">${p.offset.toFixed(6)} s</text>
${stateText(p, previous, m, y)}
${p.lost ? `<line x1="${x1}" y1="${y + 4}" x2="${end}" y2="${endY}"/><path class="cross" d="M${end - 6},${endY - 6} L${end + 6},${endY + 6} M${end - 6},${endY + 6} L${end + 6},${endY - 6}"/>` : `<line x1="${x1}" y1="${y + 4}" x2="${x2}" y2="${y + 26}" marker-end="url(#head-${c.index})"/>`}
<text class="label" x="${(LEFT + RIGHT) / 2}" y="${y + 8}" text-anchor="middle"><tspan class="rel">${escapeHtml(ladderLabel(p))}</tspan><tspan class="raw">${escapeHtml(rawLabel(p))}</tspan></text>
<text class="frame" x="${WIDTH - 8}" y="${y + 18}" text-anchor="end">#${p.frame}${notes ? ` ${escapeHtml(notes)}` : ''}</text></g>`;
    previous = p.states;
    return arrow;
  });
  return `<svg class="ladder" viewBox="0 0 ${WIDTH} ${height}" role="img" aria-label="${escapeHtml(m.sections.ladder)}" xmlns="http://www.w3.org/2000/svg">
<defs><marker id="head-${c.index}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="8" markerHeight="8" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="context-stroke"/></marker></defs>
<text class="column" x="${LEFT}" y="22" text-anchor="middle">${escapeHtml(m.side.client)}</text>
<text class="endpoint" x="${LEFT}" y="42" text-anchor="middle">${escapeHtml(endpointText(c.client))}</text>
<text class="column" x="${RIGHT}" y="22" text-anchor="middle">${escapeHtml(m.side.server)}</text>
<text class="endpoint" x="${RIGHT}" y="42" text-anchor="middle">${escapeHtml(endpointText(c.server))}</text>
<line class="lifeline" x1="${LEFT}" y1="${TOP - 10}" x2="${LEFT}" y2="${height - 8}"/>
<line class="lifeline" x1="${RIGHT}" y1="${TOP - 10}" x2="${RIGHT}" y2="${height - 8}"/>
${arrows.join('\n')}
</svg>`;
}

/** Each side's state after the packet, beside its lifeline, written only when it changed. */
function stateText(p: PacketReport, previous: PacketReport['states'] | undefined, m: Messages, y: number): string {
  const text = (side: 'client' | 'server', x: number, anchor: string) =>
    previous?.[side] === p.states[side] ? '' : `<text class="state" x="${x}" y="${y + 30}" text-anchor="${anchor}">${escapeHtml(m.state[p.states[side]])}</text>`;
  return text('client', LEFT - 10, 'end') + text('server', RIGHT + 10, 'start');
}

function rawLabel(p: PacketReport): string {
  const parts = [p.flags.join(', ') || '(none)', `seq=${p.seq}`];
  if (p.flags.includes('ACK')) parts.push(`ack=${p.ack}`);
  if (p.len) parts.push(`len=${p.len}`);
  return parts.join(' ');
}
