// The one-line verdict (lab up's summary, the index, the teacher's page) on real captures, both languages:
// a refused SYN opened nothing, an RST is told by its sender, a capture that ends early says so.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyseCapture } from '../analyse/analyse-capture.js';
import { connectionView } from './connection-view.js';
import { en } from './i18n/en.js';
import { zhCN } from './i18n/zh-CN.js';

const preset = (name: string) => readFileSync(new URL(`../../test/fixtures/presets/${name}/capture.pcap`, import.meta.url));
/** The first `count` packets of a little-endian pcap file. */
function firstPackets(pcap: Buffer, count: number): Buffer {
  let end = 24;
  for (let i = 0; i < count; i++) end += 16 + pcap.readUInt32LE(end + 8);
  return pcap.subarray(0, end);
}
const corpusBytes = (name: string) => readFileSync(new URL(`../../test/fixtures/corpus/${name}`, import.meta.url));
const corpus = (name: string) => analyseCapture([corpusBytes(name)]).connections;

describe('the verdict line', () => {
  it('a refused connection: no teardown, outcome or TIME-WAIT to tell', () => {
    const [refused] = corpus('cs_tcp_refuseconnection.pcapng');
    expect(refused!.outcome).toBe('refused');
    expect(en.verdict(refused!)).toBe('connection refused: the SYN was answered by an RST');
    expect(zhCN.verdict(refused!)).toBe('连接被拒绝：SYN 得到的回答是 RST');
  });

  it('an abortive close names the RST’s sender', () => {
    const [aborted] = corpus('zk_curl_http_09_rst-abort.pcap');
    expect([aborted!.teardown.kind, aborted!.teardown.rst?.from]).toEqual(['reset', 'server']);
    expect(en.verdict(aborted!)).toBe('handshake complete; reset by the server; TIME-WAIT: nobody');
    expect(zhCN.verdict(aborted!)).toBe('三次握手完整；被服务器复位（RST）；进入 TIME-WAIT：无');
  });

  it('a capture that ends before any close says the connection was still open', () => {
    const [open] = corpus('td_tcp-handshake-nano.pcap');
    expect([open!.handshake.complete, open!.teardown.kind, open!.outcome]).toEqual([true, null, 'open']);
    expect(en.verdict(open!)).toBe('handshake complete; no teardown captured; still open when the capture ended; TIME-WAIT: nobody');
    expect(zhCN.verdict(open!)).toBe('三次握手完整；未抓到连接释放；抓包结束时连接仍然打开；进入 TIME-WAIT：无');
  });

  it('a SYN that got no answer opened nothing: not established, nothing to tear down, never "still open"', () => {
    const [unanswered] = analyseCapture([firstPackets(preset('syn-retry'), 1)]).connections;
    expect([unanswered!.handshake.syn, unanswered!.handshake.complete, unanswered!.outcome]).toEqual([1, false, 'open']);
    expect(en.verdict(unanswered!)).toBe('handshake incomplete; no teardown captured; not established when the capture ended; TIME-WAIT: nobody');
    expect(zhCN.verdict(unanswered!)).toBe('三次握手不完整；未抓到连接释放；抓包结束时连接尚未建立；进入 TIME-WAIT：无');
    const [enView, zhView] = [en, zhCN].map((m) => connectionView(unanswered!, m));
    expect(enView.summary[0]).toEqual([en.summary.outcome, en.outcomeNotEstablished]);
    expect(zhView.summary[0]).toEqual([zhCN.summary.outcome, zhCN.outcomeNotEstablished]);
    expect(enView.teardown.join(' ')).not.toContain('still open');
    expect(zhView.teardown.join('')).not.toContain('仍然打开');
  });

  it('a capture that began after the SYN: the connection was open, only not seen opening', () => {
    const late = analyseCapture([corpusBytes('cs_tcp_teardown.pcapng')]).connections[0]!;
    expect(late.handshake.syn).toBe(null);
    expect(en.verdict(late)).not.toContain('not established');
  });

  it('a textbook close: kind, who started it, closed, who waits', () => {
    const [closed] = corpus('td_dns_tcp.pcap');
    expect(en.verdict(closed!)).toMatch(/^handshake complete; teardown four-way started by (client|server); closed; TIME-WAIT: (client|server)$/);
    expect(zhCN.verdict(closed!)).toMatch(/^三次握手完整；连接释放：四次挥手（FIN、ACK、FIN、ACK）（由(客户端|服务器)发起）；结果：已关闭；进入 TIME-WAIT：(客户端|服务器)$/);
  });
});
