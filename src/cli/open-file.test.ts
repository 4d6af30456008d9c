// --open through stand-in openers on PATH that record their arguments: never a real browser in CI.
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { corpusDir } from '../../test/helpers/corpus.ts';
import { cli } from './main.js';
import { opener } from './open-file.js';

/** A folder with executables that append their arguments, one per line, to RECORD. */
function standIns(...names: string[]): { path: string; record: string } {
  const dir = mkdtempSync(join(tmpdir(), 'stand-in-'));
  for (const name of names) {
    writeFileSync(join(dir, name), '#!/bin/sh\nprintf "%s\\n" "$@" >> "$RECORD"\n');
    chmodSync(join(dir, name), 0o755);
  }
  return { path: dir, record: join(dir, 'record.txt') };
}

async function run(argv: string[], env: NodeJS.ProcessEnv) {
  let stderr = '';
  const code = await cli(argv, { stdout: { write() {} }, stderr: { write: (t) => (stderr += String(t)) }, env });
  return { code, stderr };
}

describe('--open', () => {
  it('lab report --open writes the HTML report to a temporary folder and hands it to xdg-open', async () => {
    const bin = standIns('xdg-open');
    const result = await run(['report', `${corpusDir}td_dns_tcp.pcap`, '--open'], { PATH: `${bin.path}:/usr/bin:/bin`, RECORD: bin.record });
    expect(result.code).toBe(0);
    const [opened] = readFileSync(bin.record, 'utf8').trim().split('\n');
    expect(opened).toMatch(/\/lab-report-[^/]+\/td_dns_tcp\.html$/);
    expect(readFileSync(opened!, 'utf8')).toMatch(/^<!doctype html>/i);
    expect(result.stderr).toBe(`wrote ${opened}\n`);
  });

  it('opens the file given with -o in the format asked for', async () => {
    const bin = standIns('xdg-open');
    const out = join(mkdtempSync(join(tmpdir(), 'open-')), 'r.md');
    const result = await run(['report', `${corpusDir}td_dns_tcp.pcap`, '--format', 'md', '-o', out, '--open'], { PATH: bin.path, RECORD: bin.record });
    expect([result.code, result.stderr]).toEqual([0, '']);
    expect(readFileSync(bin.record, 'utf8')).toBe(`${out}\n`);
  });

  it('says so when there is no opener, and still succeeds: the report is written', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'no-opener-'));
    const out = join(empty, 'r.html');
    const result = await run(['report', `${corpusDir}td_dns_tcp.pcap`, '-o', out, '--open', '--lang', 'zh-CN'], { PATH: empty });
    expect(result.code).toBe(0);
    expect(result.stderr).toBe(`无法用 xdg-open 打开 ${out}；请自行打开\n`);
    expect(readFileSync(out, 'utf8')).toMatch(/<html lang="zh-CN">/);
  });

  it('uses open on macOS and start on Windows', () => {
    expect(opener('/r.html', 'darwin')).toEqual(['open', ['/r.html']]);
    expect(opener('C:\\r.html', 'win32')).toEqual(['cmd', ['/c', 'start', '""', 'C:\\r.html']]);
    expect(opener('/r.html', 'linux')).toEqual(['xdg-open', ['/r.html']]);
  });
});
