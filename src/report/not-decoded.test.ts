// Frames of an encapsulation that is not decoded are counted and named in every output, both languages.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyseCapture } from '../analyse/analyse-capture.js';
import { renderHtml } from './html.js';
import { LANGUAGES } from './i18n/index.js';
import { renderJson } from './json.js';
import { renderMarkdown } from './markdown.js';

const mpls = readFileSync(new URL('../../test/fixtures/encapsulations/mpls.pcap', import.meta.url));

describe('an encapsulation that is not decoded', () => {
  // Analysed inside each test, never while the file is collected: code run at collection belongs to no test,
  // and the mutation run would then have to run every test for each mutant it reaches.
  it('is counted and named in the analysis', () => {
    const report = analyseCapture([mpls]);
    expect(report.capture.notDecoded).toEqual([{ field: 'ethertype', value: 0x8847, name: 'MPLS', frames: 11, firstFrame: 1 }]);
    expect(JSON.parse(renderJson(report)).capture.notDecoded).toEqual(report.capture.notDecoded);
    // The echoes outside MPLS are analysed as usual.
    expect(report.connections).toHaveLength(3);
  });

  it.each([
    ['en', '11 frames of an encapsulation not decoded: EtherType 0x8847 (MPLS), first in frame 1; any TCP inside them is not analysed.'],
    ['zh-CN', '11 帧使用了未解码的封装：以太网类型（EtherType） 0x8847（MPLS），最早出现在第 1 帧；其中即使有 TCP，本报告也未分析。'],
  ] as const)('is shown in the %s Markdown and HTML reports', (lang, sentence) => {
    const input = { report: analyseCapture([mpls]), file: 'mpls.pcap', messages: LANGUAGES[lang] };
    expect(renderMarkdown(input)).toContain(`- ${sentence}`);
    expect(renderHtml(input)).toContain(`<li>${sentence}</li>`);
  });

  it('is not mentioned when there is none', () => {
    const plain = analyseCapture([readFileSync(new URL('../../test/fixtures/encapsulations/gre.pcap', import.meta.url))]);
    expect(plain.capture.notDecoded).toEqual([]);
    expect(renderMarkdown({ report: plain, file: 'gre.pcap', messages: LANGUAGES.en })).not.toContain('not decoded');
  });

  it.each([
    ['en', '44 TCP packets came through GRE (IP protocol 47): the connections below are those inside the tunnel, with the inner packets’ addresses and ports.'],
    ['zh-CN', '44 个 TCP 报文段经由 GRE 隧道（IP 协议号 47）传输：下面的连接是隧道内层的连接，地址和端口都是内层报文段的。'],
  ] as const)('a tunnel that is decoded is explained in the %s reports', (lang, sentence) => {
    const gre = analyseCapture([readFileSync(new URL('../../test/fixtures/encapsulations/gre.pcap', import.meta.url))]);
    expect(gre.capture.tunnels).toEqual([{ tunnel: 'gre', tcpPackets: 44 }]);
    const input = { report: gre, file: 'gre.pcap', messages: LANGUAGES[lang] };
    expect(renderMarkdown(input)).toContain(sentence);
    expect(renderHtml(input)).toContain(`<p>${sentence}</p>`);
  });
});
