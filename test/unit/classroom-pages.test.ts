// The classroom's student and teacher pages (lab serve) in real headless Chromium, checked as the report is
// (test/unit/html-in-browser.test.ts, same checks from test/helpers/page-checks.ts): axe-core's WCAG 2.1 AA
// rules, tab order with a visible focus ring, a projector's 1024×768 and 200 % zoom, large text, forced
// colours. The server is the real app with a stand-in lab whose packet events are shaped like the live
// session's (src/server/session-live-lab.ts); the real engine behind it is tested in test/e2e/serve.test.ts.
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/server/app.js';
import { Classroom } from '../../src/server/classroom.js';
import type { LabEvent, LiveLab, StartLab } from '../../src/server/live-lab.js';
import { CHROMIUM, CHROMIUM_ARGS, chromiumAvailable } from '../helpers/chromium.ts';
import { axeViolations, focusableElements, horizontalOverflow, smallestText, tabStops } from '../helpers/page-checks.ts';

const TOKEN = 'teacher-token-0123456789';
const LANGS = ['en', 'zh-CN'] as const;
const CLIENT_ISN = 3_000_000_000;
const SERVER_ISN = 1_000;

type Flags = string[];
/** One connection as the live session reports it: handshake, "hello" and its ACK, the client's close. */
const CONVERSATION: [from: 'client' | 'server', flags: Flags, seq: number, ack: number | null, len: number, client: string, server: string][] = [
  ['client', ['SYN'], 0, null, 0, 'SYN_SENT', 'LISTEN'],
  ['server', ['SYN', 'ACK'], 0, 1, 0, 'SYN_SENT', 'SYN_RECEIVED'],
  ['client', ['ACK'], 1, 1, 0, 'ESTABLISHED', 'SYN_RECEIVED'],
  ['client', ['PSH', 'ACK'], 1, 1, 5, 'ESTABLISHED', 'ESTABLISHED'],
  ['server', ['ACK'], 1, 6, 0, 'ESTABLISHED', 'ESTABLISHED'],
  ['client', ['FIN', 'ACK'], 6, 1, 0, 'FIN_WAIT_1', 'ESTABLISHED'],
  ['server', ['ACK'], 1, 7, 0, 'FIN_WAIT_2', 'CLOSE_WAIT'],
];

function packetEvents(): LabEvent[] {
  let previous = { client: 'CLOSED', server: 'LISTEN' };
  return CONVERSATION.map(([from, flags, seq, ack, len, client, server], i) => {
    const [ownIsn, peerIsn] = from === 'client' ? [CLIENT_ISN, SERVER_ISN] : [SERVER_ISN, CLIENT_ISN];
    const states = { client, server };
    const changed = (['client', 'server'] as const).filter((side) => states[side] !== previous[side]);
    previous = states;
    return {
      type: 'packet',
      frame: i + 1,
      time: i * 0.0004,
      clientPort: 40_000,
      from,
      flags,
      len,
      window: 64_240,
      header: '9c40' + '1f90'.padEnd(36, '0'),
      states,
      changed,
      connection: 1,
      seq: (ownIsn + seq) % 2 ** 32,
      ack: ack === null ? 0 : (peerIsn + ack) % 2 ** 32,
      relSeq: seq,
      relAck: ack ?? 0,
      offset: i * 0.0004,
    };
  });
}

/** A stand-in lab: `connect` produces the whole conversation at once. */
const startLab: StartLab = async (_student, emit) => {
  let connected = false;
  const lab: LiveLab = {
    async command(line) {
      if (line === 'connect' && !connected) {
        connected = true;
        for (const event of packetEvents()) emit(event);
      }
      const result = { type: 'result' as const, side: 'client', cmd: line, ok: true, text: `${line}() = 0` };
      emit(result);
      return result;
    },
    async scenario() {
      return { verdict: 'handshake complete' };
    },
    async file() {
      return Buffer.from('');
    },
    async verdicts() {
      return connected ? ['connection 1: handshake complete, closed by the client'] : [];
    },
    async worksheet() {
      return [{ id: 'client_port', prompt: "What is the client's TCP port?", where: 'frame 1, the SYN: its source port', filter: 'tcp.flags.syn==1' }];
    },
    async checkAnswers(answers) {
      const given = answers.client_port ?? '';
      const correct = given === '40000';
      const question = { id: 'client_port' as const, correct, answered: given !== '', given, expected: '40000', where: 'frame 1, the SYN: its source port', reason: "frame 1 (the SYN): its source port is the client's port, 40000" };
      return { score: correct ? 1 : 0, total: 1, skipped: [], ignored: [], questions: [question] };
    },
    async end() {},
  };
  return lab;
};

describe.runIf(chromiumAvailable())('the classroom pages in Chromium', () => {
  let browser: Browser;
  let app: FastifyInstance;
  let base: string;
  /** Per language: a browser context whose student has joined, started a lab and connected. */
  const students = new Map<string, BrowserContext>();

  beforeAll(async () => {
    app = await buildApp({ classroom: new Classroom({ maxLabs: 5, idleMs: 60_000, startLab }), classCode: null, teacherToken: TOKEN, lang: 'en', presets: ['echo'] });
    await app.listen({ host: '127.0.0.1', port: 0 });
    base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    for (const [i, lang] of LANGS.entries()) {
      const context = await browser.newContext({ viewport: { width: 1024, height: 768 } });
      await context.addInitScript((lang) => localStorage.setItem('tcp-lab-lang', lang), lang);
      const page = await context.newPage();
      await page.goto(base);
      await page.fill('#name', ['Li Lei', '韩梅梅'][i]!);
      await page.click('#join-form button[type=submit]');
      await page.click('#start');
      await page.click('[data-side=client][data-verb=connect]:enabled');
      await page.locator('.ladder-rows > li').nth(CONVERSATION.length - 1).waitFor();
      await page.close();
      students.set(lang, context);
    }
  }, 60_000); // Chromium and two students joining: seconds on a loaded machine, more than the default 10 s
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  /** The student's page (their lab running, the conversation captured) or the teacher's, as a zoomed browser shows it. */
  async function open(which: 'student' | 'teacher', lang: string, options: { zoom?: number; query?: string } = {}): Promise<Page> {
    const { zoom = 1, query = '' } = options;
    const context = await browser.newContext({ storageState: await students.get(lang)!.storageState(), viewport: { width: 1024 / zoom, height: 768 / zoom }, deviceScaleFactor: zoom });
    const page = await context.newPage();
    page.on('close', () => void context.close());
    if (which === 'student') {
      await page.goto(`${base}/${query}`);
      await page.locator('.ladder-rows > li').nth(CONVERSATION.length - 1).waitFor();
    } else {
      await page.goto(`${base}/teacher${query}#token=${TOKEN}`);
      await page.locator('#students tbody tr').nth(LANGS.length - 1).waitFor();
    }
    await page.waitForFunction((lang) => document.documentElement.lang === lang, lang);
    return page;
  }

  it('serves the report stylesheet to both pages, before the classroom-only one', async () => {
    const css = await fetch(`${base}/assets/page.css`);
    expect(css.headers.get('content-type')).toMatch(/^text\/css/);
    expect(await css.text()).toContain('@media (forced-colors: active)');
    for (const path of ['/', '/teacher']) {
      const html = await (await fetch(`${base}${path}`)).text();
      expect(html.indexOf('/assets/page.css')).toBeGreaterThan(0);
      expect(html.indexOf('/assets/page.css')).toBeLessThan(html.indexOf('/assets/classroom.css'));
    }
  });

  it.each(LANGS)('the live ladder is the report\'s: one arrow per segment by kind with a legend, each a link to its table row naming its values (%s)', async (lang) => {
    const page = await open('student', lang);
    const rows = page.locator('.ladder-rows > li');
    expect(await rows.count()).toBe(CONVERSATION.length);
    const kinds = await rows.evaluateAll((lis) => lis.map((li) => li.className.split(' ')[0]));
    expect(kinds).toEqual(['handshake', 'handshake', 'ack', 'data', 'ack', 'teardown', 'ack']);
    expect(await page.locator('ul.legend li').count()).toBe(4);
    const arrow = page.locator('.ladder-rows a.arrow').nth(3);
    expect(await arrow.getAttribute('href')).toBe('#segment-4');
    expect(await page.locator('#packets tr#segment-4').count()).toBe(1);
    const name = await arrow.evaluate((a) => a.textContent);
    expect(name).toContain(`seq=${CLIENT_ISN + 1}`);
    expect(name).toContain('ESTABLISHED');
    // Choosing an arrow steps to it: the detail shows its frame, the arrow says it is the current step.
    await arrow.click();
    expect(await arrow.getAttribute('aria-current')).toBe('step');
    expect(await page.locator('#detail h4').textContent()).toContain('4');
    expect(await page.locator('#packets tr.current').getAttribute('id')).toBe('segment-4');
    await page.context().close();
  });

  for (const which of ['student', 'teacher'] as const) {
    it.each(LANGS)(`${which} page (%s): axe-core finds no WCAG 2.1 AA violation`, async (lang) => {
      const page = await open(which, lang);
      expect(await axeViolations(page)).toEqual([]);
      await page.context().close();
    });

    it.each(LANGS)(`${which} page (%s): tab order reaches every control, each with a visible focus ring`, async (lang) => {
      const page = await open(which, lang);
      const stops = await tabStops(page);
      expect(stops.map((s) => s.element)).toEqual(await focusableElements(page));
      if (which === 'student') expect(stops.filter((s) => s.element === 'a.arrow')).toHaveLength(CONVERSATION.length);
      else expect(stops.map((s) => s.element)).toContain('button');
      for (const stop of stops) expect({ ...stop, visible: stop.outlineWidth >= 3 && stop.boxShadow }).toMatchObject({ visible: true });
      await page.context().close();
    });

    it.each(LANGS)(`${which} page (%s) on a projector: 1024×768 and 200 percent zoom, no sideways scroll, no text below body size × 0.9, axe clean zoomed`, async (lang) => {
      for (const zoom of [1, 2]) {
        const page = await open(which, lang, { zoom });
        expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
        const text = await smallestText(page, 'main');
        expect(text.count).toBeGreaterThan(0);
        expect(text.smallest).toBeGreaterThanOrEqual(text.body * 0.9);
        // A table too wide for the zoomed page scrolls in its own box, which the keyboard can scroll.
        if (zoom === 2) expect(await axeViolations(page)).toEqual([]);
        await page.context().close();
      }
    });

    it(`${which} page: ?large and the large-text button enlarge every text; forced colours keep the focus ring and the ladder`, async () => {
      const plain = await open(which, 'en');
      const before = await smallestText(plain, 'body');
      await plain.click('#large');
      expect(await plain.getAttribute('#large', 'aria-pressed')).toBe('true');
      const pressed = await smallestText(plain, 'body');
      expect(pressed.body).toBeGreaterThanOrEqual(before.body * 1.3);
      expect(pressed.smallest).toBeGreaterThanOrEqual(pressed.body * 0.9);
      await plain.context().close();
      const large = await open(which, 'en', { query: '?large' });
      expect((await smallestText(large, 'body')).body).toBe(pressed.body);
      await large.emulateMedia({ forcedColors: 'active' });
      await large.focus('#large');
      expect(await large.$eval('#large', (b) => getComputedStyle(b).outlineStyle)).not.toBe('none');
      if (which === 'student') {
        const arrow = await large.$eval('.ladder-rows a.arrow', (a) => ({ line: getComputedStyle(a.querySelector('.line')!).borderTopColor, head: getComputedStyle(a.querySelector('svg')!).fill, text: getComputedStyle(a).color }));
        expect([arrow.line, arrow.head]).toEqual([arrow.text, arrow.text]);
      }
      await large.context().close();
    });
  }

  it('teacher page: the two-second poll leaves the keyboard focus where it was', async () => {
    const page = await open('teacher', 'en');
    const free = page.locator('#students tbody button').nth(1);
    const label = await free.getAttribute('aria-label');
    await free.focus();
    for (let poll = 0; poll < 2; poll++) await page.waitForResponse((response) => response.url().endsWith('/api/teacher/students'));
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe(label);
    await page.context().close();
  });

  // Last: the reveal is the whole class's, for the rest of the session.
  it('worksheet: right or wrong and where to look, without the expected value, until the teacher reveals it; the teacher sees first, latest and checks', async () => {
    const student = await open('student', 'en');
    await student.click('#load-worksheet');
    await student.fill('#answer-client_port', '1');
    await student.click('#worksheet-form button[type=submit]');
    await expect.poll(() => student.textContent('#note-client_port')).toBe('✘ wrong — look at: frame 1, the SYN: its source port');
    expect(await student.textContent('#worksheet-score')).toBe('Score: 0 of 1');
    await student.fill('#answer-client_port', '40000');
    await student.click('#worksheet-form button[type=submit]');
    await expect.poll(() => student.textContent('#note-client_port')).toBe('✔ right');
    const teacher = await open('teacher', 'zh-CN');
    const liLei = teacher.locator('#students tbody tr', { hasText: 'Li Lei' });
    await expect.poll(() => liLei.locator('td').allTextContents()).toEqual(expect.arrayContaining(['0/1', '1/1', '2']));
    teacher.once('dialog', (dialog) => void dialog.accept());
    await teacher.click('#reveal');
    await expect.poll(() => teacher.textContent('#reveal')).toBe('答案已向全班公布');
    expect(await teacher.isDisabled('#reveal')).toBe(true);
    await student.fill('#answer-client_port', '');
    await student.click('#worksheet-form button[type=submit]');
    await expect.poll(() => student.textContent('#note-client_port')).toBe("✘ not answered: expected 40000 — frame 1 (the SYN): its source port is the client's port, 40000");
    expect(await student.textContent('#worksheet-score')).toBe('Score: 0 of 1 (not recorded: the answers were revealed)');
    expect(await student.isVisible('#answers-revealed')).toBe(true);
    await expect.poll(() => liLei.locator('td').allTextContents()).toEqual(expect.arrayContaining(['0/1', '1/1', '2']));
    await student.context().close();
    await teacher.context().close();
  });

  it('zh-CN student page: why the lab ended is worded in Chinese, not the server’s English', async () => {
    const context = await browser.newContext();
    await context.addInitScript(() => localStorage.setItem('tcp-lab-lang', 'zh-CN'));
    const page = await context.newPage();
    await page.goto(base);
    await page.fill('#name', '张三');
    await page.click('#join-form button[type=submit]');
    await page.click('#start');
    await page.click('#end:enabled');
    await expect.poll(() => page.textContent('#results')).toContain('学生结束了实验');
    expect(await page.textContent('#results')).not.toContain('ended by the student');
    await context.close();
  });
});
