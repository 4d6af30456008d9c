// The style of tcp-lab's pages, made for a classroom: readable on a washed-out projector at 1024×768 and
// at 200 % zoom (every text at body size, nothing scrolls sideways but a wide table in its own box), by
// keyboard (a thick focus ring, a visible pressed state), in Windows high contrast (forced colours), and on
// A4 paper. The arrow colours come from the Okabe–Ito palette, darkened to 4.5:1 on white, and each kind
// has its own line style too, so that no meaning rests on colour alone.
export const PAGE_STYLE = `
:root {
  --ink: #111; --muted: #4a4a4a; --line: #8a8a8a; --bg: #fff; --head-bg: #ececec; --focus: #111; --focus-halo: #ffbf47;
  --handshake: #0a5a9c; --data: #00735a; --ack: #4a4a4a; --teardown: #a64b00; --anomaly: #9c2a73; --state: #4b2a80;
}
* { box-sizing: border-box; }
html { font-size: clamp(16px, 0.9vw + 9px, 24px); }
html.large { font-size: clamp(24px, 1.4vw + 14px, 36px); }
body { margin: 0 auto; max-width: 80rem; padding: 1rem 1.5rem 3rem; font-family: system-ui, "Noto Sans", "Noto Sans CJK SC", "Microsoft YaHei", sans-serif; color: var(--ink); background: var(--bg); line-height: 1.5; overflow-wrap: break-word; }
h1 { font-size: 1.8rem; margin: 0.5rem 0; line-height: 1.25; }
h2 { font-size: 1.4rem; border-bottom: 0.12rem solid var(--ink); padding-bottom: 0.2rem; margin-top: 2.5rem; line-height: 1.3; }
h3 { font-size: 1.15rem; margin: 1.6rem 0 0.5rem; line-height: 1.3; }
code { font-family: ui-monospace, "DejaVu Sans Mono", "Noto Sans Mono CJK SC", monospace; font-size: 0.95em; overflow-wrap: anywhere; }
a { color: inherit; }
.sr-only { position: absolute; width: 1px; height: 1px; margin: -1px; padding: 0; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; border: 0; }

/* Controls: a thick two-tone focus ring that shows on light and dark, and a pressed state that differs in
   more than colour (a check mark and a solid fill). */
.toolbar { display: flex; flex-wrap: wrap; gap: 0.5rem; margin: 0.8rem 0; }
button { font: inherit; padding: 0.35rem 0.9rem; border: 0.12rem solid var(--ink); background: var(--bg); color: var(--ink); border-radius: 0.3rem; cursor: pointer; }
button.toggle::before { content: "☐ "; }
button.toggle[aria-pressed="true"] { background: var(--ink); color: var(--bg); }
button.toggle[aria-pressed="true"]::before { content: "☑ "; }
:focus-visible { outline: 0.2rem solid var(--focus); outline-offset: 0.15rem; box-shadow: 0 0 0 0.4rem var(--focus-halo); }
summary { cursor: pointer; padding: 0.2rem 0; }

/* Summary list: label and value side by side, stacked when there is no room. */
dl.summary { display: grid; grid-template-columns: fit-content(45%) minmax(0, 1fr); gap: 0.2rem 1.2rem; }
dl.summary dt { font-weight: 600; } dl.summary dd { margin: 0; }
@media (max-width: 40em) { dl.summary { display: block; } dl.summary dd { margin: 0 0 0.4rem 1rem; } }

/* Tables wrap their cells; a table still too wide scrolls inside its own box, never the page. */
.scroll { overflow-x: auto; max-width: 100%; }
table { border-collapse: collapse; margin: 0.6rem 0; width: 100%; }
caption { text-align: left; font-weight: 600; padding: 0.2rem 0; }
th, td { border: 1px solid var(--line); padding: 0.25rem 0.45rem; text-align: left; vertical-align: top; }
th { background: var(--head-bg); word-break: keep-all; }
td { overflow-wrap: normal; word-break: keep-all; }
table.packets .states { display: block; font-weight: 600; color: var(--state); }
table.packets tr.anomaly td { color: var(--anomaly); }
table.packets .notes { font-weight: 600; }
table.packets tr:target td { background: #fff4c2; }
tr.event td { background: #f2f6fc; }
ul.rules li.ok::marker { content: "✓ "; } ul.rules li.fail::marker { content: "✗ "; }
.note { color: var(--muted); } .key { font-weight: 600; }

/* The ladder diagram: HTML text at body size (so zoom enlarges it and it reflows), lifelines drawn as the
   borders of the middle column, one row and one link per segment. */
figure.ladder { margin: 0.8rem 0; }
figure.ladder figcaption { font-weight: 600; }
figure.ladder .help { display: block; font-weight: 400; color: var(--muted); }
ul.legend { display: flex; flex-wrap: wrap; gap: 0.3rem 1.4rem; list-style: none; padding: 0; margin: 0.5rem 0; }
ul.legend li { display: flex; align-items: center; gap: 0.5rem; }
ul.legend .swatch { display: inline-block; width: 2.5em; }
.ladder-rows { list-style: none; padding: 0; margin: 0; }
.ladder-head, .ladder-rows > li { display: grid; grid-template-columns: 6.5em minmax(5.5em, 1fr) minmax(11em, 2.6fr) minmax(5.5em, 1fr) 4em; column-gap: 0.5em; }
.ladder-head > *, .ladder-rows > li > * { min-width: 0; }
.ladder-head::before, .ladder-rows > li::before { content: ""; grid-column: 3; grid-row: 1 / -1; align-self: stretch; border-inline: 0.22em solid var(--ink); }
.ladder-head { font-weight: 600; align-items: end; padding-bottom: 0.3rem; }
.ladder-head .end { grid-row: 1; } .ladder-head .end span { display: block; font-weight: 400; overflow-wrap: break-word; }
/* A state's name breaks at its hyphen or before its Chinese gloss, never inside a word (keep-all keeps 同步已发送 whole). */
.ladder-rows .state, .ladder-head .end span { word-break: keep-all; }
.ladder-head .client { grid-column: 2; text-align: right; } .ladder-head .server { grid-column: 4; }
.ladder-head .time { grid-column: 1; grid-row: 1; } .ladder-head .frame { grid-column: 5; grid-row: 1; text-align: right; }
.ladder-rows > li { align-items: center; min-height: 3.2em; }
.ladder-rows .time { grid-column: 1; grid-row: 1; font-variant-numeric: tabular-nums; color: var(--ink); }
.ladder-rows .frame { grid-column: 5; grid-row: 1; text-align: right; color: var(--ink); }
.ladder-rows .state { grid-row: 1; color: var(--state); font-weight: 600; overflow-wrap: break-word; }
.ladder-rows .state.client { grid-column: 2; text-align: right; } .ladder-rows .state.server { grid-column: 4; }
.ladder-rows .arrow { grid-column: 3; grid-row: 1; display: block; padding: 0.15em 0.3em 0.3em; text-decoration: none; color: inherit; text-align: center; }
.ladder-rows .arrow .label { display: block; font-weight: 600; overflow-wrap: anywhere; }
.ladder-rows .arrow .mark { display: block; }
.ladder-rows .arrow .mark::before { content: "⟲ "; }
.line { position: relative; display: block; height: 0; border-top: 0.2em solid currentColor; margin: 0.15em 0.5em 0.1em; }
.line svg { position: absolute; top: calc(-0.5em - 0.1em); width: 1em; height: 1em; fill: currentColor; }
.to-server .line svg, ul.legend .line svg { right: -0.5em; } .to-server .line svg.cross, ul.legend .line svg.cross { right: -0.7em; } .to-client .line svg { left: -0.5em; transform: scaleX(-1); }
.handshake { color: var(--handshake); } .handshake .line { border-top-width: 0.25em; }
.data { color: var(--data); } .data .line { border-top-width: 0.3em; }
.ack { color: var(--ack); } .ack .line { border-top-width: 0.12em; }
.teardown { color: var(--teardown); } .teardown .line { border-top-style: double; border-top-width: 0.4em; }
.anomaly { color: var(--anomaly); } .anomaly .line { border-top-style: dashed; border-top-width: 0.25em; }
.lost { color: var(--anomaly); } .lost .line { border-top-style: dotted; border-top-width: 0.25em; margin-inline: 0.5em 33%; }
.lost.to-client .line { margin-inline: 33% 0.5em; }
.line svg.cross { fill: none; stroke: currentColor; stroke-width: 2.5; }
.ladder-rows .arrow .label, .ladder-rows .arrow .mark { color: inherit; }
.raw { display: none; } html.show-raw .raw { display: inline; } html.show-raw .rel { display: none; }
@media (max-width: 40em) {
  /* Narrow: time and frame above the arrow, the states beside the lifelines. */
  body { padding-inline: 0.75rem; }
  .ladder-head, .ladder-rows > li { grid-template-columns: minmax(0, 1.25fr) minmax(0, 1.5fr) minmax(0, 1.25fr); column-gap: 0.3em; }
  .ladder-head::before, .ladder-rows > li::before { grid-column: 2; grid-row: 1 / span 2; }
  .ladder-head .time, .ladder-head .frame { display: none; }
  .ladder-head .client { grid-column: 1; } .ladder-head .server { grid-column: 3; }
  .ladder-rows .time { grid-column: 2; grid-row: 1; padding-inline: 0.4em; }
  .ladder-rows .frame { grid-column: 2; grid-row: 1; padding-inline: 0.4em; }
  .ladder-rows .arrow { grid-column: 2; grid-row: 2; }
  .ladder-rows .state { grid-row: 1 / span 2; }
  .ladder-rows .state.client { grid-column: 1; } .ladder-rows .state.server { grid-column: 3; }
}

/* Windows high contrast: text and borders take the system colours; lines and arrowheads follow the text. */
@media (forced-colors: active) {
  .ladder-head::before, .ladder-rows > li::before { border-color: CanvasText; }
  .line svg { fill: currentColor; }
  button.toggle[aria-pressed="true"] { border-width: 0.25rem; }
  :focus-visible { outline-color: Highlight; }
}

/* Paper: start on page 1, keep every heading with what follows, one connection per page after the first,
   the segment headers only when asked for (the toolbar's print button). */
@page { size: A4; margin: 14mm 12mm; }
@media print {
  html, html.large { font-size: 10.5pt; }
  body { max-width: none; padding: 0; }
  .toolbar { display: none; }
  section.connection + section.connection { break-before: page; }
  h1, h2, h3, caption, figcaption, summary { break-after: avoid; }
  .keep { break-inside: avoid; }
  tr, .ladder-rows > li, dl.summary, ul.legend { break-inside: avoid; }
  .scroll { overflow: visible; }
  html:not(.print-details) .print-only-asked { display: none; }
  a { text-decoration: none; }
  :root { print-color-adjust: exact; -webkit-print-color-adjust: exact; }
}
`;
