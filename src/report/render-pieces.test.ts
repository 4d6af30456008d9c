// The HTML and Markdown reports come in pieces, a connection's section each, so that `lab report` writes a
// capture of many connections piece by piece (its page is longer than any one string V8 makes).
import { describe, expect, it } from 'vitest';
import { analyseCapture } from '../analyse/analyse-capture.js';
import { connectionPackets } from '../../bench/synthetic-capture.ts';
import { pcapFile, tcpFrame } from '../../test/helpers/frames.ts';
import { htmlPieces, renderHtml } from './html.js';
import { messagesFor } from './i18n/index.js';
import { markdownPieces, renderMarkdown } from './markdown.js';

const CONNECTIONS = 3;
const frames = Array.from({ length: CONNECTIONS }, (_, i) => connectionPackets(i).segments).flatMap((segments, i) =>
  segments.map((segment, j) => ({ sec: 1000 + i, frac: j * 1000, data: tcpFrame(segment) })),
);
const report = analyseCapture([pcapFile(frames)]);
const input = { report, file: 'many.pcap', messages: messagesFor('en') };

describe.each([
  { format: 'html', pieces: htmlPieces, whole: renderHtml, heading: /<section class="connection"/g },
  { format: 'markdown', pieces: markdownPieces, whole: renderMarkdown, heading: /^## /gm },
])('$format report in pieces', ({ pieces, whole, heading }) => {
  it('holds one connection in each piece after the first, and together they are the whole report', () => {
    expect(report.connections).toHaveLength(CONNECTIONS);
    const parts = pieces(input);
    const withConnection = parts.filter((part) => part.match(heading));
    expect(withConnection).toHaveLength(CONNECTIONS);
    for (const part of withConnection) expect(part.match(heading)).toHaveLength(1);
    expect(parts.join('')).toBe(whole(input));
  });
});
