// The classroom server's HTTP rules with a stand-in lab (the live session is tested on the real engine in
// test/e2e/serve.test.ts): who may do what, with which status, and what a reconnecting page receives.
import { readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { analyseCapture } from '../analyse/analyse-capture.js';
import { parseEventLines } from '../capture/socket-events.js';
import { checkAnswers } from '../quiz/check-worksheet.js';
import { quizMessagesFor } from '../quiz/i18n/index.js';
import { isQuestionId, QUESTION_IDS, type QuestionId } from '../quiz/question-ids.js';
import { buildApp } from './app.js';
import { Classroom } from './classroom.js';
import { LabRequestError, type LabEvent, type LiveLab, type StartLab } from './live-lab.js';

const TOKEN = 'teacher-token-0123456789';

/** The worksheet of a real lab's capture (test/fixtures/lab-up-echo), checked as a live lab checks it.
 * Analysed inside the tests that need it, never while the file is collected (see the README's "Mutation testing"). */
const fixture = new URL('../../test/fixtures/lab-up-echo/', import.meta.url).pathname;
function echoLab() {
  const events = parseEventLines(readFileSync(`${fixture}events.jsonl`, 'utf8'));
  const report = analyseCapture([readFileSync(`${fixture}capture.pcap`)], { events });
  return { events, report, clientPort: String(report.connections[0]!.client.port), serverPort: String(report.connections[0]!.server.port) };
}

/** A lab that answers commands from a script and reports them as events. */
/** `holdStart`: the start of the lab of that number waits for the promise; `failEnd`: that lab's removal fails. */
function fakeStartLab(options: { fail?: string; failFirst?: string; gate?: Promise<void>; holdStart?: Record<string, Promise<void>>; failEnd?: string } = {}): {
  startLab: StartLab;
  started: string[];
  ended: string[];
} {
  const started: string[] = [];
  const ended: string[] = [];
  const startLab: StartLab = async (student, emit: (e: LabEvent) => void) => {
    started.push(student);
    await options.gate;
    await options.holdStart?.[student];
    if (options.fail) throw new Error(options.fail);
    if (options.failFirst && started.length === 1) throw new Error(options.failFirst);
    emit({ type: 'call', side: 'server', call: 'listen' });
    let frame = 0;
    const lab: LiveLab = {
      async command(line) {
        if (!/^(server )?(connect|accept|send .+|recv|close)$/.test(line)) throw new LabRequestError(`unknown command "${line}"`);
        emit({ type: 'packet', frame: ++frame, from: 'client', flags: ['SYN'] });
        const result = { type: 'result' as const, command: line, ok: true };
        emit(result);
        return result;
      },
      async scenario(name) {
        if (name !== 'echo') throw new LabRequestError(`unknown preset "${name}"`);
        return { verdict: 'handshake complete' };
      },
      async file() {
        return Buffer.from(`capture of ${student}`);
      },
      async verdicts() {
        return frame ? ['connection 1: handshake complete'] : [];
      },
      async worksheet(lang) {
        return [{ id: 'client_port', prompt: lang === 'zh-CN' ? '客户端的 TCP 端口号是多少？' : "What is the client's TCP port?", where: 'frame 1', filter: 'tcp' }];
      },
      async checkAnswers(answers, lang) {
        const given = new Map(Object.entries(answers).filter((entry): entry is [QuestionId, string] => isQuestionId(entry[0])));
        const { report, events } = echoLab();
        return checkAnswers(report, events, given, quizMessagesFor(lang));
      },
      async end() {
        if (student === options.failEnd) throw new Error(`the engine refused to remove lab ${student}`);
        ended.push(student);
      },
    };
    return lab;
  };
  return { startLab, started, ended };
}

let app: FastifyInstance | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

async function server(startLab: StartLab, extra: { maxLabs?: number; spareLabs?: number; rateLimit?: number; onError?: (error: unknown) => void; now?: () => number } = {}) {
  const classroom = new Classroom({ maxLabs: extra.maxLabs ?? 5, spareLabs: extra.spareLabs, idleMs: 60_000, startLab, onError: extra.onError, now: extra.now });
  app = await buildApp({ classroom, classCode: 'tcp42', teacherToken: TOKEN, lang: 'en', presets: ['echo'], rateLimit: extra.rateLimit });
  return { app, classroom };
}

async function join(a: FastifyInstance, name: string, code = 'tcp42', cookie?: string) {
  const response = await a.inject({ method: 'POST', url: '/api/join', payload: { name, code }, headers: cookie ? { cookie } : {} });
  const setCookie = response.headers['set-cookie'];
  return { response, cookie: typeof setCookie === 'string' ? setCookie.split(';')[0]! : cookie };
}

async function readyStudent(a: FastifyInstance, name: string): Promise<string> {
  const { cookie } = await join(a, name);
  await a.inject({ method: 'POST', url: '/api/lab', headers: { cookie: cookie! } });
  await untilReady(a, cookie!);
  return cookie!;
}

function check(a: FastifyInstance, cookie: string, answers: Record<string, string>) {
  return a.inject({ method: 'POST', url: '/api/lab/answers', headers: { cookie }, payload: { answers } });
}

async function untilReady(a: FastifyInstance, cookie: string) {
  for (let i = 0; i < 50; i++) {
    const state = (await a.inject({ method: 'GET', url: '/api/lab', headers: { cookie } })).json().state;
    if (state === 'ready' || state === 'ended') return state;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error('lab never became ready');
}

describe('lab serve: the HTTP API', () => {
  it('gives a joined student an HttpOnly, SameSite=Strict cookie of at least 128 random bits', async () => {
    const { app: a } = await server(fakeStartLab().startLab);
    const { response } = await join(a, 'Li Lei');
    expect(response.statusCode).toBe(200);
    const cookie = String(response.headers['set-cookie']);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    const value = /lab_session=([^;]+)/.exec(cookie)![1]!;
    expect(Buffer.from(value, 'base64url').length * 8).toBeGreaterThanOrEqual(128);
  });

  it('refuses a wrong code (403), then the guessing address for a while (429)', async () => {
    const { app: a } = await server(fakeStartLab().startLab);
    const statuses = [];
    for (let i = 0; i < 11; i++) statuses.push((await join(a, 'x', 'wrong')).response.statusCode);
    expect(statuses.slice(0, 10)).toEqual(Array(10).fill(403));
    expect(statuses[10]).toBe(429);
    const refused = (await join(a, 'x')).response;
    expect(refused.statusCode).toBe(429);
    // The page words a refusal by its code in the reader's language; `error` stays English for scripts.
    expect(refused.json()).toEqual({ error: 'too many wrong class codes from this computer; wait a few minutes', code: 'too-many-codes', params: {} });
  });

  it('never hands a taken name to another browser (409), and the first student keeps the lab', async () => {
    const { app: a } = await server(fakeStartLab().startLab);
    const first = await join(a, 'Han Meimei');
    await a.inject({ method: 'POST', url: '/api/lab', headers: { cookie: first.cookie! } });
    expect(await untilReady(a, first.cookie!)).toBe('ready');
    const second = await join(a, 'Han Meimei');
    expect(second.response.statusCode).toBe(409);
    expect(second.response.json()).toMatchObject({ code: 'name-taken', params: { name: 'Han Meimei' } });
    expect((await a.inject({ method: 'GET', url: '/api/lab', headers: { cookie: first.cookie! } })).json().state).toBe('ready');
    expect((await join(a, 'Han Meimei', 'tcp42', first.cookie)).response.statusCode).toBe(200);
  });

  it('answers 401 without a cookie or with a forged one, 403 to a cross-origin POST', async () => {
    const { app: a } = await server(fakeStartLab().startLab);
    expect((await a.inject({ method: 'POST', url: '/api/lab' })).statusCode).toBe(401);
    expect((await a.inject({ method: 'POST', url: '/api/lab', headers: { cookie: 'lab_session=AAAAAAAAAAAAAAAAAAAAAAAA' } })).statusCode).toBe(401);
    const { cookie } = await join(a, 'Zhang San');
    const cross = await a.inject({ method: 'POST', url: '/api/lab', headers: { cookie: cookie!, origin: 'http://evil.example', host: 'localhost:8080' } });
    expect(cross.statusCode).toBe(403);
    const same = await a.inject({ method: 'POST', url: '/api/lab', headers: { cookie: cookie!, origin: 'http://localhost:8080', host: 'localhost:8080' } });
    expect(same.statusCode).toBe(202);
  });

  it('refuses a 1 MiB body (413), a form post (415), an unknown command (400) with JSON errors', async () => {
    const { app: a } = await server(fakeStartLab().startLab);
    const { cookie } = await join(a, 'Wang Wu');
    const big = await a.inject({ method: 'POST', url: '/api/lab/command', headers: { cookie: cookie!, 'content-type': 'application/json' }, payload: JSON.stringify({ command: 'x'.repeat(1 << 20) }) });
    expect(big.statusCode).toBe(413);
    expect(big.json()).toHaveProperty('error');
    const form = await a.inject({ method: 'POST', url: '/api/join', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'name=a&code=tcp42' });
    expect(form.statusCode).toBe(415);
    await a.inject({ method: 'POST', url: '/api/lab', headers: { cookie: cookie! } });
    await untilReady(a, cookie!);
    const unknown = await a.inject({ method: 'POST', url: '/api/lab/command', headers: { cookie: cookie! }, payload: { command: 'rm -rf /' } });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error).toMatch(/unknown command/);
    const extra = await a.inject({ method: 'POST', url: '/api/lab/command', headers: { cookie: cookie! }, payload: { command: 'connect', image: 'alpine' } });
    expect(extra.statusCode).toBe(400);
  });

  it('limits one session (429) while another is still answered', async () => {
    const { app: a } = await server(fakeStartLab().startLab, { rateLimit: 100 });
    const busy = await join(a, 'busy');
    const calm = await join(a, 'calm');
    const address = await a.listen({ port: 0, host: '127.0.0.1' });
    const statuses = await Promise.all(Array.from({ length: 300 }, () => fetch(`${address}/api/lab`, { headers: { cookie: busy.cookie! } }).then((r) => r.status)));
    expect(statuses.filter((s) => s === 429).length).toBe(200);
    expect((await a.inject({ method: 'GET', url: '/api/lab', headers: { cookie: calm.cookie! } })).statusCode).toBe(200);
  });

  it('queues labs beyond --max-labs with their position, and starts the next when one ends', async () => {
    const fake = fakeStartLab();
    const { app: a } = await server(fake.startLab, { maxLabs: 1 });
    const one = await join(a, 'one');
    const two = await join(a, 'two');
    expect((await a.inject({ method: 'POST', url: '/api/lab', headers: { cookie: one.cookie! } })).json()).toEqual({ state: 'starting' });
    expect((await a.inject({ method: 'POST', url: '/api/lab', headers: { cookie: two.cookie! } })).json()).toEqual({ state: 'queued', position: 1 });
    await untilReady(a, one.cookie!);
    await a.inject({ method: 'DELETE', url: '/api/lab', headers: { cookie: one.cookie! } });
    expect(fake.ended).toEqual(['1']);
    expect(await untilReady(a, two.cookie!)).toBe('ready');
  });

  it('shows a student why their lab failed to start; the others carry on', async () => {
    const { app: a } = await server(fakeStartLab({ fail: 'no free subnet' }).startLab);
    const { cookie } = await join(a, 'unlucky');
    await a.inject({ method: 'POST', url: '/api/lab', headers: { cookie: cookie! } });
    expect(await untilReady(a, cookie!)).toBe('ended');
    expect((await a.inject({ method: 'GET', url: '/api/lab', headers: { cookie: cookie! } })).json()).toEqual({
      state: 'ended',
      reason: 'the lab could not start: no free subnet',
      reasonCode: 'could-not-start',
      reasonParams: { detail: 'no free subnet' },
    });
  });

  it('says why an idle lab ended with a code and its parameters, for the page to word in its language', async () => {
    let clock = 0;
    const { app: a, classroom } = await server(fakeStartLab().startLab, { now: () => clock });
    const cookie = await readyStudent(a, 'sleepy');
    clock += 2 * 60_000;
    await classroom.endIdle();
    expect((await a.inject({ method: 'GET', url: '/api/lab', headers: { cookie } })).json()).toEqual({ state: 'ended', reason: 'idle for 1 minute', reasonCode: 'idle', reasonParams: { minutes: 1 } });
  });

  it('lets only the teacher list the class, as JSON and CSV, and free a name', async () => {
    const { clientPort } = echoLab();
    const { app: a } = await server(fakeStartLab().startLab);
    const { cookie } = await join(a, '=cmd');
    await a.inject({ method: 'POST', url: '/api/lab', headers: { cookie: cookie! } });
    await untilReady(a, cookie!);
    await a.inject({ method: 'POST', url: '/api/lab/command', headers: { cookie: cookie! }, payload: { command: 'connect' } });
    expect((await a.inject({ method: 'GET', url: '/api/teacher/students', headers: { authorization: 'Bearer wrong' } })).statusCode).toBe(401);
    const list = await a.inject({ method: 'GET', url: '/api/teacher/students', headers: { authorization: `Bearer ${TOKEN}` } });
    expect(list.json().students).toEqual([expect.objectContaining({ name: '=cmd', state: 'ready', connections: ['connection 1: handshake complete'], worksheet: null })]);
    const checked = await a.inject({ method: 'POST', url: '/api/lab/answers', headers: { cookie: cookie! }, payload: { answers: { client_port: clientPort }, lang: 'zh-CN' } });
    expect(checked.json()).toMatchObject({ score: 1, total: QUESTION_IDS.length });
    expect((await a.inject({ method: 'GET', url: '/api/teacher/students', headers: { authorization: `Bearer ${TOKEN}` } })).json().students[0].worksheet).toEqual({ first: '1/14', latest: '1/14', attempts: 1 });
    const csv = await a.inject({ method: 'GET', url: '/api/teacher/students.csv', headers: { authorization: `Bearer ${TOKEN}` } });
    expect(csv.body.split('\n')[0]).toBe('name,state,presets run,connections,verdicts,worksheet first,worksheet latest,worksheet attempts,last activity');
    expect(csv.body.split('\n')[1]).toMatch(/^'=cmd,ready,,1,connection 1: handshake complete,1\/14,1\/14,1,/);
    expect((await a.inject({ method: 'DELETE', url: '/api/teacher/students/%3Dcmd', headers: { authorization: `Bearer ${TOKEN}` } })).statusCode).toBe(200);
    expect((await join(a, '=cmd')).response.statusCode).toBe(200);
  });

  it('grades the whole worksheet: answers left out count as not answered, an unknown question is refused', async () => {
    const { clientPort, serverPort } = echoLab();
    const { app: a } = await server(fakeStartLab().startLab);
    const cookie = await readyStudent(a, 'carol');
    // The trial's bug: answering only two questions scored 2/2.
    const two = await check(a, cookie, { client_port: clientPort, server_port: serverPort });
    expect(two.statusCode).toBe(200);
    expect(two.json()).toMatchObject({ score: 2, total: QUESTION_IDS.length });
    const results = two.json().questions as { id: string; answered: boolean; correct: boolean }[];
    expect(results.map((q) => q.id)).toEqual([...QUESTION_IDS]);
    expect(results.filter((q) => q.answered).map((q) => q.id)).toEqual(['client_port', 'server_port']);
    expect(results.filter((q) => !q.answered).every((q) => !q.correct)).toBe(true);
    const unknown = await check(a, cookie, { client_port: clientPort, clinet_port: '1' });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json()).toEqual({
      error: expect.stringMatching(/unknown question "clinet_port"; the questions are: client_port, /),
      code: 'unknown-question',
      params: { question: 'clinet_port', questions: [...QUESTION_IDS] },
    });
  });

  it('tells a student right or wrong and where to look, never the expected value, until the teacher reveals the answers', async () => {
    const { clientPort, serverPort } = echoLab();
    const { app: a } = await server(fakeStartLab().startLab);
    const cookie = await readyStudent(a, 'dave');
    const empty = await check(a, cookie, {});
    expect(empty.json()).toMatchObject({ score: 0, total: QUESTION_IDS.length, revealed: false, recorded: true });
    const port = (empty.json().questions as Record<string, unknown>[]).find((q) => q.id === 'client_port')!;
    expect(port).toEqual({ id: 'client_port', correct: false, answered: false, where: 'frame 1, the SYN: its source port' });
    expect(empty.body).not.toContain(clientPort);
    await check(a, cookie, { client_port: '1' });
    await check(a, cookie, { client_port: clientPort, server_port: serverPort });
    const teacher = { authorization: `Bearer ${TOKEN}` };
    const before = (await a.inject({ method: 'GET', url: '/api/teacher/students', headers: teacher })).json();
    expect(before).toMatchObject({ answersRevealed: false, students: [{ worksheet: { first: '0/14', latest: '2/14', attempts: 3 } }] });
    expect((await a.inject({ method: 'POST', url: '/api/teacher/reveal-answers' })).statusCode).toBe(401);
    expect((await a.inject({ method: 'POST', url: '/api/teacher/reveal-answers', headers: { ...teacher, origin: 'http://evil.example', host: 'localhost:8080' } })).statusCode).toBe(403);
    expect((await check(a, cookie, {})).json().revealed).toBe(false);
    expect((await a.inject({ method: 'POST', url: '/api/teacher/reveal-answers', headers: teacher })).json()).toEqual({ answersRevealed: true });
    const after = await check(a, cookie, { client_port: clientPort });
    expect(after.json()).toMatchObject({ revealed: true, recorded: false });
    expect((after.json().questions as Record<string, unknown>[]).find((q) => q.id === 'client_port')).toMatchObject({ expected: clientPort, reason: expect.stringContaining(clientPort) });
    expect((await a.inject({ method: 'GET', url: '/api/lab/worksheet', headers: { cookie } })).json().revealed).toBe(true);
    // Checks after the reveal change nothing the teacher sees.
    const students = (await a.inject({ method: 'GET', url: '/api/teacher/students', headers: teacher })).json();
    expect(students).toMatchObject({ answersRevealed: true, students: [{ worksheet: { first: '0/14', latest: '0/14', attempts: 4 } }] });
  });

  it('streams events as SSE and replays what a reconnecting page missed (Last-Event-ID)', async () => {
    const { app: a } = await server(fakeStartLab().startLab);
    const { cookie } = await join(a, 'stream');
    await a.inject({ method: 'POST', url: '/api/lab', headers: { cookie: cookie! } });
    await untilReady(a, cookie!);
    await a.inject({ method: 'POST', url: '/api/lab/command', headers: { cookie: cookie! }, payload: { command: 'connect' } });
    const address = await a.listen({ port: 0, host: '127.0.0.1' });
    const read = async (lastEventId?: string) => {
      const controller = new AbortController();
      const response = await fetch(`${address}/api/lab/stream`, { headers: { cookie: cookie!, accept: 'text/event-stream', ...(lastEventId ? { 'last-event-id': lastEventId } : {}) }, signal: controller.signal });
      const reader = response.body!.getReader();
      let text = '';
      while (!text.includes('event: result')) text += new TextDecoder().decode((await reader.read()).value);
      controller.abort();
      return text.split('\n\n').filter((block) => block.includes('id: '));
    };
    const all = await read();
    expect(all.map((b) => /event: (\w+)/.exec(b)![1])).toEqual(['state', 'call', 'state', 'packet', 'result']);
    const missed = await read('3');
    expect(missed.map((b) => /id: (\d+)/.exec(b)![1])).toEqual(['4', '5']);
  });

  it('hands out spare labs made in advance, ready at once, within --max-labs; the others queue; closing ends the spares too', async () => {
    let open = () => {};
    const fake = fakeStartLab({ gate: new Promise<void>((resolve) => (open = resolve)) });
    const { app: a, classroom } = await server(fake.startLab, { maxLabs: 3, spareLabs: 2 });
    classroom.prepareSpares();
    const settled = classroom.sparesSettled();
    const students = await Promise.all(['a', 'b', 'c', 'd'].map((name) => join(a, name)));
    const start = (cookie: string) => a.inject({ method: 'POST', url: '/api/lab', headers: { cookie } }).then((r) => r.json());
    expect(await start(students[0]!.cookie!)).toEqual({ state: 'starting' }); // a spare still on its way
    open();
    expect(await settled).toBe(2); // the one taken meanwhile counts
    expect(fake.started).toEqual(['1', '2', '3']);
    await a.inject({ method: 'DELETE', url: '/api/lab', headers: { cookie: students[0]!.cookie! } });
    await classroom.sparesSettled();
    expect(await start(students[0]!.cookie!)).toEqual({ state: 'ready' });
    expect(fake.started).toEqual(['1', '2', '3', '4']); // one student's lab and two spares: the limit
    expect(await start(students[1]!.cookie!)).toEqual({ state: 'ready' });
    await classroom.sparesSettled();
    expect(await start(students[2]!.cookie!)).toEqual({ state: 'ready' });
    expect(await start(students[3]!.cookie!)).toEqual({ state: 'queued', position: 1 });
    expect(fake.started).toEqual(['1', '2', '3', '4']);
    // What the spare said while it started (its server's listen) reaches the student who took it, in order.
    const events = classroom.student(students[0]!.cookie!.split('=')[1])!.events.since(0).slice(-3); // its second lab
    expect(events.map((e) => [e.event.type, e.event.state ?? e.event.call])).toEqual([['state', 'starting'], ['call', 'listen'], ['state', 'ready']]);
    await a.inject({ method: 'DELETE', url: '/api/lab', headers: { cookie: students[0]!.cookie! } });
    expect(await untilReady(a, students[3]!.cookie!)).toBe('ready');
    await classroom.close();
    expect([...new Set(fake.ended)].sort()).toEqual(['1', '2', '3', '4', '5']);
  });

  it('closing ends every lab, one still starting too once it has started, and says how many ended and which removals failed', async () => {
    let release!: () => void;
    const fake = fakeStartLab({ holdStart: { '3': new Promise<void>((resolve) => (release = resolve)) }, failEnd: '2' });
    const { app: a, classroom } = await server(fake.startLab, { maxLabs: 3, spareLabs: 0 });
    const students = [await join(a, 'one'), await join(a, 'two'), await join(a, 'three')];
    for (const { cookie } of students) await a.inject({ method: 'POST', url: '/api/lab', headers: { cookie: cookie! } });
    expect(await untilReady(a, students[0]!.cookie!)).toBe('ready');
    expect(await untilReady(a, students[1]!.cookie!)).toBe('ready');
    expect((await a.inject({ method: 'GET', url: '/api/lab', headers: { cookie: students[2]!.cookie! } })).json()).toEqual({ state: 'starting' });
    const closing = classroom.close();
    release(); // lab 3 starts after the Ctrl-C: it is ended then, and close() waits for that
    const { ended, failures } = await closing;
    expect(fake.ended.sort()).toEqual(['1', '3']);
    expect(ended).toBe(2);
    expect(failures.map((f) => (f as Error).message)).toEqual(['the engine refused to remove lab 2']);
  });

  it('tells the teacher why a spare could not start, and gives the student a lab that did', async () => {
    const errors: unknown[] = [];
    const fake = fakeStartLab({ failFirst: 'the engine said no' });
    const { app: a, classroom } = await server(fake.startLab, { maxLabs: 2, spareLabs: 1, onError: (error) => errors.push(error) });
    classroom.prepareSpares();
    expect(await classroom.sparesSettled()).toBe(0);
    expect(errors.map((e) => (e as Error).message)).toEqual(['the engine said no']);
    const { cookie } = await join(a, 'lucky');
    await a.inject({ method: 'POST', url: '/api/lab', headers: { cookie: cookie! } });
    expect(await untilReady(a, cookie!)).toBe('ready');
    await classroom.close();
  });
});
