// Every message of the command line exists in both languages, and the Chinese has no English sentence
// left in it (commands, options, file names, flags and state names are allowed: they are typed as is).
import { describe, expect, it } from 'vitest';
import { LabError, type ErrorKey, type ErrorParams, type Nested } from '../../errors.js';
import { cli } from '../main.js';
import { COMMAND_NAMES } from '../program.js';
import { en } from './en.js';
import { zhCN } from './zh-CN.js';

const reason = { code: 'ENOENT', message: 'ENOENT: no such file or directory' };
const inner = new LabError('interrupted', { signal: 'SIGINT' });

/** One example of every error; the compiler asks for a new key's example. */
const EXAMPLES: { [K in ErrorKey]: ErrorParams[K] } = {
  config: { file: 'lab.yaml', line: 3, column: 7, path: 'server.port', detail: '8899' },
  keepWithAll: {},
  invalidOverride: { option: 'name', detail: '"X"' },
  configValue: { path: 'network.subnet', detail: '10.0.0.0/33' },
  labFolderCaptureUnreadable: { path: 'out/x/capture.pcap', reason },
  answersUnreadable: { file: 'out/x/answers.yaml', reason },
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
  baseImageMissing: { image: 'debian:bookworm-slim' },
  imageBuild: { tag: 'tcp-lab/server:0123', detail: 'exit 2', output: ['make: ***'] },
  noFreeSubnet: { range: '172.29.0.0/16' },
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

describe('the Chinese command line', () => {
  it.each(Object.keys(EXAMPLES) as ErrorKey[])('words the error %s in Chinese, hint included', (key) => {
    const nested = nestedFor(zhCN);
    const error = new LabError(key, EXAMPLES[key] as never);
    const text = `${nested.message(error)}\n${nested.hint(error) ?? ''}`;
    // lab.yaml's mistakes are FILE:LINE:COLUMN: PATH: DETAIL, the detail worded by the config loader.
    if (key !== 'config' && key !== 'configValue') expect(text).toMatch(/[\u4e00-\u9fff]/);
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
    texts.push(zhCN.up.wrote('echo', 'out/handshake', ['capture.pcap']), zhCN.up.connection(0, ''), zhCN.up.openCapture('wireshark x'), zhCN.up.kept('handshake'));
    texts.push(zhCN.up.interrupting('SIGINT'), zhCN.up.givingUp('SIGINT'), zhCN.down.nothingToRemove('x'), zhCN.down.nothingToRemove(undefined), zhCN.wrote('r.html'));
    texts.push(zhCN.wireshark.missing('wireshark'), zhCN.wireshark.noDisplay, zhCN.wireshark.stopped(zhCN.wireshark.exitCode(3)), zhCN.open.failed('r.html', 'xdg-open'));
    for (const text of texts) expect(englishIn(text), text).toEqual([]);
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
