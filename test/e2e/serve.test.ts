// `lab serve` on the real engine: a student in real Chromium connects and sees the three handshake arrows
// appear, closes both sides, downloads capture.pcap (checked by tshark), switches to 中文, reloads mid-session;
// the teacher page lists the verdict; ten students take spare labs made in advance and drive them at once
// through the API; Ctrl-C on the server removes everything, spares too, and exits 130.
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ResultPromise } from 'execa';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, CHROMIUM_ARGS, chromiumAvailable } from '../helpers/chromium.ts';
import { everyLabFilter } from '../../src/docker/labels.js';
import { engineOrSkip, lab } from '../helpers/engine.ts';
import { tsharkAvailable, tsharkFields } from '../helpers/tshark.ts';

const runtime = await engineOrSkip();
const CLASS = 'e2e-serve';

describe.runIf(runtime && chromiumAvailable() && tsharkAvailable())('lab serve (real engine, real browser)', () => {
  let server: ResultPromise;
  let base: string;
  let teacherUrl: string;
  let browser: Browser;
  let output = '';

  beforeAll(async () => {
    const config = join(tmpdir(), 'serve-lab.yaml');
    writeFileSync(config, `name: ${CLASS}\n`);
    // Serves every test of the file; afterAll ends it. Its Ctrl-C removes eleven labs at once, which takes more
    // than lab()'s 10 s before SIGKILL when the other projects' tests load the machine.
    server = lab(['serve', '--port', '0', '--config', config, '--max-labs', '12'], { buffer: false, timeout: 0, forceKillAfterDelay: 60_000 });
    server.stdout!.on('data', (chunk) => (output += String(chunk)));
    server.stderr!.on('data', (chunk) => (output += String(chunk)));
    for (let i = 0; i < 600 && !/teacher: +(\S+)/.test(output); i++) await new Promise((r) => setTimeout(r, 100));
    base = /students: open (\S+?)\/?(\s|$)/.exec(output)![1]!;
    teacherUrl = /teacher: +(\S+)/.exec(output)![1]!;
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  });

  afterAll(async () => {
    await browser?.close();
    server?.kill('SIGINT'); // already ended by the last test, unless it failed before
    await server?.catch(() => {});
  });

  const packets = (page: Page) => page.locator('#packets tbody tr');
  // What the page shows live arrives through the capture's stream, up to seconds late on a loaded machine
  // (expect.poll's own limit is 1 s).
  const LIVE = { timeout: 15_000 };
  // A command's result, or the error the page shows instead (the test then fails with its words).
  const command = async (page: Page, side: 'client' | 'server', verb: string) => {
    const before = await page.locator('#results li').count();
    await page.click(`[data-side="${side}"][data-verb="${verb}"]`);
    await page.locator('#results li').nth(before).or(page.locator('#error:visible')).first().waitFor();
    expect(await page.locator('#error:visible').count(), `${side} ${verb}: ${await page.locator('#error').textContent()}`).toBe(0);
  };

  it('a student connects and watches the handshake arrive, closes both sides, downloads the capture', async () => {
    const page = await browser.newPage({ viewport: { width: 1024, height: 768 } });
    await page.goto(`${base}/`);
    await page.fill('#name', '李雷');
    await page.click('#join-form button[type=submit]');
    await page.click('#start');
    await page.locator('[data-side="client"][data-verb="connect"]:enabled').waitFor({ timeout: 60_000 });
    await command(page, 'client', 'connect');
    await packets(page).nth(2).waitFor();
    const flags = await packets(page).evaluateAll((rows) => rows.slice(0, 3).map((row) => (row as HTMLTableRowElement).cells[2]!.textContent));
    expect(flags).toEqual(['SYN', 'SYN,ACK', 'ACK']);
    expect(await page.locator('#ladder a.arrow').count()).toBe(await packets(page).count());

    await command(page, 'server', 'accept');
    await page.fill('#message', 'hello');
    await command(page, 'client', 'send');
    await command(page, 'server', 'recv');
    await command(page, 'client', 'close');
    await command(page, 'server', 'close');
    await expect.poll(() => packets(page).count(), LIVE).toBeGreaterThanOrEqual(8);

    // A reload mid-session: the cookie keeps the student, the stream replays every packet.
    const seen = await packets(page).count();
    await page.reload();
    await expect.poll(() => packets(page).count(), LIVE).toBe(seen);

    // Any packet's header, byte by byte, on click; and the 中文 switch.
    await page.locator('#ladder a.arrow').first().click();
    const header = page.locator('#detail table.header-bytes');
    expect(await header.locator('caption').textContent()).toBe('TCP header, byte by byte');
    const fields = await header.locator('tbody tr').evaluateAll((rows) => rows.map((row) => [...row.children].map((cell) => cell.textContent)));
    expect(fields[0]![0]).toMatch(/^[0-9a-f]{2} [0-9a-f]{2}$/);
    expect(Object.fromEntries(fields.map(([, name, value]) => [name, value]))).toMatchObject({ 'destination port': '8899', flags: 'SYN', 'urgent pointer': '0' });
    // The results are worded, never raw protocol JSON; the lab's own events are not listed as socket calls.
    expect(await page.locator('#results').textContent()).not.toContain('{');
    expect(await page.locator('#results li').first().textContent()).toMatch(/^client: connect\(\) = 0: connection #1, local port \d+/);
    expect(await page.locator('#calls').textContent()).not.toMatch(/ready\(\)|settled\(\)/);
    await page.click('#lang');
    expect(await page.getAttribute('html', 'lang')).toBe('zh-CN');
    expect(await page.locator('[data-verb="connect"][data-side="client"]').textContent()).toBe('连接（connect）');

    // The worksheet beside the lab: questions about this capture, answers checked on submit.
    await page.click('#load-worksheet');
    await page.locator('#worksheet input[name=client_isn]').waitFor();
    await page.fill('#worksheet input[name=client_isn]', '1');
    await page.click('#worksheet-form button[type=submit]');
    await expect.poll(() => page.locator('#worksheet-score').textContent(), LIVE).toMatch(/^得分：0 \/ \d+$/);
    expect(await page.locator('#note-client_isn').textContent()).toMatch(/^✘ 错误：?.*第 1 帧/);

    // A preset run inside the running lab, on a connection of its own, with its verdict; one that needs a
    // lab of its own is refused with the reason.
    const preset = await page.request.post(`${base}/api/lab/scenario`, { data: { scenario: 'client-close' }, headers: { origin: base } });
    expect(preset.status()).toBe(200);
    const { connections } = await preset.json();
    expect(connections).toHaveLength(1);
    expect(connections[0].verdict).toMatch(/^handshake complete; teardown (three|four)-way started by client; closed; TIME-WAIT: client$/);
    const ownLab = await page.request.post(`${base}/api/lab/scenario`, { data: { scenario: 'syn-retry' }, headers: { origin: base } });
    expect(ownLab.status()).toBe(409);

    const capture = await page.request.get(`${base}/api/lab/files/capture.pcap`);
    expect(capture.status()).toBe(200);
    const file = join(tmpdir(), 'serve-capture.pcap');
    writeFileSync(file, await capture.body());
    const rows = tsharkFields(file, ['tcp.flags.str', 'tcp.payload'], ['-Y', 'tcp.stream eq 0']); // the student's own connection; the preset's is stream 1
    const seq = rows.map(([f]) => f!.replace(/[·\s]/g, ''));
    expect(seq.slice(0, 3)).toEqual(['S', 'AS', 'A']);
    expect(rows.some(([, payload]) => payload === Buffer.from('hello').toString('hex'))).toBe(true);
    expect(seq.filter((f) => f.includes('F'))).toHaveLength(2);
    await page.close();
  });

  it('the teacher page lists the student with the connection’s verdict', async () => {
    const page = await browser.newPage();
    await page.goto(teacherUrl);
    await page.locator('#students tbody tr').first().waitFor();
    expect(await page.locator('#students tbody th').first().textContent()).toBe('李雷');
    expect(await page.locator('#students tbody td').nth(2).textContent()).toMatch(/handshake complete; teardown four-way started by client/);
    expect(await page.locator('#students tbody td').nth(3).textContent()).toMatch(/^0\/\d+$/);
    await page.close();
  });

  it('ten students take spare labs made in advance, ready at once, and drive them at once; every capture holds exactly their own connection', async () => {
    for (let i = 0; i < 1200 && !/ labs ready after /.test(output); i++) await new Promise((r) => setTimeout(r, 100));
    expect(output).toMatch(/12 of 12 labs ready after [\d.]+ s/); // --max-labs 12: the first student's lab is one of them
    const students = Array.from({ length: 10 }, (_, i) => `student-${i}`);
    const results = await Promise.all(
      students.map(async (name) => {
        const request = async (method: string, path: string, body?: unknown, cookie?: string) => {
          const response = await fetch(`${base}${path}`, { method, headers: { ...(body ? { 'content-type': 'application/json' } : {}), ...(cookie ? { cookie } : {}) }, body: body ? JSON.stringify(body) : undefined });
          return { status: response.status, cookie: response.headers.get('set-cookie')?.split(';')[0], body: await response.arrayBuffer() };
        };
        const { cookie } = await request('POST', '/api/join', { name });
        const started = await request('POST', '/api/lab', undefined, cookie);
        expect(JSON.parse(Buffer.from(started.body).toString())).toEqual({ state: 'ready' });
        for (let i = 0; i < 600; i++) {
          const state = JSON.parse(Buffer.from((await request('GET', '/api/lab', undefined, cookie)).body).toString()).state;
          if (state === 'ready') break;
          if (state === 'ended') throw new Error(`${name}'s lab ended`);
          await new Promise((r) => setTimeout(r, 100));
        }
        for (const line of ['connect', 'server accept', `send ${name}`, 'server recv', 'close', 'server close']) {
          const answer = await request('POST', '/api/lab/command', { command: line }, cookie);
          expect(answer.status, line).toBe(200);
        }
        // The last segments reach the capture a moment after the last call returns: asked again until it
        // holds both FINs (a capture that never does fails below).
        const file = join(tmpdir(), `${name}.pcap`);
        let rows: string[][] = [];
        for (let i = 0; i < 50 && rows.filter(([flags]) => flags!.includes('F')).length < 2; i++) {
          if (i) await new Promise((r) => setTimeout(r, 200));
          writeFileSync(file, Buffer.from((await request('GET', '/api/lab/files/capture.pcap', undefined, cookie)).body));
          rows = tsharkFields(file, ['tcp.flags.str', 'tcp.payload', 'tcp.stream']);
        }
        return { name, rows };
      }),
    );
    for (const { name, rows } of results) {
      expect(new Set(rows.map(([, , stream]) => stream))).toEqual(new Set(['0']));
      expect(rows.slice(0, 3).map(([f]) => f!.replace(/[·\s]/g, ''))).toEqual(['S', 'AS', 'A']);
      expect(rows.filter(([, payload]) => payload).map(([, payload]) => Buffer.from(payload!, 'hex').toString())).toEqual([name]);
      expect(rows.filter(([flags]) => flags!.includes('F'))).toHaveLength(2);
    }
  });

  it('Ctrl-C on the server ends every lab, removes everything and exits 130', async () => {
    const ours = async () => [...(await runtime!.listContainers(everyLabFilter())), ...(await runtime!.listNetworks(everyLabFilter()))].filter((r) => r.name.includes(CLASS));
    expect((await ours()).length).toBeGreaterThanOrEqual(11 * 4); // eleven labs: three containers and a network each
    server.kill('SIGINT');
    const result = await server.catch((error) => error);
    expect(result.exitCode, output).toBe(130);
    expect(await ours()).toEqual([]);
    expect(Number(/(\d+) labs ended and removed in [\d.]+ s; nothing is left/.exec(output)?.[1]), output).toBeGreaterThanOrEqual(11);
  });
});

describe.runIf(runtime)('lab serve interrupted while it makes its spare labs (real engine)', () => {
  it('Ctrl-C stops the starts in progress and those still queued, removes everything and exits 130', async () => {
    const name = 'e2e-serve-warming';
    const config = join(tmpdir(), 'serve-warming-lab.yaml');
    writeFileSync(config, `name: ${name}\n`);
    const ours = async () => [...(await runtime!.listContainers(everyLabFilter())), ...(await runtime!.listNetworks(everyLabFilter()))].filter((r) => r.name.includes(name));
    const server = lab(['serve', '--port', '0', '--config', config, '--max-labs', '12'], { buffer: false });
    let output = '';
    server.stdout!.on('data', (chunk) => (output += String(chunk)));
    server.stderr!.on('data', (chunk) => (output += String(chunk)));
    // Interrupt at the first lab resource seen: twelve labs, eight at a time, are then almost surely still being
    // made; how far they got depends on the engine's speed, so only the outcome is asserted, which holds at any point.
    for (let i = 0; i < 600 && !(await ours()).length; i++) await new Promise((r) => setTimeout(r, 100));
    expect((await ours()).length, output).toBeGreaterThan(0);
    server.kill('SIGINT');
    const result = await server;
    expect(result.exitCode, output).toBe(130);
    expect(await ours()).toEqual([]);
  });
});
