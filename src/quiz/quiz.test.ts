// Worksheets on a real lab capture: answers read off by tshark score full marks, each wrong answer costs
// exactly its question, hex and decimal both count, a tampered capture and a broken file are refused.
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, LabError } from '../errors.js';
import { tsharkAvailable } from '../../test/helpers/tshark.js';
import { answersFromTshark } from '../../test/helpers/worksheet-answers.js';
import { parseAnswers } from './answers-file.js';
import { checkWorksheet } from './check-worksheet.js';
import { gradeClass } from './grade-class.js';
import { gradesCsv, gradesHtml, gradesText } from './grades-report.js';
import { quizMessagesFor } from './i18n/index.js';
import { readLabFolder } from './lab-folder.js';
import { QUESTION_IDS, type QuestionId } from './question-ids.js';
import { writeWorksheet } from './write-worksheet.js';

const fixture = new URL('../../test/fixtures/lab-up-echo/', import.meta.url).pathname;
const en = quizMessagesFor('en');
let root: string;

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'tcp-lab-quiz-'));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

function labFolder(name: string, withEvents = true): string {
  const dir = join(root, name);
  mkdirSync(dir, { recursive: true });
  copyFileSync(join(fixture, 'capture.pcap'), join(dir, 'capture.pcap'));
  if (withEvents) copyFileSync(join(fixture, 'events.jsonl'), join(dir, 'events.jsonl'));
  return dir;
}

function answersFile(dir: string, answers: Partial<Record<QuestionId, string>>, student = 'Li Lei'): string {
  const sha = readLabFolder(dir).captureSha256;
  const lines = Object.entries(answers).map(([id, v]) => `  ${id}: ${JSON.stringify(v)}`);
  const text = `student: ${JSON.stringify(student)}\ncapture_sha256: ${sha}\nanswers:\n${lines.join('\n')}\n`;
  writeFileSync(join(dir, 'answers.yaml'), text);
  return text;
}

describe('worksheets on a real lab capture', () => {
  it('asks every question of an echo lab and writes an empty answers file tied to the capture', () => {
    const dir = labFolder('write');
    const written = writeWorksheet(readLabFolder(dir), en);
    expect(written.questions.asked.map((q) => q.question.id)).toEqual([...QUESTION_IDS]);
    const answers = parseAnswers(readFileSync(join(dir, 'answers.yaml'), 'utf8'), 'answers.yaml');
    expect([...answers.answers.keys()]).toEqual([...QUESTION_IDS]);
    expect([...answers.answers.values()].every((a) => a === '')).toBe(true);
    expect(answers.captureSha256).toBe(readLabFolder(dir).captureSha256);
    const md = readFileSync(join(dir, 'worksheet.md'), 'utf8');
    expect(md).toContain('`tcp.flags.syn==1 && tcp.flags.ack==0`');
    expect(md).toMatch(/frame 1, the SYN/);
  });

  it('leaves out what the capture cannot answer: no events, no accept() delay', () => {
    const dir = labFolder('no-events', false);
    const written = writeWorksheet(readLabFolder(dir), en);
    expect(written.questions.notApplicable).toEqual(['accept_delay_us']);
  });

  it('a worksheet it cannot put in place is a clear error, with no temporary file left behind', () => {
    const dir = labFolder('unwritable');
    mkdirSync(join(dir, 'worksheet.html')); // a folder where the worksheet goes: the rename fails
    const failure = (() => {
      try {
        writeWorksheet(readLabFolder(dir), en);
      } catch (error) {
        return error;
      }
    })();
    expect(failure).toBeInstanceOf(LabError);
    expect((failure as LabError).key).toBe('outputUnwritable');
    expect(readdirSync(dir).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });

  it('never overwrites answers a student has written', () => {
    const dir = labFolder('keep');
    const text = answersFile(dir, { client_port: '1234' });
    expect(writeWorksheet(readLabFolder(dir), en).answersKept).toBe(true);
    expect(readFileSync(join(dir, 'answers.yaml'), 'utf8')).toBe(text);
  });

  it.runIf(tsharkAvailable())('scores full marks for the answers read off with tshark; each wrong answer costs exactly its question', () => {
    const dir = labFolder('check');
    const right = answersFromTshark(join(dir, 'capture.pcap'), join(dir, 'events.jsonl')) as Record<QuestionId, string>;
    answersFile(dir, right);
    const check = (answers: Partial<Record<QuestionId, string>>) => {
      answersFile(dir, answers);
      return checkWorksheet(readLabFolder(dir), parseAnswers(readFileSync(join(dir, 'answers.yaml'), 'utf8'), 'answers.yaml'), 'answers.yaml', en);
    };
    const full = check(right);
    expect(full.questions.filter((q) => !q.correct)).toEqual([]);
    expect(full.score).toBe(QUESTION_IDS.length);
    for (const id of QUESTION_IDS) {
      const wrong = id === 'first_fin_from' || id === 'time_wait' ? (right[id] === 'client' ? 'server' : 'client') : id === 'syn_window_scale' && right[id] === 'none' ? '3' : String(Number(right[id]) + (id === 'accept_delay_us' ? 100_000 : 1));
      const result = check({ ...right, [id]: wrong });
      expect(result.score, id).toBe(QUESTION_IDS.length - 1);
      expect(result.questions.find((q) => !q.correct)?.id).toBe(id);
    }
  });

  it.runIf(tsharkAvailable())('takes numbers in 0x-hex as well as decimal, and says why with the capture\'s numbers', () => {
    const dir = labFolder('hex');
    const right = answersFromTshark(join(dir, 'capture.pcap'), join(dir, 'events.jsonl')) as Record<QuestionId, string>;
    const isnHex = `0x${Number(right.client_isn).toString(16).toUpperCase()}`;
    answersFile(dir, { client_isn: isnHex, synack_ack: right.synack_ack, server_isn: '0' });
    const result = checkWorksheet(readLabFolder(dir), parseAnswers(readFileSync(join(dir, 'answers.yaml'), 'utf8'), 'a'), 'a', en);
    expect(result.questions.filter((q) => q.answered).map((q) => [q.id, q.correct])).toEqual([
      ['client_isn', true],
      ['server_isn', false],
      ['synack_ack', true],
    ]);
    const ack = Number(right.synack_ack);
    const synackAck = result.questions.find((q) => q.id === 'synack_ack')!;
    expect(synackAck.reason).toContain(`0x${ack.toString(16)} (${ack})`);
    expect(synackAck.reason).toMatch(/ISN \+ 1/);
  });

  it('refuses answers made for another capture', () => {
    const dir = labFolder('tampered');
    answersFile(dir, { client_port: '1' });
    const capture = readFileSync(join(dir, 'capture.pcap'));
    capture[capture.length - 1] ^= 0xff;
    writeFileSync(join(dir, 'capture.pcap'), capture);
    const answers = parseAnswers(readFileSync(join(dir, 'answers.yaml'), 'utf8'), 'answers.yaml');
    expect(() => checkWorksheet(readLabFolder(dir), answers, 'answers.yaml', en)).toThrow(expect.objectContaining({ code: 'ANSWERS_MISMATCH' }));
  });

  it('reports a malformed answers file with its line and column', () => {
    const sha = 'a'.repeat(64);
    const at = (text: string) => {
      try {
        parseAnswers(text, 'answers.yaml');
      } catch (error) {
        expect(error).toBeInstanceOf(ConfigError);
        const e = error as ConfigError;
        return [e.line, e.column, e.path];
      }
      throw new Error('no error');
    };
    expect(at(`capture_sha256: ${sha}\nanswers:\n  client_prot: 1\n`)).toEqual([3, 3, 'answers.client_prot']);
    expect(at(`capture_sha256: ${sha}\nanswers:\n  client_port: [1, 2]\n`)).toEqual([3, 16, 'answers.client_port']);
    expect(at(`capture_sha256: nope\nanswers: {}\n`)).toEqual([1, 17, 'capture_sha256']);
    expect(at(`capture_sha256: ${sha}\nanswers: "x\n`)[0]).toBeGreaterThanOrEqual(2);
    // the detail is facts, which the CLI words in the user's language
    const detailOf = (text: string) => {
      try {
        parseAnswers(text, 'answers.yaml');
      } catch (error) {
        return (error as ConfigError).params.detail;
      }
      throw new Error('no error');
    };
    expect(detailOf(`capture_sha256: ${sha}\nanswers:\n  client_prot: 1\n`)).toMatchObject({ kind: 'unknownQuestion', id: 'client_prot', known: expect.arrayContaining(['client_port']) });
    expect(detailOf(`capture_sha256: ${sha}\nanswers:\n  client_port: [1, 2]\n`)).toEqual({ kind: 'expected', expected: { kind: 'oneAnswer' } });
    expect(detailOf(`capture_sha256: nope\nanswers: {}\n`)).toEqual({ kind: 'expected', expected: { kind: 'captureSha256' } });
    expect(detailOf(`capture_sha256: ${sha}\nanswers: "x\n`)).toMatchObject({ kind: 'yamlSyntax', code: 'MISSING_CHAR' });
  });

  it('grades a class folder with a broken and a missing submission, the rest graded', () => {
    const good = labFolder('student-a');
    answersFile(good, { client_port: String(readLabFolder(good).report.connections[0]!.client.port), server_port: '1' }, '=Wang, "Fang"');
    const broken = labFolder('student-b');
    writeFileSync(join(broken, 'answers.yaml'), 'answers: [');
    const missing = join(root, 'student-c');
    const grades = gradeClass([good, broken, missing], en, ['client_port', 'server_port']);
    expect(grades.students.map((s) => [s.student, s.result.score, s.result.total])).toEqual([['=Wang, "Fang"', 1, 2]]);
    expect(grades.broken.map((b) => b.dir)).toEqual([broken, missing]);
    expect(grades.perQuestion).toEqual([
      { id: 'client_port', right: 1, asked: 1 },
      { id: 'server_port', right: 0, asked: 1 },
    ]);
    expect(gradesCsv(grades).split('\n')[1]).toBe(`"'=Wang, ""Fang""",${good},1,2,1,0`);
  });

  it('counts every question of the worksheet: answers deleted from the file are not answered, never a smaller total', () => {
    const dir = labFolder('deleted');
    const port = String(readLabFolder(dir).report.connections[0]!.client.port);
    answersFile(dir, { client_port: port });
    const check = (ids?: QuestionId[]) => checkWorksheet(readLabFolder(dir), parseAnswers(readFileSync(join(dir, 'answers.yaml'), 'utf8'), 'a'), 'a', en, ids);
    const all = check();
    expect([all.score, all.total]).toEqual([1, QUESTION_IDS.length]);
    expect(all.questions.filter((q) => !q.answered).map((q) => [q.id, q.correct, q.given])).toEqual(QUESTION_IDS.filter((id) => id !== 'client_port').map((id) => [id, false, '']));
    // a blank answer is not answered either
    answersFile(dir, { client_port: '   ', time_wait: '' });
    expect(check().questions.filter((q) => q.answered)).toEqual([]);
    // the class chose two questions: those are the worksheet, and an answer to another one is not counted
    answersFile(dir, { client_port: port, syn_mss: '1460' });
    const chosen = check(['time_wait', 'client_port']);
    expect([chosen.score, chosen.total, chosen.questions.map((q) => q.id), chosen.ignored]).toEqual([1, 2, ['time_wait', 'client_port'], ['syn_mss']]);
    // a question the class chose that this capture cannot answer is skipped, not counted
    const noEvents = labFolder('deleted-no-events', false);
    answersFile(noEvents, {});
    const skipped = checkWorksheet(readLabFolder(noEvents), parseAnswers(readFileSync(join(noEvents, 'answers.yaml'), 'utf8'), 'a'), 'a', en, ['client_port', 'accept_delay_us']);
    expect([skipped.total, skipped.skipped]).toEqual([1, ['accept_delay_us']]);
  });

  it('grades by question id: a file with lines deleted or reordered puts its marks under the right columns', () => {
    const alice = labFolder('alice');
    const carol = labFolder('carol');
    const { client } = readLabFolder(alice).report.connections[0]!;
    answersFile(alice, { client_port: String(client.port), server_port: '1', syn_mss: '1' }, 'alice');
    answersFile(carol, { syn_mss: '1', client_port: String(client.port) }, 'carol'); // server_port deleted, order changed
    const grades = gradeClass([alice, carol], en, ['client_port', 'server_port', 'syn_mss']);
    expect(grades.students.map((s) => `${s.student} ${s.result.score}/${s.result.total}`)).toEqual(['alice 1/3', 'carol 1/3']);
    expect(grades.perQuestion).toEqual([
      { id: 'client_port', right: 2, asked: 2 },
      { id: 'server_port', right: 0, asked: 2 },
      { id: 'syn_mss', right: 0, asked: 2 },
    ]);
    const text = gradesText(grades, en, String).split('\n');
    expect(text.slice(0, 3)).toEqual(['student  score   1  2  3', 'alice      1/3   ✔  ✘  ✘', 'carol      1/3   ✔  ✘  ✘']);
    expect(text).toContain('   1 client_port  2 of 2');
    expect(gradesCsv(grades).split('\n').slice(0, 3)).toEqual(['student,folder,score,total,client_port,server_port,syn_mss', `alice,${alice},1,3,1,0,0`, `carol,${carol},1,3,1,0,0`]);
    expect(gradesHtml(grades, en, String)).toMatch(/title="expected: \d+; given: not answered"/);
  });

  it('keeps every mark under its question when a capture cannot answer one (a dot), aligned by display width in Chinese', () => {
    const withEvents = labFolder('wang');
    const without = labFolder('li', false);
    answersFile(withEvents, { accept_delay_us: '1' }, '王芳');
    answersFile(without, {}, 'Li');
    const zh = quizMessagesFor('zh-CN');
    const grades = gradeClass([withEvents, without], zh, ['accept_delay_us', 'client_port']);
    expect(gradesText(grades, zh, String).split('\n').slice(0, 3)).toEqual(['学生   得分   1  2', '王芳    0/2   ✘  ✘', 'Li      0/1   ·  ✘']);
  });

  it('writes the worksheet in Chinese with textbook terms', () => {
    const dir = labFolder('zh');
    writeWorksheet(readLabFolder(dir), quizMessagesFor('zh-CN'));
    const md = readFileSync(join(dir, 'worksheet.md'), 'utf8');
    expect(md).toContain('客户端的初始序号（ISN，原始值）是多少？');
    expect(md).toContain('第 1 帧（SYN 报文段）');
    expect(readFileSync(join(dir, 'worksheet.html'), 'utf8')).toContain('<html lang="zh-CN">');
    expect(readFileSync(join(dir, 'answers.yaml'), 'utf8')).toMatch(/^# tcp-lab 练习单答案/);
  });
});
