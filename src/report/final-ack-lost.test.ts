// A lab capture whose handshake's final ACK the server's firewall dropped after tcpdump saw it (see the
// fixture's README): the report must say the server stayed in SYN-RECEIVED until the client's ACK of its
// SYN-ACK sent again, in both languages, and time accept() from that ACK, not from the lost one.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyseCapture } from '../analyse/analyse-capture.js';
import { parseEventLines } from '../capture/socket-events.js';
import { connectionView } from './connection-view.js';
import { en } from './i18n/en.js';
import { zhCN } from './i18n/zh-CN.js';
import { renderMarkdown } from './markdown.js';

const fixture = (file: string) => readFileSync(new URL(`../../test/fixtures/final-ack-dropped/${file}`, import.meta.url));
/** Analysed inside each test, never while the file is collected (see the README's "Mutation testing"). */
function analysed() {
  const report = analyseCapture([fixture('capture.pcap')], { events: parseEventLines(fixture('events.jsonl').toString('utf8')), capturedAtServer: true });
  return { report, connection: report.connections[0] };
}

describe('a handshake whose final ACK never reached the server (real capture)', () => {
  it('draws the first ACK as lost and the server in SYN-RECEIVED until the ACK of its SYN-ACK sent again', () => {
    const { connection } = analysed();
    const rows = connection!.packets!.slice(2, 5).map((p) => [p.frame, p.states.server, Boolean(p.lost), p.anomalies.includes('retransmission')]);
    expect(rows).toEqual([
      [3, 'SYN-RECEIVED', true, false],
      [4, 'SYN-RECEIVED', false, true],
      [5, 'ESTABLISHED', false, false],
    ]);
    expect(connection!.handshake).toMatchObject({ complete: true, finalAck: 5, lostFinalAck: 3 });
  });

  it('the handshake’s third step is frame 5, and says why frame 3 did not complete it, in both languages', () => {
    const { connection } = analysed();
    const third = (m: typeof en) => connectionView(connection!, m).handshakeSteps[2]!;
    expect(third(en)).toMatch(/\(frame 5\) The client’s first ACK \(frame 3\) never reached the server’s TCP: .*stayed in SYN-RECEIVED and sent its SYN-ACK again/);
    expect(third(zhCN)).toMatch(/（帧 5）客户端的第一个 ACK（帧 3）没有到达服务器的 TCP：.*仍处于 SYN-RECEIVED，于是重传了它的 SYN-ACK/);
  });

  it('times accept() from the ACK that completed the handshake', () => {
    const { report, connection } = analysed();
    const finalAck = connection!.packets!.find((p) => p.frame === 5)!;
    const accept = connection!.calls!.find((call) => call.call === 'accept')!;
    expect(connection!.acceptDelay).toBeCloseTo(accept.returned - finalAck.offset, 3);
    expect(renderMarkdown({ report, file: 'capture.pcap', messages: en })).toContain('#3 (lost after capture)');
  });
});
