// The facts a worksheet asks about, on sequences built byte by byte.
import { describe, expect, it } from 'vitest';
import { F } from '../../test/helpers/frames.ts';
import { analyseSegments, fromClient as c, fromServer as s } from '../../test/helpers/segments.ts';
import { en } from './i18n/en.js';
import { zhCN } from './i18n/zh-CN.js';
import { question } from './questions.js';
import { quizFacts } from './quiz-facts.js';

// An RST the client drops in SYN-SENT, its SYN sent again, the handshake, and a four-way close started by the client.
const droppedRstThenClose = [c(100, 0, F.SYN), s(0, 0, F.RST), c(100, 0, F.SYN), s(500, 101, F.SYN | F.ACK), c(101, 501, F.ACK), c(101, 501, F.FIN | F.ACK), s(501, 102, F.FIN | F.ACK), c(102, 502, F.ACK)];

describe('quizFacts', () => {
  it('the teardown starts at the first FIN, not at an RST the client dropped in SYN-SENT before its SYN went again', () => {
    const report = analyseSegments(droppedRstThenClose);
    expect(quizFacts(report, null)!.firstClosing!.frame).toBe(6);
  });

  it('a reset connection’s teardown starts at the RST that ended it, not at one the client dropped before', () => {
    const report = analyseSegments([c(100, 0, F.SYN), s(0, 0, F.RST), c(100, 0, F.SYN), s(500, 101, F.SYN | F.ACK), c(101, 501, F.ACK), s(501, 101, F.RST | F.ACK)]);
    expect(quizFacts(report, null)!.firstClosing!.frame).toBe(6);
  });

  it('the teardown starts at the first FIN when the RST the client dropped was captured twice (the copy is no RST of its own)', () => {
    const rst = s(0, 0, F.RST);
    const report = analyseSegments([c(100, 0, F.SYN), rst, rst, ...droppedRstThenClose.slice(2)], (i) => (i === 2 ? 10_002 : i * 10_000));
    expect(report.connections[0]!.packets![2]).toMatchObject({ duplicateOf: 2 });
    expect(quizFacts(report, null)!.firstClosing!.frame).toBe(7);
  });

  it('counts the teardown’s segments from the first FIN, which the prompt and its reason name as the first FIN or the RST that ended the connection (en, zh-CN)', () => {
    const report = analyseSegments(droppedRstThenClose);
    const expected = question('teardown_segments').expected(quizFacts(report, null)!)!;
    expect(expected).toEqual({ value: 3, frame: 6, otherFrame: 8 });
    expect(en.questions.teardown_segments.reason(expected, '3')).toContain('from the first FIN or the RST that ended the connection');
    expect(en.questions.teardown_segments.prompt).toContain('the RST that ended the connection');
    expect(zhCN.questions.teardown_segments.reason(expected, '3')).toContain('从第一个 FIN 或结束连接的 RST');
    expect(zhCN.questions.teardown_segments.prompt).toContain('结束连接的 RST');
  });
});
