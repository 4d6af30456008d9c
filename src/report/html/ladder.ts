// The ladder diagram in HTML: client and server lifelines, one arrow per segment in time order, each a
// link to its row in the table of every segment. Its text is the page's own text (zoom enlarges it, a
// screen reader reads it, forced colours recolour it); only the arrowheads are drawn, and hidden from
// assistive technology.
import type { ConnectionReport, PacketReport } from '../../analyse/report-model.js';
import { endpointText, lostMarks } from '../connection-view.js';
import { escapeHtml as e } from '../escape-html.js';
import type { Messages } from '../i18n/messages.js';
import { ladderLabel } from '../ladder-label.js';
import { srOnly } from './components.js';

export type ArrowKind = 'handshake' | 'data' | 'ack' | 'teardown' | 'anomaly' | 'lost';
const KINDS: ArrowKind[] = ['handshake', 'data', 'ack', 'teardown', 'anomaly', 'lost'];

const ARROWHEAD = '<svg viewBox="0 0 10 10" aria-hidden="true" focusable="false"><path d="M0,0 L10,5 L0,10 z"/></svg>';
// A lost segment's line stops short of the receiver and ends in a cross.
const CROSS = '<svg class="cross" viewBox="0 0 10 10" aria-hidden="true" focusable="false"><path d="M1,1 L9,9 M1,9 L9,1"/></svg>';
/** An endpoint that may wrap after its last colon (before the port), never inside the address or the port. */
function endpoint(end: ConnectionReport['client']): string {
  const text = endpointText(end);
  const portStart = text.lastIndexOf(':') + 1;
  return `${e(text.slice(0, portStart))}<wbr>${e(text.slice(portStart))}`;
}
const line = (kind: ArrowKind) => `<span class="line">${kind === 'lost' ? CROSS : ARROWHEAD}</span>`;

/** The id of a segment's row in the packet table, which each arrow links to. */
export const packetRowId = (c: ConnectionReport, frame: number) => `c${c.index + 1}-f${frame}`;

export function arrowKind(c: ConnectionReport, p: PacketReport): ArrowKind {
  if (p.lost) return 'lost';
  if (p.anomalies.length) return 'anomaly';
  if ([c.handshake.syn, c.handshake.synAck, c.handshake.finalAck].includes(p.frame)) return 'handshake';
  if (c.teardown.frames.includes(p.frame)) return 'teardown';
  return p.len ? 'data' : 'ack';
}

export function ladder(c: ConnectionReport, packets: PacketReport[], name: string, m: Messages): string {
  const id = `ladder-${c.index + 1}`;
  let previous: PacketReport['states'] | undefined;
  const rows = packets.map((p) => {
    const row = ladderRow(c, p, previous, m);
    previous = p.states;
    return row;
  });
  const legend = KINDS.map((kind) => `<li><span class="swatch ${kind}">${line(kind)}</span>${e(m.html.legendKind[kind])}</li>`).join('');
  return `<figure class="ladder" aria-labelledby="${id}-name">
<figcaption id="${id}-name">${e(m.html.ladderName(name))}<span class="help">${e(m.html.ladderHelp)}</span></figcaption>
<ul class="legend" aria-label="${e(m.html.legend)}">${legend}</ul>
<div class="ladder-head" aria-hidden="true"><span class="time">${e(m.columns.time)}</span><span class="end client">${e(m.side.client)}<span>${endpoint(c.client)}</span></span><span class="end server">${e(m.side.server)}<span>${endpoint(c.server)}</span></span><span class="frame">${e(m.columns.frame)}</span></div>
<ol class="ladder-rows">
${rows.join('\n')}
</ol>
</figure>`;
}

function ladderRow(c: ConnectionReport, p: PacketReport, previous: PacketReport['states'] | undefined, m: Messages): string {
  const direction = p.from === 'client' ? 'to-server' : 'to-client';
  // A side's state is written beside its lifeline only when this segment changed it.
  const state = (side: 'client' | 'server') =>
    previous?.[side] === p.states[side] ? '' : `<span class="state ${side}">${srOnly(m.html.statePrefix(m.side[side]))}${e(m.state[p.states[side]])}</span>`;
  const marks = [...lostMarks(p, m), ...p.anomalies.map((a) => m.anomalyShort[a])].map((text) => `<span class="mark">${e(text)}</span>`).join('');
  const kind = arrowKind(c, p);
  const label = `<span class="label"><span class="rel">${e(ladderLabel(p))}</span><span class="raw">${e(rawLabel(p, m))}</span></span>`;
  return `<li class="${kind} ${direction}"><span class="time">${p.offset.toFixed(6)}</span>${state('client')}<a class="arrow" href="#${packetRowId(c, p.frame)}">${srOnly(`${m.html.direction(p.from)}: `)}${label}${marks}${line(kind)}</a>${state('server')}<span class="frame">#${p.frame}</span></li>`;
}

/** The arrow's label with raw numbers and the window as sent, shown by the raw-numbers toggle. */
function rawLabel(p: PacketReport, m: Messages): string {
  const parts = [p.flags.join(', ') || '—', `seq=${p.seq}`];
  if (p.flags.includes('ACK')) parts.push(`ack=${p.ack}`);
  if (p.len) parts.push(`len=${p.len}`);
  parts.push(`${m.columns.window.toLowerCase()}=${p.window}`);
  return parts.join(' ');
}
