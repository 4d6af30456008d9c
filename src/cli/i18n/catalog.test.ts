// Every message of the command line exists in both languages, and the Chinese has no English sentence
// left in it (commands, options, file names, flags and state names are allowed: they are typed as is).
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ConfigDetail, Expectation, StepRule, SubnetProblem } from '../../config/config-detail.js';
import { LabError, type ErrorKey, type ErrorParams, type Nested } from '../../errors.js';
import { PROGRAM_PROBLEMS } from '../../session/program-problems.js';
import { cli } from '../main.js';
import { COMMAND_NAMES } from '../program.js';
import { en } from './en.js';
import { zhCN } from './zh-CN.js';

const reason = { code: 'ENOENT', message: 'ENOENT: no such file or directory' };
const inner = new LabError('interrupted', { signal: 'SIGINT' });

/** One example of every error; the compiler asks for a new key's example. */
const EXAMPLES: { [K in ErrorKey]: ErrorParams[K] } = {
  config: { file: 'lab.yaml', line: 3, column: 7, path: 'server.port', detail: { kind: 'expected', expected: { kind: 'type', type: 'number' }, got: { type: 'string', text: 'eighty', length: 6, cut: false } } },
  keepWithAll: {},
  invalidOverride: { option: '--name', detail: { kind: 'expected', expected: { kind: 'labName', maxChars: 20 }, got: { type: 'string', text: 'A B', length: 3, cut: false } } },
  configValue: { path: 'network.subnet', detail: { kind: 'expected', expected: { kind: 'subnet', problem: { kind: 'prefixTooLong', prefix: 33 } }, got: { type: 'string', text: '10.0.0.0/33', length: 11, cut: false } } },
  labFolderCaptureUnreadable: { path: 'out/x/capture.pcap', reason },
  answersUnreadable: { file: 'out/x/answers.yaml', reason },
  bundleUnreadable: { path: 'tcp-lab-images.tar', reason },
  pcapngNeedsOutput: {},
  eventsUnreadable: { path: 'e.jsonl', reason },
  eventsInvalid: { file: 'e.jsonl', line: 2, problem: { kind: 'field', field: 't', got: '"x"' } },
  outputIsInput: { path: 'x.pcap' },
  interactiveWithAll: {},
  interactiveOnly: { option: '--idle' },
  noRunningCapture: { lab: 'handshake' },
  captureUnreadable: { path: 'x.pcap', reason },
  captureEmpty: { offset: 0 },
  captureShorterThanPcapHeader: { offset: 0 },
  notACapture: { magic: '68 65 6c 6c', offset: 0 },
  pcapngByteOrder: { offset: 8 },
  pcapngBlockLength: { length: 3, offset: 4 },
  dockerUnreachable: { tried: ['/var/run/docker.sock: connect ENOENT'] },
  dockerNotAnswering: { source: 'DOCKER_HOST=tcp://10.0.0.1:2375', failure: 'ECONNREFUSED' },
  dockerConfigInvalid: { file: '~/.docker/config.json', detail: 'Unexpected token' },
  dockerContextUnreadable: { name: 'remote', from: 'DOCKER_CONTEXT', file: 'meta.json', reason },
  dockerContextWithoutEndpoint: { name: 'remote', from: 'DOCKER_CONTEXT', file: 'meta.json' },
  dockerAddressInvalid: { source: 'DOCKER_HOST=garbage' },
  dockerCertificatesMissing: { source: 'DOCKER_HOST=tcp://h:2376', dir: undefined },
  dockerEngine: { what: 'POST /networks/create', detail: '500' },
  dockerNoAnswer: { what: 'GET /containers/json', seconds: 30 },
  dockerCommand: { what: 'iptables', exitCode: 1, output: '' },
  captureNotStreamed: { lab: 'handshake', output: 'EAGAIN' }, // the engine's own text is English
  tcpdumpEndedFirst: { printed: 'tcpdump: eth9: ENODEV' },
  baseImageMissing: { image: 'debian:bookworm-slim' },
  imageBuild: { tag: 'tcp-lab/server:0123', detail: 'exit 2', output: ['make: ***'] },
  noFreeSubnet: { range: '172.29.0.0/16' },
  podmanForwardDropped: { backend: 'netavark', dropIn: ['iptables-nft'], chain: 'DOCKER-USER', ms: 30000 },
  outputUnwritable: { path: 'r.md', reason: { code: 'ENOSPC', message: 'ENOSPC' } },
  outputFolderUnwritable: { path: 'out', reason: { code: 'EROFS', message: 'EROFS' } },
  outputBusy: { pid: 42, dir: 'out/handshake' },
  outputLockFailed: { file: 'out/.handshake.lock' },
  timeout: { what: 'clientFinish', ms: 30000, printed: '{"call":"connect"}' },
  containerExitedFirst: { what: 'serverListening', exitCode: 1, printed: '{"call":"bind"}' },
  clientFailed: { exitCode: 1, output: 'ECONNRESET' },
  answersMismatch: { file: 'answers.yaml' },
  programEnded: { role: 'server', command: 'accept' },
  clientFailedKept: { exitCode: 1, output: 'ECONNRESET', kept: ['out/x/capture.pcap', 'out/x/events.jsonl'] },
  cleanupFailedToo: { error: inner, cleanup: new LabError('dockerNoAnswer', { what: 'DELETE /containers/c1', seconds: 30 }) },
  stillRunning: { error: inner, lab: 'handshake' },
  removalIncomplete: { error: inner, left: ['lab-handshake-r1-server'], lab: 'handshake' },
  reportsKeptRemovalFailed: { error: inner, folder: 'out/handshake' },
  interrupted: { signal: 'SIGINT' },
  interruptedAndRemoved: { error: inner },
  gaveUpWaiting: { signal: 'SIGINT', lab: 'handshake' },
};

/** English words in a row, once what is typed as is (code spans, commands, paths, options) is taken out. */
function englishIn(text: string): string[] {
  const stripped = text
    .replace(/`[^`]*`/g, ' ')
    .replace(/\b(sudo|docker|brew|systemctl|lab|wireshark|npm)\b[^，。；（）\n]*/g, ' ')
    .replace(/(?:[\w.~-]*\/)+[\w.*-]*/g, ' ')
    .replace(/--?[\w-]+/g, ' ')
    .replace(/"[^"]*"|“[^”]*”/g, ' ');
  return stripped.match(/\b[A-Za-z]{2,}(?:[ ,]+[A-Za-z]{2,}){2,}\b/g) ?? [];
}

const nestedFor = (t: typeof en): Nested => {
  const nested: Nested = {
    message: (e) => (e instanceof LabError ? t.errors[(e as LabError).key]((e as LabError).params as never, nested) : String(e)),
    hint: (e) => (e instanceof LabError ? t.hints[(e as LabError).key]?.((e as LabError).params as never, nested) : undefined),
  };
  return nested;
};


/** One example of every kind of lab.yaml (or answers.yaml) mistake; the compiler asks for a new kind's example. */
const SUBNET_PROBLEMS: { [K in SubnetProblem['kind']]: Extract<SubnetProblem, { kind: K }> } = {
  notCidr: { kind: 'notCidr' },
  octetTooBig: { kind: 'octetTooBig', octet: 999 },
  prefixTooLong: { kind: 'prefixTooLong', prefix: 33 },
  hostBitsSet: { kind: 'hostBitsSet', network: '10.0.0.0', prefix: 24, address: '10.0.0.5' },
  tooSmall: { kind: 'tooSmall', prefix: 30, addresses: 4, smallest: 29 },
  forbidden: { kind: 'forbidden', range: 'loopback', cidr: '127.0.0.0/8' },
};
const STEP_RULES: { [K in StepRule['kind']]: Extract<StepRule, { kind: K }> } = {
  otherRole: { kind: 'otherRole', step: 'settle', role: 'server', steps: ['read', 'write', 'echo', 'close', 'sleep:MS'] },
  sleepTooLong: { kind: 'sleepTooLong', step: 'sleep', maxMs: 10000 },
  notLast: { kind: 'notLast', step: 'settle' },
  afterClose: { kind: 'afterClose', step: 'write', closeStep: 2, allowed: ['sleep', 'settle'] },
};
const EXPECTATIONS: { [K in Expectation['kind']]: Extract<Expectation, { kind: K }>[] } = {
  type: ['number', 'string', 'boolean', 'object', 'array'].map((type) => ({ kind: 'type', type })),
  oneOf: [{ kind: 'oneOf', values: ['en', 'zh-CN'] }],
  bound: (['number', 'string', 'list', 'value'] as const).flatMap((of) => [
    { kind: 'bound', bound: 'min', of, limit: 1, inclusive: true },
    { kind: 'bound', bound: 'max', of, limit: 65535, inclusive: false },
  ]),
  labName: [{ kind: 'labName', maxChars: 40 }],
  step: [{ kind: 'step', steps: ['read', 'write', 'echo', 'echo-full', 'read-until-eof', 'shutdown', 'linger0', 'close', 'sleep:MS', 'settle'] }],
  stepRule: Object.values(STEP_RULES).map((rule) => ({ kind: 'stepRule', rule })),
  scenario: [{ kind: 'scenario' }],
  serverSteps: [{ kind: 'serverSteps' }],
  fastOpenFirstWrite: [{ kind: 'fastOpenFirstWrite' }],
  fastOpenNoConnectTimeout: [{ kind: 'fastOpenNoConnectTimeout' }],
  scenarioWaits: [{ kind: 'scenarioWaits', maxMs: 20000, totalMs: 25000 }],
  messageWithoutNul: [{ kind: 'messageWithoutNul', at: 4 }],
  messageTooLong: [{ kind: 'messageTooLong', bytes: 1200, maxBytes: 1000 }],
  subnet: Object.values(SUBNET_PROBLEMS).map((problem) => ({ kind: 'subnet', problem })),
  acceptableValue: [{ kind: 'acceptableValue' }],
  answersFile: [{ kind: 'answersFile' }],
  singleValue: [{ kind: 'singleValue' }],
  captureSha256: [{ kind: 'captureSha256' }],
  answersMapping: [{ kind: 'answersMapping' }],
  questionId: [{ kind: 'questionId' }],
  oneAnswer: [{ kind: 'oneAnswer' }],
};
const DETAILS: { [K in ConfigDetail['kind']]: Extract<ConfigDetail, { kind: K }>[] } = {
  unreadable: [{ kind: 'unreadable', reason }],
  // every code the yaml library has except IMPOSSIBLE (its own bug), which shows the library's message
  yamlSyntax: ['ALIAS_PROPS', 'BAD_ALIAS', 'BAD_DIRECTIVE', 'BAD_DQ_ESCAPE', 'BAD_INDENT', 'BAD_PROP_ORDER', 'BAD_SCALAR_START', 'BLOCK_AS_IMPLICIT_KEY', 'BLOCK_IN_FLOW', 'DUPLICATE_KEY', 'KEY_OVER_1024_CHARS', 'MISSING_CHAR', 'MULTILINE_IMPLICIT_KEY', 'MULTIPLE_ANCHORS', 'MULTIPLE_DOCS', 'MULTIPLE_TAGS', 'NON_STRING_KEY', 'RESOURCE_EXHAUSTION', 'TAB_AS_INDENT', 'TAG_RESOLVE_FAILED', 'UNEXPECTED_TOKEN', 'BAD_COLLECTION_TYPE'].map((code) => ({ kind: 'yamlSyntax', code, message: 'The library says this in English' })),
  aliasBomb: [{ kind: 'aliasBomb', maxAliases: 100 }],
  unresolvedAlias: [{ kind: 'unresolvedAlias', alias: 'base' }],
  notData: [{ kind: 'notData', message: '' }],
  unknownKey: [
    { kind: 'unknownKey', key: 'prot', known: ['port', 'backlog'], nearest: 'port' },
    { kind: 'unknownKey', key: 'colour', known: ['port', 'backlog'] },
  ],
  unknownQuestion: [{ kind: 'unknownQuestion', id: 'q9', known: ['client-isn', 'server-isn', 'handshake-rtt'] }],
  missing: Object.values(EXPECTATIONS).flat().map((expected) => ({ kind: 'missing', expected })),
  expected: Object.values(EXPECTATIONS).flat().flatMap((expected) => [
    { kind: 'expected', expected },
    { kind: 'expected', expected, got: { type: 'string', text: 'abc', length: 1000, cut: true } },
    { kind: 'expected', expected, got: { type: 'number', text: '70000' } },
    { kind: 'expected', expected, got: { type: 'list' } },
  ]),
  subnetTaken: [
    { kind: 'subnetTaken', subnet: '192.168.0.0/16', taken: '192.168.1.0/24', owner: { kind: 'interface', name: 'eth0' } },
    { kind: 'subnetTaken', subnet: '10.77.8.0/24', taken: '10.77.0.0/16', owner: { kind: 'engineNetwork' } },
  ],
};

/** Runs `lab up --config FILE --lang zh-CN` (or English) on a lab.yaml; a mistake in it stops before Docker. */
async function labUpOn(yaml: string, lang: 'en' | 'zh-CN'): Promise<{ code: number; stderr: string; file: string }> {
  const file = join(mkdtempSync(join(tmpdir(), 'lab-yaml-')), 'lab.yaml');
  writeFileSync(file, yaml);
  let stderr = '';
  const code = await cli(['up', '--config', file, '--lang', lang], { stdout: { write() {} }, stderr: { write: (t) => (stderr += String(t)) }, env: {} });
  return { code, stderr, file };
}

/** Typical mistakes in lab.yaml, each with where it is and the Chinese it must be told in. */
const MISTAKES: { what: string; yaml: string; at: string; zh: RegExp }[] = [
  { what: 'a wrong type', yaml: 'server:\n  port: "eighty"\n', at: '2:9: server.port', zh: /应为数，实际是字符串 "eighty"$/ },
  { what: 'an unknown key', yaml: 'server:\n  prot: 8899\n', at: '2:3: server.prot', zh: /未知的键 "prot"：是不是想写 "port"？（应为以下之一：port、backlog）$/ },
  { what: 'a bad subnet', yaml: 'network:\n  subnet: 10.0.0.5/24\n', at: '2:11: network.subnet', zh: /应为子网的第一个地址：10\.0\.0\.0\/24（10\.0\.0\.5 的主机位不全为 0），实际是字符串 "10\.0\.0\.5\/24"$/ },
  { what: 'a subnet on loopback', yaml: 'network:\n  subnet: 127.0.0.0/8\n', at: '2:11: network.subnet', zh: /环回地址（127\.0\.0\.0\/8）之外的私有子网/ },
  { what: 'a step out of place', yaml: 'scenario:\n  server: { steps: [read, echo, close] }\n  client: { steps: [write, settle, read, close] }\n', at: '3:28: scenario.client.steps.1', zh: /应为 settle 只能是最后一步，实际是字符串 "settle"$/ },
  { what: 'a misspelt step', yaml: 'scenario:\n  server:\n    steps: [read, ecko, close]\n  client:\n    steps: [write]\n', at: '3:19: scenario.server.steps.1', zh: /应为一个步骤：read、write、echo、/ },
  { what: 'a long message', yaml: `message: ${'中'.repeat(400)}\n`, at: '1:10: message', zh: /按 UTF-8 编码至多 1000 字节的消息（服务器用一次 read\(\) 读取）；这条消息有 1200 字节，实际是字符串 "中+…"（共 400 个字符）$/ },
  { what: 'an unknown preset', yaml: 'scenario: ekko\n', at: '1:11: scenario', zh: /应为以下之一："echo"、.*"all"，实际是字符串 "ekko"$/ },
  { what: 'a missing value', yaml: 'server:\n  port:\n', at: '2:8: server.port', zh: /缺少值：应为数$/ },
  { what: 'a YAML syntax error', yaml: 'name: a\n  bad: indent\n', at: '1:7', zh: /：嵌套的映射或列表不能和它的键写在同一行：请写在下面几行并缩进$/ },
  { what: 'an unclosed bracket', yaml: 'name: a\nserver: [1, 2\n', at: '3:1', zh: /：缩进有误或括号未闭合：/ },
  { what: 'a key written twice', yaml: 'name: a\nname: b\n', at: '2:1', zh: /：同一映射中有重复的键$/ },
  { what: 'an unknown key in a written-out scenario', yaml: 'scenario:\n  server: { steps: [read] }\n  client: { steps: [write] }\n  colour: red\n', at: '4:3: scenario.colour', zh: /未知的键 "colour"（拼写错误？）；应为以下之一：server、client、ipv6、fastOpen$/ },
];

describe('a lab file that cannot be read', () => {
  it('is named without a line and column to point at, in both languages', () => {
    const error = new LabError('config', { file: 'missing.yaml', line: 1, column: 1, path: '', detail: { kind: 'unreadable', reason } });
    expect(nestedFor(en).message(error)).toMatch(/^missing\.yaml: cannot read/);
    expect(nestedFor(zhCN).message(error)).toMatch(/^missing\.yaml：[\u4e00-\u9fff]/);
  });
});

describe('a lab.yaml mistake in Chinese', () => {
  it.each(Object.values(DETAILS).flat().map((detail) => [JSON.stringify(detail).slice(0, 90), detail] as const))('words %s in Chinese', (_name, detail) => {
    const error = new LabError('config', { file: 'lab.yaml', line: 1, column: 1, path: 'x', detail });
    const text = nestedFor(zhCN).message(error);
    expect(text).toMatch(/[\u4e00-\u9fff]/);
    expect(englishIn(text), text).toEqual([]);
  });

  it('falls back to the yaml library’s message for a code it does not know', () => {
    const error = new LabError('config', { file: 'lab.yaml', line: 1, column: 1, path: '', detail: { kind: 'yamlSyntax', code: 'IMPOSSIBLE', message: 'Block scalar header not found' } });
    expect(nestedFor(zhCN).message(error)).toBe('lab.yaml:1:1：Block scalar header not found');
  });

  it.each(MISTAKES.map((m) => [m.what, m] as const))('prints %s in Chinese with --lang zh-CN, at the same place as in English', async (_what, { yaml, at, zh }) => {
    const english = await labUpOn(yaml, 'en');
    const chinese = await labUpOn(yaml, 'zh-CN');
    expect([english.code, chinese.code]).toEqual([2, 2]);
    const [englishLine] = english.stderr.split('\n').filter((line) => line.includes(english.file));
    const [chineseLine] = chinese.stderr.split('\n').filter((line) => line.includes(chinese.file));
    const [path, ...colon] = at.split(': ');
    expect(englishLine).toContain(`${english.file}:${at}: `);
    expect(chineseLine).toContain(`${chinese.file}:${path}${colon.length ? `：${colon.join(': ')}：` : ''}`);
    expect(chineseLine).toMatch(zh);
    expect(englishIn(chineseLine!.replace(chinese.file, '')), chineseLine).toEqual([]);
  });
});

describe('the Chinese command line', () => {
  it.each(Object.keys(EXAMPLES) as ErrorKey[])('words the error %s in Chinese, hint included', (key) => {
    const nested = nestedFor(zhCN);
    const error = new LabError(key, EXAMPLES[key] as never);
    const text = `${nested.message(error)}\n${nested.hint(error) ?? ''}`;
    expect(text).toMatch(/[\u4e00-\u9fff]/);
    expect(englishIn(text)).toEqual([]);
    expect(nestedFor(en).message(error)).toBe(error.message); // and English is what Error.message says
  });

  it('has no English in the help of any command, nor in steps, progress or summary lines', async () => {
    const texts: string[] = [];
    for (const argv of [['--help'], ...COMMAND_NAMES.map((name) => ['help', name]), ['scenarios']]) {
      let stdout = '';
      await cli([...argv, '--lang', 'zh-CN'], { stdout: { write: (t) => (stdout += String(t)) }, stderr: { write() {} }, env: {} });
      texts.push(stdout.replace(/^(Usage|用法)：.*$/gm, '').replace(/^ +-.*$/gm, (line) => line.replace(/^ +\S+(, \S+)?( <\w+>)?/, '')));
    }
    texts.push(...Object.values(zhCN.steps), ...Object.values(zhCN.waitingFor), zhCN.building({ tag: 'tcp-lab/server:0123', step: 1, steps: 9, instruction: 'RUN make' }).replace('RUN make', ''));
    texts.push(zhCN.up.wrote('echo', 'out/handshake', ['capture.pcap']), zhCN.up.connection(0, ''), zhCN.up.openCapture('wireshark x'), zhCN.up.captureCut(67_000_000, 64), zhCN.up.droppedByKernel(6), zhCN.up.settleGaveUp('5.0'), zhCN.up.kept('handshake'));
    texts.push(zhCN.up.interrupting('SIGINT'), zhCN.up.givingUp('SIGINT'), zhCN.down.nothingToRemove('x'), zhCN.down.nothingToRemove(undefined), zhCN.serve.stopped(12, 5.3), zhCN.serve.leftBehind(1), zhCN.wrote('r.html'));
    texts.push(zhCN.wireshark.missing('wireshark'), zhCN.wireshark.noDisplay, zhCN.wireshark.stopped(zhCN.wireshark.exitCode(3)), zhCN.open.failed('r.html', 'xdg-open'));
    for (const text of texts) expect(englishIn(text), text).toEqual([]);
  });

  it('words every problem code of the C programs, and the errnos of socket calls, without English', () => {
    // The codes are the C side's: every reply_problem() call in images/ names one the CLI knows.
    const sources = ['common/commands.h', 'server/server.c', 'client/client.c'].map((file) => readFileSync(new URL(`../../../images/${file}`, import.meta.url), 'utf8')).join('\n');
    const used = new Set([...sources.matchAll(/reply_problem\(seq, [^,]+, "(\w+)"/g)].map((m) => m[1]));
    expect([...used].sort()).toEqual([...PROGRAM_PROBLEMS].sort());
    for (const code of PROGRAM_PROBLEMS) {
      const text = zhCN.live.reply('客户端', { reply: 1, cmd: 'send', ok: false, code, problem: 'the program says this in English words' });
      expect(text).toMatch(/[\u4e00-\u9fff]/);
      expect(englishIn(text), text).toEqual([]);
      expect(en.live.reply('client', { reply: 1, cmd: 'send', ok: false, code, problem: 'x' })).toBe(`  client: ${en.live.problem[code]}`);
    }
    for (const [errno, error] of [['ECONNREFUSED', 'Connection refused'], ['ECONNRESET', 'Connection reset by peer'], ['EPIPE', 'Broken pipe'], ['ENOTCONN', 'Transport endpoint is not connected'], ['ETIMEDOUT', 'Connection timed out']]) {
      const text = zhCN.live.reply('客户端', { reply: 1, cmd: 'connect', ok: false, ret: -1, errno, error });
      expect(text).not.toContain(error!);
      expect(englishIn(text), text).toEqual([]);
    }
  });

  it('words a wrong --scenario or --name given to lab up in Chinese (not zod’s English)', async () => {
    for (const [lang, words] of [['zh-CN', zhCN], ['en', en]] as const) {
      let stderr = '';
      const code = await cli(['up', '--scenario', 'nope', '--lang', lang], { stdout: { write() {} }, stderr: { write: (t) => (stderr += String(t)) }, env: {} });
      expect(code).toBe(2);
      expect(stderr).toContain(words.errors.invalidOverride({ option: '--scenario', detail: { kind: 'expected', expected: { kind: 'scenario' } } }, nestedFor(words)));
      if (lang === 'zh-CN') expect(englishIn(stderr), stderr).toEqual([]);
    }
  });

  it('turns commander’s own mistakes into Chinese', async () => {
    for (const argv of [['repot'], ['report'], ['report', 'x', '--formta'], ['report', 'x', '--format'], ['report', 'x', '--format', 'pdf'], ['report', 'x', 'y'], ['down', '--name', 'x', '--all'], ['down', '--name', '']]) {
      let stderr = '';
      expect(await cli([...argv, '--lang', 'zh-CN'], { stdout: { write() {} }, stderr: { write: (t) => (stderr += String(t)) }, env: {} })).toBe(2);
      expect(stderr).toMatch(/^lab：/);
      expect(englishIn(stderr), stderr).toEqual([]);
    }
  });
});
