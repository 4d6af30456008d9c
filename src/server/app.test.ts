// The classroom server's HTTP rules with a stand-in lab (the live session is tested on the real engine in
// test/e2e/serve.test.ts): who may do what, with which status, and what a reconnecting page receives.
import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { buildApp } from './app.js';
import { Classroom } from './classroom.js';
import { LabRequestError, type LabEvent, type LiveLab, type StartLab } from './live-lab.js';

const TOKEN = 'teacher-token-0123456789';

/** A lab that answers commands from a script and reports them as events. */
function fakeStartLab(options: { fail?: string; gate?: Promise<void> } = {}): { startLab: StartLab; ended: string[] } {
  const ended: string[] = [];
  const startLab: StartLab = async (student, emit: (e: LabEvent) => void) => {
    await options.gate;
    if (options.fail) throw new Error(options.fail);
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
      async checkAnswers(answers) {
        const correct = answers.client_port === '40000';
        return { score: correct ? 1 : 0, total: 1, skipped: [], questions: [{ id: 'client_port', correct, expected: '40000', given: answers.client_port ?? '', reason: 'frame 1' }] };
      },
      async end() {
        ended.push(student);
      },
    };
    return lab;
  };
  return { startLab, ended };
}

let app: FastifyInstance | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

async function server(startLab: StartLab, extra: { maxLabs?: number; rateLimit?: number } = {}) {
  const classroom = new Classroom({ maxLabs: extra.maxLabs ?? 5, idleMs: 60_000, startLab });
  app = await buildApp({ classroom, classCode: 'tcp42', teacherToken: TOKEN, lang: 'en', presets: ['echo'], rateLimit: extra.rateLimit });
  return { app, classroom };
}

async function join(a: FastifyInstance, name: string, code = 'tcp42', cookie?: string) {
  const response = await a.inject({ method: 'POST', url: '/api/join', payload: { name, code }, headers: cookie ? { cookie } : {} });
  const setCookie = response.headers['set-cookie'];
  return { response, cookie: typeof setCookie === 'string' ? setCookie.split(';')[0]! : cookie };
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
    expect((await join(a, 'x')).response.statusCode).toBe(429);
  });

  it('never hands a taken name to another browser (409), and the first student keeps the lab', async () => {
    const { app: a } = await server(fakeStartLab().startLab);
    const first = await join(a, 'Han Meimei');
    await a.inject({ method: 'POST', url: '/api/lab', headers: { cookie: first.cookie! } });
    expect(await untilReady(a, first.cookie!)).toBe('ready');
    const second = await join(a, 'Han Meimei');
    expect(second.response.statusCode).toBe(409);
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
    expect(fake.ended).toEqual(['one']);
    expect(await untilReady(a, two.cookie!)).toBe('ready');
  });

  it('shows a student why their lab failed to start; the others carry on', async () => {
    const { app: a } = await server(fakeStartLab({ fail: 'no free subnet' }).startLab);
    const { cookie } = await join(a, 'unlucky');
    await a.inject({ method: 'POST', url: '/api/lab', headers: { cookie: cookie! } });
    expect(await untilReady(a, cookie!)).toBe('ended');
    expect((await a.inject({ method: 'GET', url: '/api/lab', headers: { cookie: cookie! } })).json().reason).toMatch(/no free subnet/);
  });

  it('lets only the teacher list the class, as JSON and CSV, and free a name', async () => {
    const { app: a } = await server(fakeStartLab().startLab);
    const { cookie } = await join(a, '=cmd');
    await a.inject({ method: 'POST', url: '/api/lab', headers: { cookie: cookie! } });
    await untilReady(a, cookie!);
    await a.inject({ method: 'POST', url: '/api/lab/command', headers: { cookie: cookie! }, payload: { command: 'connect' } });
    expect((await a.inject({ method: 'GET', url: '/api/teacher/students', headers: { authorization: 'Bearer wrong' } })).statusCode).toBe(401);
    const list = await a.inject({ method: 'GET', url: '/api/teacher/students', headers: { authorization: `Bearer ${TOKEN}` } });
    expect(list.json().students).toEqual([expect.objectContaining({ name: '=cmd', state: 'ready', connections: ['connection 1: handshake complete'], worksheet: null })]);
    const checked = await a.inject({ method: 'POST', url: '/api/lab/answers', headers: { cookie: cookie! }, payload: { answers: { client_port: '40000' }, lang: 'zh-CN' } });
    expect(checked.json()).toMatchObject({ score: 1, total: 1 });
    expect((await a.inject({ method: 'GET', url: '/api/teacher/students', headers: { authorization: `Bearer ${TOKEN}` } })).json().students[0].worksheet).toBe('1/1');
    const csv = await a.inject({ method: 'GET', url: '/api/teacher/students.csv', headers: { authorization: `Bearer ${TOKEN}` } });
    expect(csv.body.split('\n')[1]).toMatch(/^'=cmd,ready,,1,connection 1: handshake complete,1\/1,/);
    expect((await a.inject({ method: 'DELETE', url: '/api/teacher/students/%3Dcmd', headers: { authorization: `Bearer ${TOKEN}` } })).statusCode).toBe(200);
    expect((await join(a, '=cmd')).response.statusCode).toBe(200);
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
    expect(all.map((b) => /event: (\w+)/.exec(b)![1])).toEqual(['state', 'state', 'packet', 'result']);
    const missed = await read('2');
    expect(missed.map((b) => /id: (\d+)/.exec(b)![1])).toEqual(['3', '4']);
  });
});
