// The classroom pages word the server's codes (why a lab ended, why a request was refused) in the page's
// language: every code the server sends has its words in English and in Simplified Chinese.
import { describe, expect, it } from 'vitest';
import { QUESTION_IDS } from '../../src/quiz/question-ids.js';
import { labEndReasonText, type LabEndReason } from '../../src/server/lab-end-reason.js';
import { refusalText, type Refusal } from '../../src/server/refusal.js';

// A plain script for the browser, without types: loaded by its URL.
const { worded } = await import(new URL('../../web/classroom/i18n.js', import.meta.url).href);

const reasons: LabEndReason[] = [
  { code: 'ended-by-student', params: {} },
  { code: 'name-freed', params: {} },
  { code: 'idle', params: { minutes: 20 } },
  { code: 'could-not-start', params: { detail: 'DETAIL' } },
  { code: 'server-stopped', params: {} },
];
// Every refusal the server words by code (src/server/refusal.ts): the compiler keeps this list complete.
const REFUSAL_PARAMS: { [C in Refusal['code']]: Extract<Refusal, { code: C }>['params'] } = {
  'join-first': {},
  'bad-name': {},
  'wrong-code': {},
  'too-many-codes': {},
  'slow-down': {},
  'already-joined': { name: 'NAME' },
  'name-taken': { name: 'NAME' },
  'nothing-captured': {},
  'lab-not-running': { state: 'ended' },
  'shutting-down': {},
};
const refusals = Object.entries(REFUSAL_PARAMS).map(([code, params]) => ({ code, params }) as Refusal);
/** Latin words left in a Chinese sentence, but the parameter given. */
const englishIn = (text: string) => text.replace('DETAIL', '').match(/[A-Za-z]{3,}/g);

describe('the classroom pages’ wording of the server’s codes', () => {
  it.each(reasons)('lab ended, $code: English and Chinese words with its parameters', (reason) => {
    const english = labEndReasonText(reason);
    const zh = worded('zh-CN', 'ended', reason.code, reason.params, english);
    expect(zh).not.toBe(english);
    expect(englishIn(zh)).toBeNull();
    expect(worded('en', 'ended', reason.code, reason.params, english)).not.toMatch(/undefined/);
    if (reason.code === 'idle') expect(zh).toContain('20 分钟');
  });

  it.each(refusals)('request refused, $code: English and Chinese words with its parameters', (refusal) => {
    const english = refusalText(refusal);
    const zh = worded('zh-CN', 'errors', refusal.code, refusal.params, english);
    expect(zh).not.toBe(english);
    expect(englishIn(zh.replace('NAME', ''))).toBeNull();
    expect(worded('en', 'errors', refusal.code, refusal.params, english)).not.toMatch(/undefined/);
    if ('name' in refusal.params) expect(zh).toContain('NAME');
  });

  it('an unknown question, in Chinese, names it and lists the questions', () => {
    const zh = worded('zh-CN', 'errors', 'unknown-question', { question: 'clinet_port', questions: [...QUESTION_IDS] }, 'english');
    expect(zh).toContain('没有这个问题："clinet_port"');
    expect(zh).toContain(QUESTION_IDS.join('、'));
  });

  it('a code it does not know (an older page, a newer server) falls back to the server’s English text', () => {
    expect(worded('zh-CN', 'errors', 'not-a-code', {}, 'the English text')).toBe('the English text');
    expect(worded('zh-CN', 'errors', 'constructor', {}, 'the English text')).toBe('the English text');
    expect(worded('zh-CN', 'errors', undefined, undefined, 'the English text')).toBe('the English text');
  });
});
