// The command line as a function: exit codes and messages, with stdout and stderr captured.
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { corpusDir } from '../../test/helpers/corpus.ts';
import { cli } from './main.js';

async function run(argv: string[], env: NodeJS.ProcessEnv = { LANG: 'C.UTF-8' }) {
  let stdout = '';
  let stderr = '';
  const code = await cli(argv, { stdout: { write: (t) => (stdout += String(t)) }, stderr: { write: (t) => (stderr += String(t)) }, env });
  return { code, stdout, stderr };
}

const capture = `${corpusDir}td_dns_tcp.pcap`;
const tempDir = () => mkdtempSync(join(tmpdir(), 'cli-'));

describe('lab report', () => {
  it('prints the JSON contract for a capture', async () => {
    const { code, stdout } = await run(['report', capture, '--format', 'json']);
    expect(code).toBe(0);
    const report = JSON.parse(stdout);
    expect(report.capture).toMatchObject({ format: 'pcap', linkTypes: [1], packets: 11, warnings: [] });
    const c = report.connections[0];
    expect(Object.keys(c)).toEqual(expect.arrayContaining(['client', 'server', 'rolesGuessed', 'handshake', 'teardown', 'outcome', 'timeWait', 'states', 'transitions', 'bytes', 'packets']));
    expect(c.packets[0]).toMatchObject({ frame: 1, from: 'client', flags: ['SYN'], relSeq: 0, relAck: 0, len: 0, states: { client: 'SYN-SENT', server: 'SYN-RECEIVED' } });
    expect([typeof c.startTime.sec, typeof c.startTime.nsec, c.packets[0].offset, typeof c.packets[1].offset]).toEqual(['number', 'number', 0, 'number']);
  });

  it('leaves out the packets with --brief and writes to a file with -o, leaving no temporary file', async () => {
    const dir = tempDir();
    const out = join(dir, 'r.json');
    expect((await run(['report', `${corpusDir}cs_http_ip4and6.pcapng`, '--format', 'json', '--brief', '-o', out])).code).toBe(0);
    const report = JSON.parse(readFileSync(out, 'utf8'));
    expect(report.connections).toHaveLength(2);
    expect(report.connections[0].packets).toBeUndefined();
    expect(readdirSync(dir)).toEqual(['r.json']);
  });

  it('writes Markdown by default and HTML on request, in Chinese with --lang zh-CN', async () => {
    expect((await run(['report', capture])).stdout).toMatch(/^# TCP connections explained/);
    expect((await run(['report', capture, '--format', 'html', '--lang', 'zh-CN'])).stdout).toMatch(/<html lang="zh-CN">[\s\S]*四次挥手/);
    expect((await run(['--lang=zh-CN', 'report', capture])).stdout).toMatch(/^# TCP 连接逐包解读/);
  });

  it('says what is wrong with bad usage (exit 2) and with a file that is not a capture (exit 4)', async () => {
    const badFormat = await run(['report', capture, '--format', 'pdf']);
    expect([badFormat.code, badFormat.stderr]).toEqual([2, 'lab: --format "pdf": expected one of md, html, json, pcapng\n  → run `lab report --help` for its usage\n']);
    const missing = await run(['report']);
    expect([missing.code, missing.stderr]).toEqual([2, 'lab: missing the argument capture\n  → run `lab report --help` for its usage\n']);
    const text = join(tempDir(), 'notes.txt');
    writeFileSync(text, 'hello world');
    const notCapture = await run(['report', text]);
    expect(notCapture.code).toBe(4);
    expect(notCapture.stderr).toMatch(/not a pcap or pcapng file: it starts with 68 65 6c 6c/);
  });

  it('exits 4 for a capture that cannot be read at all (missing, a folder), before writing anything', async () => {
    const out = join(tempDir(), 'r.md');
    const missing = await run(['report', '/nonexistent.pcap', '-o', out]);
    expect([missing.code, missing.stderr]).toEqual([4, 'lab: cannot read the capture /nonexistent.pcap: no such file or folder\n']);
    const folder = await run(['report', tempDir()]);
    expect(folder.code).toBe(4);
    expect(folder.stderr).toMatch(/cannot read the capture .*: it is a folder\n$/);
    expect(existsSync(out)).toBe(false);
  });

  it('never writes over the capture it reads, also through another path to the same file', async () => {
    const dir = tempDir();
    const copy = join(dir, 'x.pcap');
    copyFileSync(capture, copy);
    const before = readFileSync(copy);
    for (const output of [copy, `${dir}/../${dir.split('/').pop()}/x.pcap`]) {
      const result = await run(['report', copy, '--format', 'json', '-o', output]);
      expect([result.code, result.stderr]).toEqual([2, `lab: -o ${output} is the capture being read: writing there would destroy it\n`]);
    }
    expect(readFileSync(copy)).toEqual(before);
  });

  it('says why an output cannot be written, with exit 1, no stack and no empty file', async () => {
    const missingFolder = join(tempDir(), 'no-such-folder', 'r.md');
    const result = await run(['report', capture, '-o', missingFolder]);
    expect([result.code, result.stderr]).toEqual([1, `lab: cannot write ${missingFolder}: no such file or folder\n`]);
    const full = await run(['report', capture, '--format', 'json', '-o', '/dev/full']);
    expect([full.code, full.stderr]).toEqual([1, 'lab: cannot write /dev/full: no space left on the device\n']);
    const zh = await run(['report', capture, '-o', '/dev/full', '--lang', 'zh-CN']);
    expect(zh.stderr).toBe('lab：无法写入 /dev/full：设备上没有剩余空间\n');
  });

  it('replaces an existing output only once the new one is complete', async () => {
    const out = join(tempDir(), 'r.md');
    writeFileSync(out, 'old');
    expect((await run(['report', capture, '-o', out])).code).toBe(0);
    expect(readFileSync(out, 'utf8')).toMatch(/^# TCP connections explained/);
    expect(statSync(out).mode & 0o777).toBe(0o644);
  });
});

describe('conventions of the command line', () => {
  it('prints help for the program, for one command (three ways) and the version, with exit 0', async () => {
    const help = await run(['--help']);
    expect(help.code).toBe(0);
    for (const command of ['up', 'down', 'report', 'images', 'scenarios', 'completion']) expect(help.stdout).toContain(`  ${command} `);
    expect(help.stdout).toMatch(/Exit codes:\n  0 +ok[\s\S]*130 +interrupted/);
    const version = await run(['--version']);
    expect([version.code, version.stdout]).toEqual([0, `${JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')).version}\n`]);
    for (const argv of [['up', '--help'], ['up', '-h'], ['help', 'up']]) {
      const result = await run(argv);
      expect(result.code).toBe(0);
      expect(result.stdout).toMatch(/^Usage: lab up \[options\]/);
      expect(result.stdout).toMatch(/--keep/);
      expect(result.stdout).toMatch(/Examples:\n  lab up/);
      expect(result.stdout).toMatch(/Exit codes:/);
    }
    expect((await run(['report', '--help'])).stdout).toMatch(/--format <format> .*\n.*\(choices: md, html, json,\s+pcapng; default: md\)/);
  });

  it('prints the help on stderr with exit 2 when no command is given', async () => {
    const result = await run([]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^Usage: lab/);
  });

  it('names the nearest command or option for a mistake, with exit 2', async () => {
    const command = await run(['repot', 'x.pcap']);
    expect([command.code, command.stderr]).toEqual([2, 'lab: unknown command "repot"; did you mean report?\n  → run `lab --help` for its usage\n']);
    const option = await run(['report', 'x.pcap', '--formta', 'json']);
    expect([option.code, option.stderr]).toEqual([2, 'lab: unknown option "--formta"; did you mean --format?\n  → run `lab report --help` for its usage\n']);
    expect((await run(['down', '--nmae', 'x'])).stderr).toMatch(/did you mean --name\?/);
  });

  it('refuses empty and malformed values before doing anything (exit 2)', async () => {
    for (const argv of [['down', '--name', ''], ['down', '--name='], ['down', '--name', 'A B'], ['up', '--name', ''], ['up', '--scenario', ''], ['report', capture, '-o', '']]) {
      const result = await run(argv);
      expect(result.code, argv.join(' ')).toBe(2);
      expect(result.stderr).toMatch(/^lab: --(name|scenario|output) "[^"]*": /);
    }
    expect((await run(['down', '--name', 'x', '--all'])).stderr).toMatch(/^lab: give either --name or --all, not both/);
  });

  it('takes only its own languages: --lang "" and --lang constructor are usage errors', async () => {
    for (const lang of ['', 'constructor', '__proto__', 'toString', 'de']) {
      const result = await run(['report', capture, '--lang', lang]);
      expect([result.code, result.stderr]).toEqual([2, `lab: --lang "${lang}": expected one of en, zh-CN\n  → run \`lab report --help\` for its usage\n`]);
    }
  });
});

describe('the command line in Simplified Chinese', () => {
  it('speaks Chinese with --lang zh-CN or a zh_CN locale: help, mistakes and errors', async () => {
    const help = await run(['help', 'report'], { LANG: 'zh_CN.UTF-8' });
    expect(help.stdout).toMatch(/^用法： lab report \[options\] <capture>/);
    expect(help.stdout).toMatch(/选项：[\s\S]*可选：md、html、json、pcapng；默认：md[\s\S]*示例：[\s\S]*退出码：/);
    const mistake = await run(['repot'], { LC_ALL: 'zh_CN.UTF-8', LANG: 'en_US.UTF-8' });
    expect(mistake.stderr).toBe('lab：未知命令 "repot"；你是不是想用 report？\n  → 运行 `lab --help` 查看用法\n');
    const missing = await run(['report', '/nonexistent.pcap', '--lang', 'zh-CN']);
    expect([missing.code, missing.stderr]).toEqual([4, 'lab：无法读取抓包文件 /nonexistent.pcap：文件或文件夹不存在\n']);
    expect((await run(['report', '/nonexistent.pcap'], { LC_MESSAGES: 'zh_CN.UTF-8' })).stderr).toMatch(/^lab：无法读取抓包文件/);
  });

  it('an explicit --lang wins over the locale', async () => {
    expect((await run(['repot', '--lang', 'en'], { LANG: 'zh_CN.UTF-8' })).stderr).toMatch(/^lab: unknown command/);
  });
});
