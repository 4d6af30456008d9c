// The reports a student reads, checked on the presets' real captures (test/fixtures/presets) and the
// shared corpus, in both languages: numbers and codes, not prose snapshots. Issue 17's items are named
// where they are checked.
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import MarkdownIt from 'markdown-it';
import stringWidth from 'string-width';
import { describe, expect, it } from 'vitest';
import { analyseCapture } from '../../src/analyse/analyse-capture.js';
import type { PacketReport, Report } from '../../src/analyse/report-model.js';
import { parseEventLines, type SocketEvent } from '../../src/capture/socket-events.js';
import { firewallDrops, knownDrops } from '../../src/lab/plan.js';
import { findPreset, PRESETS } from '../../src/lab/scenarios.js';
import { annotatedPcapng } from '../../src/report/annotated-pcapng.js';
import { escapeHtml } from '../../src/report/escape-html.js';
import { offloadedChecksums } from '../../src/report/checksum-evidence.js';
import { connectionView, headerRows, optionRows, packetCells, windowShifts } from '../../src/report/connection-view.js';
import { renderHtml } from '../../src/report/html.js';
import { LANGUAGES, type Lang } from '../../src/report/i18n/index.js';
import { renderIndexMarkdown } from '../../src/report/index-markdown.js';
import { markdownCode } from '../../src/report/markdown-escape.js';
import { renderMarkdown, textLadder } from '../../src/report/markdown.js';
import { packetComments } from '../../src/report/packet-comments.js';
import { corpusBytes } from '../helpers/corpus.ts';
import { tsharkAvailable, tsharkFields } from '../helpers/tshark.ts';

const presetsDir = fileURLToPath(new URL('../fixtures/presets/', import.meta.url));
/** The first `count` packets of a little-endian pcap file. */
function firstPackets(pcap: Buffer, count: number): Buffer {
  let end = 24;
  for (let i = 0; i < count; i++) end += 16 + pcap.readUInt32LE(end + 8);
  return pcap.subarray(0, end);
}
const presetNames = readdirSync(presetsDir, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name);
const LANGS = Object.keys(LANGUAGES) as Lang[];

interface Source {
  report: Report;
  events: SocketEvent[];
  bytes: Buffer;
}
const cache = new Map<string, Source>();
function preset(name: string): Source {
  if (!cache.has(name)) {
    const bytes = readFileSync(join(presetsDir, name, 'capture.pcap'));
    const events = parseEventLines(readFileSync(join(presetsDir, name, 'events.jsonl'), 'utf8'));
    cache.set(name, { bytes, report: analyseCapture([bytes], { events }), events });
  }
  return cache.get(name)!;
}
const CORPUS = ['cs_http_ip4and6.pcapng', 'zk_get-gzip_simul-close.pcap', 'zk_half-close_http-11-request-then-cruft.pcap', 'cs_tcp_refuseconnection.pcapng', 'zk_socks_syn-retx.pcap', 'cs_tcp_teardown.pcapng'];
function corpus(name: string): Source {
  if (!cache.has(name)) {
    const bytes = corpusBytes(name);
    cache.set(name, { bytes, report: analyseCapture([bytes]), events: [] });
  }
  return cache.get(name)!;
}
const ALL_SOURCES = [...presetNames.map((name) => [name, preset] as const), ...CORPUS.map((name) => [name, corpus] as const)];

const markdownOf = (s: Source, lang: Lang, file = 'capture.pcap') => renderMarkdown({ report: s.report, file, messages: LANGUAGES[lang] });
const htmlOf = (s: Source, lang: Lang) => renderHtml({ report: s.report, file: 'capture.pcap', messages: LANGUAGES[lang] });
const viewOf = (s: Source, lang: Lang, i = 0) => connectionView(s.report.connections[i]!, LANGUAGES[lang]);
const isSyn = (p: PacketReport) => p.flags.includes('SYN') && !p.flags.includes('ACK');
const isSynAck = (p: PacketReport) => p.flags.includes('SYN') && p.flags.includes('ACK');

describe('the SYN byte table', () => {
  it.each(ALL_SOURCES.map(([name]) => name))('%s shows the bytes of its own SYN', (name) => {
    const source = ALL_SOURCES.find(([n]) => n === name)![1](name);
    const c = source.report.connections[0]!;
    const syn = c.packets!.find((p) => p.frame === c.handshake.syn);
    if (!syn) return expect(renderHtml({ report: source.report, file: 'x', messages: LANGUAGES.en })).not.toContain('class="syn-header"');
    const html = renderHtml({ report: source.report, file: 'x', messages: LANGUAGES.en });
    const table = /<table class="syn-header">(.*?)<\/table>/s.exec(html)![1]!;
    const shown = [...table.matchAll(/<code class="bytes">([0-9a-f ]+)<\/code>/g)].map((m) => m[1]).join(' ');
    expect(shown.replace(/ /g, '')).toBe(tcpHeaderOfFrame(source.bytes, syn.frame));
  });
});

describe('issue 17 E20: the options byte by byte', () => {
  it.each(ALL_SOURCES.map(([name]) => name))('%s: one row per option, its bytes as captured', (name) => {
    const source = ALL_SOURCES.find(([n]) => n === name)![1](name);
    for (const c of source.report.connections) {
      const syn = c.packets!.find(isSyn);
      if (!syn) continue;
      for (const lang of LANGS) {
        const rows = optionRows(syn, LANGUAGES[lang]);
        expect(rows).toHaveLength(syn.options.length);
        expect(rows.map((r) => r.bytes).join(' ').replace(/ /g, '')).toBe(syn.header.slice(40));
        syn.options.forEach((option, i) => {
          const bytes = rows[i]!.bytes.split(' ').map((b) => parseInt(b, 16));
          expect(bytes[0]).toBe(option.kind);
          if (option.name === 'MSS') expect((bytes[2]! << 8) | bytes[3]!).toBe(option.value);
          if (option.name === 'WS') expect(bytes[2]).toBe(option.shift);
        });
      }
      const html = htmlOf(source, 'en');
      expect(html.match(/<table class="options">.*?<\/table>/s)![0].match(/<tr>/g)).toHaveLength(syn.options.length + 1);
    }
  });
});

describe('issue 17 A: captured is not received', () => {
  // The lab's knowledge, as lab up passes it: what the preset's firewall rule or full accept queue drops
  // (server port 8899, the preset's backlog or the default 14).
  const withDrops = (name: string) => {
    const { bytes, events } = preset(name);
    const scenario = findPreset(name)!;
    return analyseCapture([bytes], { events, drops: knownDrops(scenario, 8899, scenario.server.backlog ?? 14), capturedAtServer: true });
  };
  const lostFrames = (report: Report) => report.connections.flatMap((c) => c.packets!.filter((p) => p.lost).map((p) => [p.frame, p.lostCause ?? null]));
  const ladderLine = (md: string, frame: number) => md.split('\n').find((l) => l.includes(`#${frame} `) && l.includes('|'))!;

  it.each([
    ['syn-retry', 1, { client: 'SYN-SENT', server: 'LISTEN' }],
    ['simultaneous-close', 8, { client: 'FIN-WAIT-1', server: 'ESTABLISHED' }],
  ] as const)('%s: frame %i is drawn as dropped by the scenario’s firewall rule in a lab run, as lost without a reason by lab report', (name, frame, states) => {
    const lab = withDrops(name);
    const file = preset(name).report;
    expect(lostFrames(lab)).toEqual([[frame, 'scenario-firewall']]);
    expect(lostFrames(file)).toEqual([[frame, null]]);
    expect(lab.connections[0]!.packets!.find((p) => p.frame === frame)!.states).toEqual(states);
    for (const lang of LANGS) {
      const m = LANGUAGES[lang];
      const labSource = { ...preset(name), report: lab };
      expect(ladderLine(markdownOf(labSource, lang), frame)).toContain(m.lostBecause('scenario-firewall'));
      expect(ladderLine(markdownOf(preset(name), lang), frame)).toContain(m.lost);
      expect(ladderLine(markdownOf(preset(name), lang), frame)).not.toContain(m.lostBecause('scenario-firewall'));
      const marks = (html: string) => [...html.matchAll(/<li class="[^"]*\blost\b[^"]*"[\s\S]*?<\/li>/g)].map((li) => [...li[0].matchAll(/<span class="mark">([^<]*)<\/span>/g)].map((x) => x[1]));
      expect(marks(htmlOf(labSource, lang)).flat()).toContain(escapeHtml(m.lostBecause('scenario-firewall')));
      expect(marks(htmlOf(preset(name), lang)).flat()).toContain(escapeHtml(m.lost));
      expect(packetComments(lab, m).get(frame)).toContain(m.lostBecauseExplain('scenario-firewall'));
      expect(packetComments(file, m).get(frame)).toContain(m.lostExplain);
    }
  });

  it('a preset without a firewall rule gets no drop, and its lost segments (none) no reason', () => {
    expect(firewallDrops(findPreset('echo')!, 8899)).toEqual([]);
    expect(firewallDrops(findPreset('syn-retry')!, 8899)).toEqual([{ segment: 'syn', port: 8899 }]);
    expect(firewallDrops(findPreset('simultaneous-close')!, 8899)).toEqual([{ segment: 'fin', port: 8899 }]);
    expect(lostFrames(withDrops('echo'))).toEqual([]);
  });

  it('backlog: two handshakes fill the accept queue (backlog 1 holds two); every SYN of the other three is drawn as dropped by the server’s kernel, the last copy too, and their connect() times out', () => {
    expect(knownDrops(findPreset('backlog')!, 8899, 1)).toEqual([{ segment: 'syn', port: 8899, cause: 'accept-queue-full', backlog: 1 }]);
    const lab = withDrops('backlog');
    const [first, second, ...refusedByQueue] = lab.connections;
    for (const c of [first!, second!]) {
      expect(c.handshake.complete).toBe(true);
      expect(c.packets!.filter((p) => p.lost)).toEqual([]);
    }
    expect(refusedByQueue).toHaveLength(3);
    const dropped = { client: 'SYN-SENT', server: 'LISTEN' };
    for (const c of refusedByQueue) {
      const packets = c.packets!;
      // The server's kernel never answered: no SYN-ACK, no RST, only the client's SYN and its retransmissions.
      expect(packets.every(isSyn)).toBe(true);
      expect(packets.map((p) => [p.lost, p.lostCause, p.lostBacklog, p.states])).toEqual(packets.map(() => [true, 'accept-queue-full', 1, dropped]));
      expect(c.states).toEqual(dropped);
      expect(c.handshake).toMatchObject({ complete: false, syn: packets[0]!.frame, synAck: null, synRetransmissions: packets.length - 1 });
      const client = c.calls!.filter((k) => k.role === 'client');
      expect(client.map((k) => [k.call, k.ret, k.details.errno ?? null, k.meaning])).toEqual([
        ['socket', 3, null, 'socket'],
        ['connect', -1, 'ETIMEDOUT', 'connect-timed-out'],
        ['close', 0, null, 'close-not-connected'],
      ]);
      // connect() returned after the last SYN left: the client gave up on it as well.
      expect(client[1]!.returned).toBeGreaterThan(packets.at(-1)!.offset);
      for (const lang of LANGS) {
        const m = LANGUAGES[lang];
        const md = markdownOf({ ...preset('backlog'), report: lab }, lang);
        for (const p of packets) {
          expect(ladderLine(md, p.frame)).toContain('x |');
          expect(ladderLine(md, p.frame)).toContain(m.lostBecause('accept-queue-full', 1));
          expect(packetComments(lab, m).get(p.frame)).toContain(m.lostBecauseExplain('accept-queue-full', 1));
        }
      }
    }
    expect(lostFrames(lab).map(([frame]) => frame).sort((a, b) => Number(a) - Number(b))).toEqual([13, 14, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26]);
    for (const lang of LANGS) expect(LANGUAGES[lang].lostBecause('accept-queue-full', 1)).toMatch(/backlog 1\b/);
  });

  it.each(['zk_get-gzip_simul-close.pcap', 'zk_socks_syn-retx.pcap'])('%s, taken at the sender: no segment claimed lost without the receiver showing it', (name) => {
    expect(lostFrames(corpus(name).report)).toEqual([]);
    for (const lang of LANGS) expect(markdownOf(corpus(name), lang)).not.toContain(LANGUAGES[lang].lost);
  });
});

describe('issue 17 C8, C9: header fields say what this segment says', () => {
  it.each(presetNames)('%s: the window is field × 2^shift, in both languages', (name) => {
    const packets = preset(name).report.connections[0]!.packets!;
    if (!packets.some(isSynAck)) return; // refused: no window scale was agreed
    const shifts = windowShifts(packets);
    const scaled = packets.filter((p) => !p.flags.includes('SYN') && p.windowScaled !== null && p.window > 0);
    expect(scaled.length).toBeGreaterThan(0);
    for (const p of scaled) {
      const shift = shifts[p.from]!;
      expect(p.window * 2 ** shift).toBe(p.windowScaled);
      for (const lang of LANGS) {
        const meaning = headerRows(p, shifts, LANGUAGES[lang]).rows.find((r) => r.value === String(p.window) && r.bytes === p.header.slice(28, 32).replace(/(..)(..)/, '$1 $2'))!.meaning;
        expect(meaning).toContain(String(p.window));
        expect(meaning).toContain(String(p.windowScaled));
        expect(meaning).toMatch(new RegExp(`2\\^${shift}|2${[...String(shift)].map((d) => '⁰¹²³⁴⁵⁶⁷⁸⁹'[Number(d)]).join('')}`));
      }
    }
  });

  it.each(LANGS)("the SYN-ACK's source port is described as the server's, like the SYN's destination port (%s)", (lang) => {
    for (const name of presetNames) {
      const packets = preset(name).report.connections[0]!.packets!;
      const [syn, synAck] = [packets.find(isSyn), packets.find(isSynAck)];
      if (!syn || !synAck) continue;
      const shifts = windowShifts(packets);
      // The words after the port number: what the port is.
      const portKind = (p: PacketReport, row: 0 | 1) => {
        const r = headerRows(p, shifts, LANGUAGES[lang]).rows[row]!;
        return r.meaning.slice(r.meaning.indexOf(r.value) + r.value.length);
      };
      expect(portKind(synAck, 0)).toBe(portKind(syn, 1));
      expect(portKind(synAck, 1)).toBe(portKind(syn, 0));
      expect(portKind(syn, 0)).not.toBe(portKind(syn, 1));
    }
  });
});

describe('issue 17 C10, C12: no sentence that the capture contradicts', () => {
  it.each(LANGS)('no checksum note or empty anomaly section for captures without a wrong checksum or an anomaly (%s)', (lang) => {
    const m = LANGUAGES[lang];
    // Checksums tshark rates good (see the tshark cross-check), and no anomaly.
    const good = corpus('cs_tcp_teardown.pcapng');
    expect(viewOf(good, lang).anomalies).toEqual([]);
    expect(viewOf(good, lang).checksumNote).toBeNull();
    expect(good.report.connections[0]!.packets!.filter((p) => p.wrongChecksums)).toEqual([]);
    expect(markdownOf(good, lang)).not.toContain(`### ${m.sections.checksums}`);
    expect(markdownOf(good, lang)).not.toContain(`### ${m.sections.anomalies}`);
    // syn-retry's retransmission is listed.
    expect(viewOf(preset('syn-retry'), lang).anomalies).toEqual([`1 × ${m.anomaly.retransmission}`]);
  });

  it.each(LANGS)('SYN retransmissions: the waits measured in this capture, not a schedule it may contradict (%s)', (lang) => {
    // zeek's socks.pcap: six retransmissions, five about 1.1 s apart, then one after 2.1 s (tshark's times).
    const report = analyseCapture([corpusBytes('zk_socks_syn-retx.pcap')]);
    const sentence = connectionView(report.connections[0]!, LANGUAGES[lang]).synRetransmissions!;
    const unit = lang === 'en' ? ' s' : ' 秒';
    const gaps = ['1.00', '1.10', '1.10', '1.10', '1.10', '2.10'].map((g) => g + unit).join(lang === 'en' ? ', ' : '、');
    expect(sentence).toContain(gaps);
    expect(sentence).toContain('tcp_syn_linear_timeouts');
    expect(sentence).not.toMatch(/waits 1 s, then doubles|先等 1 秒，之后每次加倍/);
    // --brief keeps no packets: the sentence leaves the waits out instead of listing none.
    const brief = analyseCapture([corpusBytes('zk_socks_syn-retx.pcap')], { brief: true });
    const briefSentence = connectionView(brief.connections[0]!, LANGUAGES[lang]).synRetransmissions!;
    expect(briefSentence).not.toMatch(/waited +between|等待时间：。/);
    expect(briefSentence).toContain('RFC 6298');
  });

  it.each(LANGS)('the Markdown ladder\'s header lines up with its arrows in a monospace font, Chinese too (%s)', (lang) => {
    const m = LANGUAGES[lang];
    const c = preset('echo').report.connections[0]!;
    const [head, first] = textLadder(c, c.packets!, m);
    // Each side's label starts at its lifeline (the arrow's | ), counted in display columns (a CJK character is two).
    const column = (text: string, at: number) => stringWidth(text.slice(0, at));
    expect(column(head!, head!.indexOf(m.side.client))).toBe(column(first!, first!.indexOf('|')));
    expect(column(head!, head!.indexOf(m.side.server, head!.indexOf(m.side.client) + 1))).toBe(column(first!, first!.lastIndexOf('|')));
  });

  it.each(LANGS)('the checksum note when checksums are wrong: counted, offload explained; a segment marked only when its receiver did not acknowledge it (%s)', (lang) => {
    const m = LANGUAGES[lang];
    for (const name of presetNames) {
      const source = preset(name);
      source.report.connections.forEach((c, i) => {
        const packets = c.packets!;
        const tcp = packets.filter((p) => p.wrongChecksums?.includes('tcp')).length;
        const ipv4 = packets.filter((p) => p.wrongChecksums?.includes('ipv4')).length;
        const view = viewOf(source, lang, i);
        expect(view.checksumNote).toBe(tcp || ipv4 ? m.checksumNote({ tcp, ipv4, packets: packets.length }) : null);
        const offloaded = offloadedChecksums(packets);
        for (const p of packets) {
          const notes = packetCells(p, m, offloaded)[5] as string;
          expect(notes.includes(m.wrongChecksum.tcp)).toBe((p.wrongChecksums?.includes('tcp') ?? false) && !offloaded.has(p.frame));
        }
      });
    }
    // In echo every segment arrived (each was acknowledged, or its sender's were): no segment is marked wrong.
    const acknowledged = preset('echo').report.connections[0]!.packets!;
    expect(acknowledged.filter((p) => packetCells(p, m, offloadedChecksums(acknowledged))[5].toString().includes(m.wrongChecksum.tcp))).toEqual([]);
    // Cut after the client's data (frame 4), before the server's ACK: nothing shows that it arrived, so it stays wrong.
    const cut = analyseCapture([firstPackets(readFileSync(join(presetsDir, 'echo', 'capture.pcap')), 4)]).connections[0]!.packets!;
    const marked = cut.filter((p) => packetCells(p, m, offloadedChecksums(cut))[5].toString().includes(m.wrongChecksum.tcp)).map((p) => p.frame);
    expect([cut[3]!.len, cut[3]!.wrongChecksums]).toEqual([5, ['tcp']]);
    expect(marked).toEqual([4]);
    // A lab capture is taken on veth, where the kernel leaves checksums to offload: most are "wrong".
    const echo = preset('echo');
    expect(echo.report.connections[0]!.packets!.filter((p) => p.wrongChecksums).length).toBeGreaterThan(0);
    expect(markdownOf(echo, lang)).toContain(`### ${m.sections.checksums}`);
    expect(htmlText(htmlOf(echo, lang))).toContain(m.sections.checksums);
    const note = m.checksumNote({ tcp: 10, ipv4: 0, packets: 11 });
    expect(note).toContain('10');
    expect(note).toContain('11');
    expect(note).toMatch(lang === 'en' ? /TX checksum offload/ : /发送校验和卸载/);
  });

  it('a reset is explained by closing with unread data, not by data that nobody reads', () => {
    const reset = preset('reset').report.connections[0]!;
    expect(reset.teardown.kind).toBe('reset');
    expect(LANGUAGES.en.teardownExplain(reset).join(' ')).toContain('closes with unread data in its receive buffer');
    expect(LANGUAGES['zh-CN'].teardownExplain(reset).join('')).toContain('接收缓冲区里还有没读取的数据');
    expect(LANGUAGES.en.teardownExplain(reset).join(' ')).not.toContain('nobody');
  });
});

describe('issue 17 D13: no English sentence in any zh-CN output', () => {
  it('finds the English in the English report (the check can fail)', () => {
    expect(englishWords(markdownOf(preset('echo'), 'en')).length).toBeGreaterThan(100);
    expect(englishWords('时序图 the capture is cut inside packet 8')).toEqual(['the', 'capture', 'is', 'cut', 'inside', 'packet']);
  });

  it.each(ALL_SOURCES.map(([name]) => name))('%s: Markdown, HTML and the pcapng comments', (name) => {
    const source = ALL_SOURCES.find(([n]) => n === name)![1](name);
    const m = LANGUAGES['zh-CN'];
    expect(englishWords(markdownOf(source, 'zh-CN'))).toEqual([]);
    expect(englishWords(htmlText(htmlOf(source, 'zh-CN')))).toEqual([]);
    expect(englishWords([...packetComments(source.report, m).values()].join('\n'))).toEqual([]);
  });

  it('capture warnings, worded from their codes and numbers', () => {
    const whole = preset('echo').bytes;
    const report = analyseCapture([whole.subarray(0, whole.length - 10)]);
    const [warning] = report.capture.warnings;
    expect(warning).toMatchObject({ code: 'cutInPacket', frame: report.capture.packets + 1 });
    for (const lang of LANGS) {
      const md = renderMarkdown({ report, file: 'capture.pcap', messages: LANGUAGES[lang] });
      expect(md).toContain(LANGUAGES[lang].captureWarning(warning!));
      expect(LANGUAGES[lang].captureWarning(warning!)).toContain(String(report.capture.packets + 1));
    }
    expect(englishWords(renderMarkdown({ report, file: 'capture.pcap', messages: LANGUAGES['zh-CN'] }))).toEqual([]);
    expect(englishWords(htmlText(renderHtml({ report, file: 'capture.pcap', messages: LANGUAGES['zh-CN'] })))).toEqual([]);
  });

  it('index.md of --scenario all', () => {
    const m = LANGUAGES['zh-CN'];
    const entries = PRESETS.map((p) => ({ scenario: p.name, summary: p.summary, connections: presetNames.includes(p.name) ? preset(p.name).report.connections : [] }));
    const index = renderIndexMarkdown(entries, m);
    expect(englishWords(index)).toEqual([]);
    expect(index.split('\n')[0]).toBe(`# ${m.index.title}`);
    for (const p of PRESETS) expect(index).toContain(`| [\`${p.name}\`](${p.name}/report.html) | ${m.index.presetSummary(p.name, p.summary)} |`);
    expect(renderIndexMarkdown(entries, LANGUAGES.en)).toContain(`| [\`echo\`](echo/report.html) | ${PRESETS[0]!.summary} | handshake complete;`);
  });

  it.each(['refused', 'reset', 'server-reset'])('%s: a failed call’s error in the reader’s language (the C side’s errno, or its strerror text)', (name) => {
    const source = preset(name);
    const failed = source.report.connections.flatMap((c) => c.calls ?? []).filter((call) => call.error);
    expect(failed.length).toBeGreaterThan(0);
    const what = (lang: Lang) => source.report.connections.flatMap((c) => connectionView(c, LANGUAGES[lang]).timeline.map((row) => row.what));
    for (const call of failed) {
      expect(what('en').filter((w) => w.includes(`${call.call}() = ${call.ret} (${call.error})`)).length).toBeGreaterThan(0);
      expect(what('zh-CN').some((w) => w.includes(call.error!))).toBe(false);
      expect(what('zh-CN').some((w) => w.startsWith(`${call.call}() = ${call.ret} （`))).toBe(true);
    }
  });

  it.each(LANGS)("the Markdown ladder marks a retransmission in the reader's language (%s)", (lang) => {
    const m = LANGUAGES[lang];
    const source = preset('syn-retry');
    const retransmitted = source.report.connections[0]!.packets!.find((p) => p.anomalies.includes('retransmission'))!;
    const line = markdownOf(source, lang).split('\n').find((l) => l.includes(`#${retransmitted.frame} `) && l.includes('|'))!;
    expect(line.endsWith(`#${retransmitted.frame} ${m.parenthesised(m.anomalyShort.retransmission)}`)).toBe(true);
  });
});

describe('issue 17 D14: textbook terms and punctuation in Chinese', () => {
  const m = LANGUAGES['zh-CN'];
  it('names every flag bit and the window scale option as the textbook does', () => {
    const md = markdownOf(preset('echo'), 'zh-CN');
    for (const term of ['紧急位 URG', '确认位 ACK', '推送位 PSH', '复位位 RST', '同步位 SYN', '终止位 FIN']) expect(md).toContain(term);
    const ws = preset('echo').report.connections[0]!.packets!.find(isSyn)!.options.find((o) => o.name === 'WS')!;
    if (ws.name !== 'WS') throw new Error('the SYN has no window scale option');
    const superscript = [...String(ws.shift)].map((d) => '⁰¹²³⁴⁵⁶⁷⁸⁹'[Number(d)]).join('');
    expect(md).toContain(`窗口扩大选项：移位值 S=${ws.shift}（扩大因子 2${superscript}=${ws.multiplier}）`);
    expect(m.state.CLOSING).not.toContain('同时关闭');
  });

  it.each(ALL_SOURCES.map(([name]) => name))('%s: one word for a segment (报文段), full-width punctuation after Chinese', (name) => {
    const source = ALL_SOURCES.find(([n]) => n === name)![1](name);
    const prose = withoutCode(markdownOf(source, 'zh-CN'));
    expect(prose).not.toContain('分组');
    expect(prose.match(/[\u4e00-\u9fff][(),:;]/g)).toBeNull();
    const frames = source.report.connections[0]?.teardown.frames ?? [];
    if (frames.length) expect(prose).toContain(`\n帧：${frames.join('、')}\n`);
  });

  it.each(LANGS)('tells a handshake that was not captured from one that was refused (%s)', (lang) => {
    const s = LANGUAGES[lang].summary;
    const status = (source: Source) => viewOf(source, lang).summary[1]![1];
    expect(status(preset('echo'))).toBe(s.complete);
    expect(status(preset('refused'))).toBe(s.refused);
    expect(status(corpus('cs_tcp_teardown.pcapng'))).toBe(s.notCaptured);
    expect(new Set([s.complete, s.refused, s.notCaptured, s.incomplete]).size).toBe(4);
  });

  it('says who started the teardown', () => {
    expect(viewOf(preset('echo'), 'zh-CN').summary[2]![1]).toBe(`${m.teardownKind['four-way']}（由服务器发起）`);
    expect(viewOf(preset('client-close'), 'zh-CN').summary[2]![1]).toContain('（由客户端发起）');
  });
});

describe('issue 17 E17–E19: what the experiment explains', () => {
  it.each(LANGS)('the SYN consumes one sequence number; each direction closes with its own FIN; the backlog from the events (%s)', (lang) => {
    const m = LANGUAGES[lang];
    const echo = viewOf(preset('echo'), lang);
    const c = preset('echo').report.connections[0]!;
    expect(echo.rules[0]!.ok).toBe(true);
    expect(echo.rules[0]!.text).toContain(`0x${((c.handshake.clientIsn! + 1) >>> 0).toString(16).padStart(8, '0')}`);
    expect(echo.rules[0]!.text).toMatch(lang === 'en' ? /SYN carries no data but consumes one sequence number/ : /SYN 报文段不携带数据，但要消耗一个序号/);
    for (const name of presetNames) {
      const view = viewOf(preset(name), lang);
      const fins = preset(name).report.connections[0]!.teardown.fins.length;
      expect(view.teardown.includes(m.whyTwoFins)).toBe(fins > 0);
    }
    const listen = preset('echo').events.find((e) => e.call === 'listen')!;
    expect(typeof listen.backlog).toBe('number');
    expect(echo.backlog).toBe(m.backlog(listen.backlog as number));
    expect(echo.backlog).toContain(String(listen.backlog));
    expect(connectionView(analyseCapture([preset('echo').bytes]).connections[0]!, m).backlog).toBeNull();
  });
});

describe('issue 10 item 9: Markdown from events and file names is escaped', () => {
  const md = new MarkdownIt({ html: true, linkify: false });
  const hostile = 'boom\n# Injected heading\n<iframe src="https://example.invalid/"></iframe> [link](https://example.invalid/) *x* | y';

  it('an event cannot inject a heading, HTML, a link or a table cell', () => {
    const source = preset('echo');
    const events = source.events.map((e) => (e.call === 'connect' ? { ...e, error: hostile, call: 'connect' } : e.call === 'write' ? { ...e, call: '<b>x</b>\n## h' } : e));
    const text = renderMarkdown({ report: analyseCapture([source.bytes], { events }), file: 'capture.pcap', messages: LANGUAGES.en });
    const html = md.render(text);
    expect(html).not.toMatch(/<h[1-6]>Injected|<h2>h<\/h2>|<iframe|<a href|<b>x<\/b>|<em>x<\/em>/);
    const view = connectionView(analyseCapture([source.bytes], { events }).connections[0]!, LANGUAGES.en);
    expect(text.split('\n').filter((l) => l.startsWith('| ') && /^\| -?\d+\.\d{6} \|/.test(l))).toHaveLength(view.timeline.length);
    // Every timeline row keeps its four cells.
    for (const row of html.match(/<tr>\s*<td>-?\d+\.\d{6}<\/td>[\s\S]*?<\/tr>/g)!) expect(row.match(/<td>/g)).toHaveLength(4);
    expect(html).toContain('boom\\n# Injected heading\\n');
  });

  it('a file name with backticks stays one code span', () => {
    const name = 'we`ird``name`.pcap';
    const html = md.render(markdownOf(preset('echo'), 'en', name));
    expect(html).toContain(`<code>${name.replace(/&/g, '&amp;')}</code>`);
    expect(md.renderInline(markdownCode('`a`'))).toBe('<code>`a`</code>');
    expect(md.renderInline(markdownCode('x\ny'))).toBe('<code>x\\ny</code>');
  });
});

describe.runIf(tsharkAvailable())('annotated pcapng', () => {
  it.each(LANGS)('keeps every packet and timestamp, and Wireshark reads the comments (%s)', (lang) => {
    const original = preset('echo').bytes;
    const report = analyseCapture([original]);
    const dir = mkdtempSync(join(tmpdir(), 'annotated-'));
    const file = join(dir, 'annotated.pcapng');
    writeFileSync(file, Buffer.concat(annotatedPcapng([original], packetComments(report, LANGUAGES[lang]))));
    writeFileSync(join(dir, 'original.pcap'), original);
    const fields = ['frame.number', 'frame.time_epoch', 'frame.len', 'frame.comment'];
    const annotated = tsharkFields(file, fields);
    const plain = tsharkFields(join(dir, 'original.pcap'), fields.slice(0, 3));
    expect(annotated.map((row) => row.slice(0, 3))).toEqual(plain);
    const comments = new Map(annotated.map((row) => [Number(row[0]), row[3]]));
    expect(comments).toEqual(new Map(annotated.map((row) => [Number(row[0]), packetComments(report, LANGUAGES[lang]).get(Number(row[0])) ?? ''])));
    const { syn, synAck, finalAck: ack } = report.connections[0]!.handshake;
    expect([syn, synAck, ack].map((f) => comments.get(f!)!.slice(0, lang === 'en' ? 13 : 8))).toEqual(lang === 'en' ? ['Handshake 1/3', 'Handshake 2/3', 'Handshake 3/3'] : ['三次握手 1/3', '三次握手 2/3', '三次握手 3/3']);
  });
});

// Words allowed in Chinese text: flags, states, header fields and options, socket calls and constants,
// tools and protocol names, units. Everything else in Latin letters is English left untranslated.
const ALLOWED = new Set(
  (
    'SYN ACK FIN RST PSH URG ECE CWR AE ECN SENT RECEIVED ESTABLISHED WAIT CLOSE CLOSING LAST TIME CLOSED LISTEN ' +
    'seq ack len ISN MSS SACK TSval TSecr NOP MSL TCP IP IPv pid EOF veth VLAN RFC ' +
    'socket bind listen accept connect read write close shutdown fork setsockopt settled ready backlog ' +
    'SO_LINGER SHUT_WR ETIMEDOUT Wireshark Linux lab up events jsonl µs TFO cookie'
  ).split(' '),
);

/** Latin words of the text that are not allowed tokens, once code, file names, addresses and quoted system messages are set aside. */
function englishWords(text: string): string[] {
  const prose = withoutCode(text)
    .replace(/\\([\\`*_[\]<>!&~#+.=-])/g, '$1') // Markdown's escapes
    .replace(/\]\([^)]*\)/g, ']') // link targets
    .replace(/[\w.-]+\.(pcapng|pcap|jsonl|html|md)\b/g, ' ')
    .replace(/\bnet\.ipv[46]\.\w+/g, ' ') // sysctl names
    .replace(/“[A-Za-z ]+”/g, ' ') // strerror() text the programs print, quoted
    .replace(/--[a-z-]+/g, ' ')
    .replace(/\b(?:0x)?[0-9a-f]*\d[0-9a-f]*\b/gi, ' ');
  return (prose.match(/[A-Za-z_]+(?:-[A-Za-z_]+)*/g) ?? []).flatMap((w) => w.split('-')).filter((w) => w.length > 1 && !ALLOWED.has(w));
}

/** Markdown or text without inline code spans (the Wireshark filters, the calls as the events give them). */
function withoutCode(text: string): string {
  return text.replace(/(`+)[^`]*?\1/g, ' ');
}

/** The visible text of an HTML page: tags, <code> and the script and style removed, entities decoded. */
function htmlText(html: string): string {
  return html
    .replace(/<(script|style|code)[^>]*>[\s\S]*?<\/\1>/g, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&(amp|lt|gt|quot|#39);/g, (_, e: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'" })[e]!);
}

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
