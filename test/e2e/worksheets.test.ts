// Worksheets on real captures of several presets: answered from tshark's dissection, `lab check` gives
// full marks; one wrong answer costs exactly one question; the questions asked are exactly those the
// capture can answer.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { engineOrSkip, lab } from '../helpers/engine.ts';
import { tsharkAvailable } from '../helpers/tshark.ts';
import { answersFromTshark } from '../helpers/worksheet-answers.ts';

const runtime = await engineOrSkip();
const PRESETS = ['client-close', 'refused', 'reset'] as const;

describe.runIf(runtime && tsharkAvailable())('worksheets on real lab captures', () => {
  const out = mkdtempSync(join(tmpdir(), 'lab-e2e-quiz-'));
  const dir = (preset: string) => join(out, `quiz-${preset}`);

  beforeAll(async () => {
    for (const preset of PRESETS) {
      const run = await lab(['up', '--scenario', preset, '--name', `quiz-${preset}`, '--out', out]);
      expect(run.exitCode, String(run.stderr)).toBe(0);
      const quiz = await lab(['quiz', dir(preset)]);
      expect(quiz.exitCode, String(quiz.stderr)).toBe(0);
    }
  });

  function fill(preset: string, answers: Record<string, string>) {
    const file = join(dir(preset), 'answers.yaml');
    const handedOut = parse(readFileSync(file, 'utf8'));
    handedOut.student = `student of ${preset}`;
    handedOut.answers = answers;
    writeFileSync(file, JSON.stringify(handedOut));
  }

  async function check(preset: string) {
    const run = await lab(['check', dir(preset), '--json']);
    expect(run.exitCode, String(run.stderr)).toBe(0);
    return JSON.parse(String(run.stdout)) as { score: number; total: number; questions: { id: string; correct: boolean }[] };
  }

  for (const preset of PRESETS) {
    it(`${preset}: asks what the capture can answer; tshark's answers score full marks, one wrong answer costs one`, async () => {
      const asked = Object.keys(parse(readFileSync(join(dir(preset), 'answers.yaml'), 'utf8')).answers);
      const right = answersFromTshark(join(dir(preset), 'capture.pcap'), join(dir(preset), 'events.jsonl')) as Record<string, string>;
      expect(asked.sort()).toEqual(Object.keys(right).sort());
      fill(preset, right);
      const full = await check(preset);
      expect(full.questions.filter((q) => !q.correct)).toEqual([]);
      expect(full.score).toBe(asked.length);
      fill(preset, { ...right, client_port: String(Number(right.client_port) + 1) });
      const oneWrong = await check(preset);
      expect(oneWrong.score).toBe(asked.length - 1);
      expect(oneWrong.questions.filter((q) => !q.correct).map((q) => q.id)).toEqual(['client_port']);
    });
  }

  it('grades the three folders as a class, and refuses answers tampered onto another capture', async () => {
    const grade = await lab(['grade', ...PRESETS.map(dir), '--csv', join(out, 'grades.csv')]);
    expect(grade.exitCode, String(grade.stderr)).toBe(0);
    const csv = readFileSync(join(out, 'grades.csv'), 'utf8').trim().split('\n');
    expect(csv).toHaveLength(1 + PRESETS.length);
    const foreign = parse(readFileSync(join(dir('reset'), 'answers.yaml'), 'utf8'));
    writeFileSync(join(dir('refused'), 'foreign.yaml'), JSON.stringify(foreign));
    const refused = await lab(['check', dir('refused'), join(dir('refused'), 'foreign.yaml')]);
    expect(refused.exitCode).toBe(1);
    expect(String(refused.stderr)).toMatch(/does not belong to this capture/);
  });

  it('writes the worksheet in Chinese', async () => {
    const run = await lab(['--lang', 'zh-CN', 'quiz', dir('client-close')]);
    expect(run.exitCode, String(run.stderr)).toBe(0);
    expect(String(run.stdout)).toMatch(/练习单/);
    expect(readFileSync(join(dir('client-close'), 'worksheet.md'), 'utf8')).toMatch(/^# 练习单：你自己的 TCP 连接/);
  });
});
