// The command line as a function: exit codes and messages, with stdout and stderr captured.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { corpusDir } from '../../test/helpers/corpus.ts';
import { cli } from './main.js';

async function run(...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await cli(argv, { stdout: { write: (t) => (stdout += String(t)) }, stderr: { write: (t) => (stderr += String(t)) } });
  return { code, stdout, stderr };
}

describe('lab report', () => {
  it('prints the JSON contract for a capture', async () => {
    const { code, stdout } = await run('report', `${corpusDir}td_dns_tcp.pcap`, '--format', 'json');
    expect(code).toBe(0);
    const report = JSON.parse(stdout);
    expect(report.capture).toMatchObject({ format: 'pcap', linkTypes: [1], packets: 11, warnings: [] });
    const c = report.connections[0];
    expect(Object.keys(c)).toEqual(expect.arrayContaining(['client', 'server', 'rolesGuessed', 'handshake', 'teardown', 'outcome', 'timeWait', 'bytes', 'packets']));
    expect(c.packets[0]).toMatchObject({ frame: 1, from: 'client', flags: ['SYN'], relSeq: 0, relAck: 0, len: 0, states: { client: 'SYN-SENT', server: 'SYN-RECEIVED' } });
    expect(c.packets[0].time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z$/);
  });

  it('leaves out the packets with --brief and writes to a file with -o', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'cli-')), 'r.json');
    expect((await run('report', `${corpusDir}cs_http_ip4and6.pcapng`, '--format', 'json', '--brief', '-o', out)).code).toBe(0);
    const report = JSON.parse(readFileSync(out, 'utf8'));
    expect(report.connections).toHaveLength(2);
    expect(report.connections[0].packets).toBeUndefined();
  });

  it('writes Markdown by default and HTML on request, in Chinese with --lang zh-CN', async () => {
    expect((await run('report', `${corpusDir}td_dns_tcp.pcap`)).stdout).toMatch(/^# TCP connections explained/);
    expect((await run('report', `${corpusDir}td_dns_tcp.pcap`, '--format', 'html', '--lang', 'zh-CN')).stdout).toMatch(/<html lang="zh-CN">[\s\S]*四次挥手/);
  });

  it('says what is wrong with bad usage (exit 2) and with a file that is not a capture (exit 4)', async () => {
    const badFormat = await run('report', `${corpusDir}td_dns_tcp.pcap`, '--format', 'pdf');
    expect([badFormat.code, badFormat.stderr]).toEqual([2, 'lab: --format must be one of md, html, json, pcapng, got "pdf"\n']);
    expect((await run('report')).code).toBe(2);
    expect((await run('report', '/nonexistent.pcap')).stderr).toMatch(/cannot read the capture \/nonexistent.pcap/);
    const text = join(mkdtempSync(join(tmpdir(), 'cli-')), 'notes.txt');
    writeFileSync(text, 'hello world');
    const notCapture = await run('report', text);
    expect(notCapture.code).toBe(4);
    expect(notCapture.stderr).toMatch(/not a pcap or pcapng file: it starts with 68 65 6c 6c/);
  });

  it('rejects unknown commands and options with the usage', async () => {
    expect((await run('upp')).stderr).toMatch(/unknown command "upp"[\s\S]*usage: lab/);
    const unknownOption = await run('report', 'x.pcap', '--formta', 'json');
    expect(unknownOption.code).toBe(2);
    expect(unknownOption.stderr).toMatch(/Unknown option '--formta'/);
  });
});
