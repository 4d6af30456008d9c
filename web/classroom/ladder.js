// The live ladder diagram, drawn as the report draws its own (src/report/html/ladder.ts, styled by the
// shared /assets/page.css): HTML text at body size, so zoom and large-text mode enlarge it; lifelines as
// borders; one arrow per segment in the Okabe–Ito colours and line styles of the legend; each arrow a link
// to its row of the segment table (the text alternative) that names its values and selects it for stepping.
const ARROWHEAD = '<svg viewBox="0 0 10 10" aria-hidden="true" focusable="false"><path d="M0,0 L10,5 L0,10 z"/></svg>';
const KINDS = ['handshake', 'data', 'ack', 'teardown'];

function node(tag, className, text) {
  const element = document.createElement(tag);
  if (className) element.className = className;
  if (text !== undefined) element.textContent = text;
  return element;
}
const line = () => Object.assign(node('span', 'line'), { innerHTML: ARROWHEAD });
const srOnly = (text) => node('span', 'sr-only', text);

/** The live session knows no lost segment or anomaly yet: a segment is one of the report's first four kinds. */
export function arrowKind(p) {
  if (p.flags.includes('SYN')) return 'handshake';
  if (p.flags.includes('FIN') || p.flags.includes('RST')) return 'teardown';
  return p.len ? 'data' : 'ack';
}

/** The id of a segment's row in the segment table, which its arrow links to. */
export const packetRowId = (p) => `segment-${p.frame}`;

export function arrowLabel(p) {
  const flags = p.flags.join(', ') || '—';
  const ack = p.flags.includes('ACK') ? ` ack=${p.relAck}` : '';
  const len = p.len ? ` len=${p.len}` : '';
  return `${flags} seq=${p.relSeq}${ack}${len}`;
}

export function drawLadder(figure, packets, current, t, onSelect) {
  const focused = figure.contains(document.activeElement) ? [...figure.querySelectorAll('a.arrow')].indexOf(document.activeElement) : -1;
  const legend = node('ul', 'legend');
  legend.setAttribute('aria-label', t.legend);
  for (const kind of KINDS) {
    const item = node('li');
    const swatch = node('span', `swatch ${kind}`);
    swatch.append(line());
    item.append(swatch, t.kinds[kind]);
    legend.append(item);
  }
  const head = node('div', 'ladder-head');
  head.setAttribute('aria-hidden', 'true');
  head.append(node('span', 'time', t.time), node('span', 'end client', t.client), node('span', 'end server', t.server), node('span', 'frame', t.frame));
  const rows = node('ol', 'ladder-rows');
  let previous;
  packets.forEach((p, i) => {
    const li = node('li', `${arrowKind(p)} ${p.from === 'client' ? 'to-server' : 'to-client'}${i === current ? ' current' : ''}`);
    // A side's state is written beside its lifeline only when this segment changed it.
    const state = (side) => {
      if (previous?.[side] === p.states[side]) return '';
      const span = node('span', `state ${side}`);
      span.append(srOnly(`${t.stateOf(t[side])}: `), p.states[side]);
      return span;
    };
    const arrow = node('a', 'arrow');
    arrow.href = `#${packetRowId(p)}`;
    if (i === current) arrow.setAttribute('aria-current', 'step');
    arrow.append(srOnly(`${t.frame} ${p.frame}, ${p.from === 'client' ? `${t.client} → ${t.server}` : `${t.server} → ${t.client}`}: `), node('span', 'label', arrowLabel(p)));
    arrow.append(srOnly(`; seq=${p.seq}, ack=${p.ack}, ${t.window}=${p.window}; ${t.statesAfter}: ${t.client} ${p.states.client}, ${t.server} ${p.states.server}`), line());
    arrow.addEventListener('click', (event) => {
      event.preventDefault();
      onSelect(i);
    });
    li.append(node('span', 'time', Number(p.offset ?? 0).toFixed(6)), state('client'), arrow, state('server'), node('span', 'frame', `#${p.frame}`));
    rows.append(li);
    previous = p.states;
  });
  figure.replaceChildren(legend, head, rows);
  figure.hidden = packets.length === 0;
  // Redrawn on every packet: keep the keyboard where it was.
  if (focused >= 0) figure.querySelectorAll('a.arrow')[focused]?.focus();
}
