// Wireshark through stand-in executables on PATH that record their arguments and what they read: never a
// real GUI in CI.
import { chmodSync, existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { once } from 'node:events';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { corpusBytes } from '../../test/helpers/corpus.ts';
import { en } from './i18n/en.js';
import { zhCN } from './i18n/zh-CN.js';
import { hasDisplay, showInWireshark } from './wireshark.js';

/** A folder holding a `wireshark` that runs `body` (sh), with RECORD naming a file for what it saw. */
function standIn(body: string): { path: string; record: string } {
  const dir = mkdtempSync(join(tmpdir(), 'wireshark-'));
  writeFileSync(join(dir, 'wireshark'), `#!/bin/sh\nprintf "%s\\n" "$@" > "$RECORD.args"\n${body}\n`);
  chmodSync(join(dir, 'wireshark'), 0o755);
  return { path: `${dir}:/usr/bin:/bin`, record: join(dir, 'record') };
}

async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 25));
  expect(condition()).toBe(true);
}

/** Writes 4 MiB; a stream nobody reads stops taking data after its 16 KiB buffer. */
async function producerNeverBlocks(capture: PassThrough): Promise<void> {
  for (let i = 0; i < 64; i++) {
    if (capture.write(Buffer.alloc(1 << 16))) continue;
    const timeout = new Promise((_, reject) => setTimeout(() => reject(new Error('the producer is held up')), 2000));
    await Promise.race([once(capture, 'drain'), timeout]);
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function notes() {
  let text = '';
  return { stderr: { write: (t: string | Uint8Array) => (text += String(t)) }, text: () => text };
}

describe('Wireshark watching the live capture', () => {
  it('starts wireshark -k -i - and feeds it every byte of the capture', async () => {
    const bin = standIn('cat > "$RECORD.stdin"');
    const pcap = corpusBytes('td_dns_tcp.pcap');
    const out = notes();
    const outcome = await showInWireshark(Readable.from([pcap.subarray(0, 100), pcap.subarray(100)]), { env: { PATH: bin.path, RECORD: bin.record, DISPLAY: ':0' }, t: en, stderr: out.stderr, platform: 'linux' });
    expect(outcome).toBe('shown');
    await until(() => existsSync(`${bin.record}.stdin`) && statSync(`${bin.record}.stdin`).size === pcap.length);
    expect(readFileSync(`${bin.record}.args`, 'utf8')).toBe('-k\n-i\n-\n');
    expect(readFileSync(`${bin.record}.stdin`)).toEqual(pcap);
    expect(out.text()).toBe('');
  });

  it('says which package to install when Wireshark is missing, and drains the capture', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'no-wireshark-'));
    const capture = new PassThrough();
    const out = notes();
    const outcome = await showInWireshark(capture, { env: { PATH: empty, WAYLAND_DISPLAY: 'wayland-0' }, t: zhCN, stderr: out.stderr, platform: 'linux' });
    expect(outcome).toBe('unavailable');
    expect(out.text()).toMatch(/^没有安装 Wireshark.*sudo apt install wireshark/);
    await producerNeverBlocks(capture);
  });

  it('does not start Wireshark without a display, and says why', async () => {
    const bin = standIn('cat > "$RECORD.stdin"');
    const out = notes();
    expect(await showInWireshark(Readable.from([Buffer.from('x')]), { env: { PATH: bin.path, RECORD: bin.record }, t: en, stderr: out.stderr, platform: 'linux' })).toBe('unavailable');
    expect(out.text()).toMatch(/^no display \(DISPLAY and WAYLAND_DISPLAY are unset\)/);
    expect(existsSync(`${bin.record}.args`)).toBe(false);
  });

  it('closes Wireshark when the capture fails (the engine sent no capture), and leaves the wording to the caller', async () => {
    const bin = standIn('echo $$ > "$RECORD.pid"; exec cat > "$RECORD.stdin"');
    const capture = new PassThrough();
    const out = notes();
    const outcome = showInWireshark(capture, { env: { PATH: bin.path, RECORD: bin.record, DISPLAY: ':0' }, t: en, stderr: out.stderr, platform: 'linux' });
    await until(() => existsSync(`${bin.record}.pid`));
    capture.destroy(new Error('no capture'));
    expect(await outcome).toBe('failed');
    const pid = Number(readFileSync(`${bin.record}.pid`, 'utf8'));
    await until(() => !alive(pid));
    expect(out.text()).toBe('');
  });

  it('goes on when Wireshark is closed early, and names a failure by its exit code', async () => {
    const bin = standIn('head -c 10 > "$RECORD.stdin"; exit 3');
    const capture = new PassThrough();
    capture.write(Buffer.alloc(64));
    const out = notes();
    const outcome = await showInWireshark(capture, { env: { PATH: bin.path, RECORD: bin.record, DISPLAY: ':0' }, t: en, stderr: out.stderr, platform: 'linux' });
    expect(outcome).toBe('closed');
    expect(out.text()).toBe('Wireshark stopped (exit code 3); the lab goes on without it\n');
    await producerNeverBlocks(capture);
  });

  it('knows where a window can open', () => {
    expect(hasDisplay({}, 'linux')).toBe(false);
    expect(hasDisplay({ DISPLAY: ':1' }, 'linux')).toBe(true);
    expect(hasDisplay({}, 'darwin')).toBe(true);
    expect(hasDisplay({}, 'win32')).toBe(true);
  });
});
