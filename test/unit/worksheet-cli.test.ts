// The worksheet commands as the new-user trial drove them, through cli(): a student who deletes the lines
// they got wrong still scores out of every question, `lab grade` keeps each mark under its question, and the
// class's choice of questions travels from `lab quiz` to `lab check` in the command the worksheet names.
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli } from '../../src/cli/main.js';
import { QUESTION_IDS } from '../../src/quiz/question-ids.js';

const fixture = new URL('../fixtures/lab-up-echo/', import.meta.url).pathname;
let root: string;

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'tcp-lab-worksheet-cli-'));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

async function run(...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await cli(argv, { stdout: { write: (t) => (stdout += String(t)) }, stderr: { write: (t) => (stderr += String(t)) } });
  return { code, stdout, stderr };
}

/** A student's folder as `lab up` and `lab quiz` leave it, with answers.yaml edited by `edit`. */
async function handedIn(name: string, edit: (answers: string) => string, ...quizArgs: string[]): Promise<string> {
  const dir = join(root, name);
  mkdirSync(dir);
  for (const file of ['capture.pcap', 'events.jsonl']) copyFileSync(join(fixture, file), join(dir, file));
  expect((await run('quiz', dir, ...quizArgs)).code).toBe(0);
  const file = join(dir, 'answers.yaml');
  writeFileSync(file, edit(readFileSync(file, 'utf8').replace('student: ""', `student: "${name}"`)));
  return dir;
}

const answer = (id: string, value: string) => (text: string) => text.replace(new RegExp(`^  ${id}:.*$`, 'm'), `  ${id}: "${value}"`);
const deleteLine = (id: string) => (text: string) => text.replace(new RegExp(`^  ${id}:.*\\n`, 'm'), '');

describe('worksheets through the command line', () => {
  it('scores a file with lines deleted out of every question, deleted ones "not answered" (en, zh-CN)', async () => {
    const dir = await handedIn('carol', (t) => deleteLine('server_isn')(deleteLine('client_isn')(answer('client_port', '1')(t))));
    const text = await run('check', dir);
    expect(text.stdout).toMatch(new RegExp(`score: 0 of ${QUESTION_IDS.length}\\n$`));
    expect(text.stdout).toMatch(/✘ wrong {2}client_isn +given: not answered; expected: 0x/);
    const json = JSON.parse((await run('check', dir, '--json')).stdout);
    expect([json.score, json.total]).toEqual([0, QUESTION_IDS.length]);
    expect(json.questions.filter((q: { answered: boolean }) => q.answered).map((q: { id: string }) => q.id)).toEqual(['client_port']);
    expect((await run('--lang', 'zh-CN', 'check', dir)).stdout).toMatch(/你的答案：未作答/);
  });

  it('grades by question id: carol\'s deleted lines leave her marks under their own columns beside alice\'s', async () => {
    const alice = await handedIn('alice', answer('syn_mss', '1'));
    const carol = await handedIn('carol2', deleteLine('client_port'));
    const { stdout } = await run('grade', alice, carol);
    const [header, aliceRow, carolRow] = stdout.split('\n');
    expect(header).toMatch(/^student +score +1 +2 .* 14$/);
    expect(aliceRow).toMatch(new RegExp(`^alice +0/${QUESTION_IDS.length} `));
    expect(carolRow).toMatch(new RegExp(`^carol2 +0/${QUESTION_IDS.length} `));
    expect(stdout).toContain(`   1 client_port        0 of 2`);
  });

  it('a worksheet of chosen questions names the lab check command that checks exactly them; an answer to another is named, not counted', async () => {
    const dir = await handedIn('dave', (t) => `${t}  syn_mss: "1460"\n`, '--questions', 'time_wait,client_port');
    const answers = readFileSync(join(dir, 'answers.yaml'), 'utf8');
    expect(answers).toContain(`then run: lab check ${dir} --questions time_wait,client_port`);
    const checked = await run('check', dir, '--questions', 'time_wait,client_port');
    expect(checked.stdout).toMatch(/not counted, because they are not on this worksheet: syn_mss\nscore: 0 of 2\n$/);
    const unknown = await run('check', dir, '--questions', 'time_wiat');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/time_wiat/);
  });
});
