// The live ladder diagram: one arrow per captured segment, client on the left, server on the right.
// Each arrow is focusable and names its values, so the diagram is not only for the eyes.
const NS = 'http://www.w3.org/2000/svg';
const ROW = 44;
const LEFT = 150;
const RIGHT = 650;
const WIDTH = 800;

function el(name, attrs, text) {
  const node = document.createElementNS(NS, name);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  if (text !== undefined) node.textContent = text;
  return node;
}

export function arrowLabel(p) {
  const flags = p.flags.join(',');
  const ack = p.flags.includes('ACK') ? ` ack=${p.relAck}` : '';
  const len = p.len ? ` len=${p.len}` : '';
  return `${flags} seq=${p.relSeq}${ack}${len}`;
}

export function drawLadder(svg, packets, current, t, onSelect) {
  svg.replaceChildren();
  const height = 70 + packets.length * ROW;
  svg.setAttribute('viewBox', `0 0 ${WIDTH} ${height}`);
  svg.setAttribute('width', String(WIDTH));
  svg.style.maxWidth = 'none';
  svg.append(el('text', { x: LEFT, y: 24, 'text-anchor': 'middle' }, t.client), el('text', { x: RIGHT, y: 24, 'text-anchor': 'middle' }, t.server));
  svg.append(el('line', { x1: LEFT, y1: 34, x2: LEFT, y2: height, class: 'lifeline' }), el('line', { x1: RIGHT, y1: 34, x2: RIGHT, y2: height, class: 'lifeline' }));
  packets.forEach((p, i) => {
    const y = 60 + i * ROW;
    const fromClient = p.from === 'client';
    const [x1, x2] = fromClient ? [LEFT, RIGHT] : [RIGHT, LEFT];
    const end = p.lost ? x1 + (x2 - x1) * 0.6 : x2;
    const g = el('g', { tabindex: 0, role: 'button', class: i === current ? 'current' : '' });
    const states = `${t.client} ${p.states.client}, ${t.server} ${p.states.server}`;
    g.setAttribute('aria-label', `${t.frame} ${p.frame}: ${fromClient ? `${t.client} → ${t.server}` : `${t.server} → ${t.client}`}, ${arrowLabel(p)}; ${states}`);
    g.append(el('rect', { x: 0, y: y - 26, width: WIDTH, height: ROW, class: 'hit' }));
    g.append(el('line', { x1, y1: y, x2: end, y2: y + 14, class: `arrow from-${p.from}${p.lost ? ' lost' : ''}` }));
    const head = fromClient ? -1 : 1;
    g.append(el('path', { d: `M${end},${y + 14} l${head * 12},-8 l0,12 z`, class: `arrow from-${p.from}` }));
    g.append(el('text', { x: (LEFT + RIGHT) / 2, y: y - 6, 'text-anchor': 'middle' }, `${arrowLabel(p)}${p.lost ? ' ✕' : ''}`));
    g.append(el('text', { x: 8, y: y + 6 }, `#${p.frame}`));
    g.append(el('text', { x: WIDTH - 8, y: y + 6, 'text-anchor': 'end' }, `${p.offset !== undefined ? `+${Number(p.offset).toFixed(3)}` : ''}`));
    g.addEventListener('click', () => onSelect(i));
    g.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' || e.key === ' ') {
        e.preventDefault();
        onSelect(i);
      }
    });
    svg.append(g);
  });
}
