// The reports a student reads: snapshots of Markdown and HTML in both languages, the SYN byte table
// against the capture's own bytes, and the annotated pcapng's comments read back by tshark.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { analyseCapture } from '../../src/analyse/analyse-capture.js';
import { parseEventLines } from '../../src/capture/socket-events.js';
import { annotatedPcapng } from '../../src/report/annotated-pcapng.js';
import { renderHtml } from '../../src/report/html.js';
import { LANGUAGES } from '../../src/report/i18n/index.js';
import { renderMarkdown } from '../../src/report/markdown.js';
import { packetComments } from '../../src/report/packet-comments.js';
import { corpusBytes } from '../helpers/corpus.ts';
import { tsharkAvailable, tsharkFields } from '../helpers/tshark.ts';

const fixture = (name: string) => readFileSync(fileURLToPath(new URL(`../fixtures/lab-up-echo/${name}`, import.meta.url)));
const SOURCES: Record<string, { bytes: Buffer; events?: string }> = {
  'lab-up-echo': { bytes: fixture('capture.pcap'), events: fixture('events.jsonl').toString('utf8') },
  cs_http_ip4and6: { bytes: corpusBytes('cs_http_ip4and6.pcapng') },
  'zk_get-gzip_simul-close': { bytes: corpusBytes('zk_get-gzip_simul-close.pcap') },
  'zk_half-close': { bytes: corpusBytes('zk_half-close_http-11-request-then-cruft.pcap') },
  cs_tcp_refuseconnection: { bytes: corpusBytes('cs_tcp_refuseconnection.pcapng') },
  zk_socks_syn_retx: { bytes: corpusBytes('zk_socks_syn-retx.pcap') },
};

describe('report snapshots', () => {
  for (const [name, source] of Object.entries(SOURCES)) {
    for (const lang of Object.keys(LANGUAGES) as (keyof typeof LANGUAGES)[]) {
      it(`${name} (${lang})`, async () => {
        const input = { report: analyseCapture([source.bytes], { events: parseEventLines(source.events ?? '') }), file: `${name}.pcap`, messages: LANGUAGES[lang] };
        await expect(renderMarkdown(input)).toMatchFileSnapshot(`__snapshots__/${name}.${lang}.md`);
        await expect(renderHtml(input)).toMatchFileSnapshot(`__snapshots__/${name}.${lang}.html`);
      });
    }
  }
});

describe('the SYN byte table', () => {
  it.each(Object.keys(SOURCES))('%s shows the bytes of its own SYN', (name) => {
    const source = SOURCES[name]!;
    const report = analyseCapture([source.bytes]);
    const html = renderHtml({ report, file: 'x', messages: LANGUAGES.en });
    const table = /<table class="syn-header">(.*?)<\/table>/s.exec(html)![1]!;
    const shown = [...table.matchAll(/<code class="bytes">([0-9a-f ]+)<\/code>/g)].map((m) => m[1]).join(' ');
    const syn = report.connections[0]!.packets!.find((p) => p.frame === report.connections[0]!.handshake.syn)!;
    expect(shown.replace(/ /g, '')).toBe(tcpHeaderOfFrame(source.bytes, syn.frame));
  });
});

/** The TCP header of frame n, found independently of the decoder: Ethernet (maybe one VLAN tag), IPv4 or IPv6. */
function tcpHeaderOfFrame(file: Buffer, n: number): string {
  const frames: Buffer[] = [];
  if (file.readUInt32LE(0) === 0x0a0d0d0a) {
    for (let at = 0; at < file.length; ) {
      const type = file.readUInt32LE(at);
      const length = file.readUInt32LE(at + 4);
      if (type === 6) frames.push(file.subarray(at + 28, at + 28 + file.readUInt32LE(at + 20)));
      at += length;
    }
  } else {
    for (let at = 24; at < file.length; ) {
      const length = file.readUInt32LE(at + 8);
      frames.push(file.subarray(at + 16, at + 16 + length));
      at += 16 + length;
    }
  }
  const frame = frames[n - 1]!;
  let at = frame.readUInt16BE(12) === 0x8100 ? 18 : 14;
  const v6 = frame[at]! >> 4 === 6;
  at += v6 ? 40 : (frame[at]! & 15) * 4;
  return frame.subarray(at, at + (frame[at + 12]! >> 4) * 4).toString('hex');
}

describe.runIf(tsharkAvailable())('annotated pcapng', () => {
  it.each(['en', 'zh-CN'] as const)('keeps every packet and timestamp, and Wireshark reads the comments (%s)', (lang) => {
    const original = fixture('capture.pcap');
    const report = analyseCapture([original]);
    const dir = mkdtempSync(join(tmpdir(), 'annotated-'));
    const file = join(dir, 'annotated.pcapng');
    writeFileSync(file, Buffer.concat(annotatedPcapng([original], packetComments(report, LANGUAGES[lang]))));
    writeFileSync(join(dir, 'original.pcap'), original);
    const fields = ['frame.number', 'frame.time_epoch', 'frame.len', 'frame.comment'];
    const annotated = tsharkFields(file, fields);
    const plain = tsharkFields(join(dir, 'original.pcap'), fields.slice(0, 3));
    expect(annotated.map((row) => row.slice(0, 3))).toEqual(plain);
    const comments = annotated.map((row) => row[3]);
    if (lang === 'en') {
      expect(comments[0]).toMatch(/^Handshake 1\/3: SYN — the client asks to connect; its ISN is 0x[0-9a-f]{8}$/);
      expect(comments[1]).toMatch(/^Handshake 2\/3: SYN-ACK/);
      expect(comments[2]).toMatch(/^Handshake 3\/3: ACK/);
      expect(comments[7]).toMatch(/^Teardown: FIN from the server \(it closed first: active close\)/);
      expect(comments[3]).toBe('');
    } else {
      expect(comments[0]).toMatch(/^三次握手 1\/3：SYN——客户端请求建立连接/);
      expect(comments[7]).toMatch(/^连接释放：服务器的 FIN（先关闭的一方：主动关闭）/);
    }
  });
});
