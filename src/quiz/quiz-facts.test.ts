// The facts a worksheet asks about, on sequences built byte by byte.
import { describe, expect, it } from 'vitest';
import { F, pcapFile, tcpFrame, type SegmentSpec } from '../../test/helpers/frames.ts';
import { analyseCapture } from '../analyse/analyse-capture.js';
import { en } from './i18n/en.js';
import { zhCN } from './i18n/zh-CN.js';
import { question } from './questions.js';
import { quizFacts } from './quiz-facts.js';

const c = (seq: number, ack: number, flags: number): SegmentSpec => ({ src: '10.0.0.1', dst: '10.0.0.2', sport: 40000, dport: 8899, seq, ack, flags });
const s = (seq: number, ack: number, flags: number): SegmentSpec => ({ src: '10.0.0.2', dst: '10.0.0.1', sport: 8899, dport: 40000, seq, ack, flags });

describe('quizFacts', () => {
  it('the teardown starts at the first FIN, not at an RST the client dropped in SYN-SENT before its SYN went again', () => {
    const segments = [c(100, 0, F.SYN), s(0, 0, F.RST), c(100, 0, F.SYN), s(500, 101, F.SYN | F.ACK), c(101, 501, F.ACK), c(101, 501, F.FIN | F.ACK), s(501, 102, F.FIN | F.ACK), c(102, 502, F.ACK)];
    const report = analyseCapture([pcapFile(segments.map((segment, i) => ({ sec: 1000, frac: i * 10_000, data: tcpFrame(segment) })))]);
    expect(quizFacts(report, null)!.firstClosing!.frame).toBe(6);
  });

  it('a reset connection’s teardown starts at the RST that ended it, not at one the client dropped before', () => {
    const segments = [c(100, 0, F.SYN), s(0, 0, F.RST), c(100, 0, F.SYN), s(500, 101, F.SYN | F.ACK), c(101, 501, F.ACK), s(501, 101, F.RST | F.ACK)];
    const report = analyseCapture([pcapFile(segments.map((segment, i) => ({ sec: 1000, frac: i * 10_000, data: tcpFrame(segment) })))]);
    expect(quizFacts(report, null)!.firstClosing!.frame).toBe(6);
  });

  it('counts the teardown’s segments from the first FIN, which the prompt and its reason name as the first FIN or the RST that ended the connection (en, zh-CN)', () => {
    const segments = [c(100, 0, F.SYN), s(0, 0, F.RST), c(100, 0, F.SYN), s(500, 101, F.SYN | F.ACK), c(101, 501, F.ACK), c(101, 501, F.FIN | F.ACK), s(501, 102, F.FIN | F.ACK), c(102, 502, F.ACK)];
    const report = analyseCapture([pcapFile(segments.map((segment, i) => ({ sec: 1000, frac: i * 10_000, data: tcpFrame(segment) })))]);
    const expected = question('teardown_segments').expected(quizFacts(report, null)!)!;
    expect(expected).toEqual({ value: 3, frame: 6, otherFrame: 8 });
    expect(en.questions.teardown_segments.reason(expected, '3')).toContain('from the first FIN or the RST that ended the connection');
    expect(en.questions.teardown_segments.prompt).toContain('the RST that ended the connection');
    expect(zhCN.questions.teardown_segments.reason(expected, '3')).toContain('从第一个 FIN 或结束连接的 RST');
    expect(zhCN.questions.teardown_segments.prompt).toContain('结束连接的 RST');
  });
});
