// The sentence on the client's SYNs sent again: the waits it lists are those of the SYNs it counts.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { F, type SegmentSpec } from '../../test/helpers/frames.ts';
import { analyseSegments, fromClient as c, fromServer as s } from '../../test/helpers/segments.ts';
import { analyseCapture } from '../analyse/analyse-capture.js';
import { connectionView } from './connection-view.js';
import { LANGUAGES, type Lang } from './i18n/index.js';

const LANGS = Object.keys(LANGUAGES) as Lang[];
const sentence = (segments: SegmentSpec[], lang: Lang, micros?: (i: number) => number) =>
  connectionView(analyseSegments(segments, micros).connections[0]!, LANGUAGES[lang]).synRetransmissions!;

describe('the SYN retransmissions sentence', () => {
  it.each(LANGS)('lists one wait per retransmission: a SYN captured twice is one SYN (%s)', (lang) => {
    const syn = c(100, 0, F.SYN);
    const text = sentence([syn, syn, c(100, 0, F.SYN), c(100, 0, F.SYN), s(500, 101, F.SYN | F.ACK), c(101, 501, F.ACK)], lang, (i) => (i === 1 ? 2 : i * 250_000));
    expect(text).toContain(lang === 'en' ? 'sent its SYN 3 times: 2 retransmissions' : '发送了 3 次 SYN：2 次重传');
    expect(text).toContain(lang === 'en' ? 'waited 0.50 s, 0.25 s between them' : '等待时间：0.50 秒、0.25 秒。');
  });

  it.each(LANGS)('says why the SYN went again at once after an RST|ACK the client dropped, and not after an RST without ACK (%s)', (lang) => {
    const [k] = analyseCapture([readFileSync(new URL('../../test/fixtures/synsent-rst/rst-in-syn-sent.pcap', import.meta.url))]).connections;
    const text = connectionView(k!, LANGUAGES[lang]).synRetransmissions!;
    expect(text).toContain('TCP_TIMEOUT_MIN');
    expect(text).toMatch(lang === 'en' ? /Frame 4 went soon after frame 3, an RST/ : /帧 4 紧跟在帧 3 之后发出/);
    expect(sentence([c(100, 0, F.SYN), s(0, 0, F.RST), c(100, 0, F.SYN), s(500, 101, F.SYN | F.ACK), c(101, 501, F.ACK)], lang)).not.toContain('TCP_TIMEOUT_MIN');
    // Only before the first retransmission: an RST|ACK dropped between the second and third SYN changes no timer.
    expect(sentence([c(100, 0, F.SYN), c(100, 0, F.SYN), s(0, 100, F.RST | F.ACK), c(100, 0, F.SYN), s(500, 101, F.SYN | F.ACK), c(101, 501, F.ACK)], lang)).not.toContain('TCP_TIMEOUT_MIN');
  });
});
