// `lab up` as a user runs it: cli() with its arguments, on an in-memory container runtime whose tcpdump
// streams a real lab capture (test/fixtures/lab-up-echo) and whose programs log its events. Checked: the
// files written and what they hold, the verdict line printed for each connection, what is left running,
// and the exit code.
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { analyseCapture } from '../../src/analyse/analyse-capture.js';
import { parseEventLines } from '../../src/capture/socket-events.js';
import { cli } from '../../src/cli/main.js';
import { LABELS } from '../../src/docker/labels.js';
import { CAPTURE_SPACE_BYTES } from '../../src/lab/capture-space.js';
import { findPreset } from '../../src/lab/scenarios.js';
import { en } from '../../src/report/i18n/en.js';
import { zhCN } from '../../src/report/i18n/zh-CN.js';
import { fakeEngine, type FakeEngine, type FakeEngineOptions } from '../helpers/fake-runtime.ts';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/lab-up-echo/${name}`, import.meta.url));
const capture = fixture('capture.pcap');
const eventLines = fixture('events.jsonl').toString('utf8');

/** The runtime `lab up` connects to: set by each test before it runs the command. */
let engine: FakeEngine;
/** When set, connecting to the engine fails with it (before any lab session starts). */
let connectFailure: Error | undefined;
const connected = async () => {
  if (connectFailure) throw connectFailure;
  return engine.runtime;
};
vi.mock('../../src/cli/commands/docker-runtime.js', () => ({ connectRuntime: connected, connectingRuntime: () => connected }));
/** When set, the reports are written only once it resolves: reports that take longer than the removal beside them. */
let reportsWaitFor: (() => Promise<void>) | undefined;
vi.mock('../../src/lab/write-outputs.js', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../src/lab/write-outputs.js')>();
  const writeOutputs: typeof original.writeOutputs = async (...args) => {
    await reportsWaitFor?.();
    return original.writeOutputs(...args);
  };
  return { ...original, writeOutputs };
});
/** What the running command has printed to stderr so far. */
let stderrSoFar = '';

async function up(options: FakeEngineOptions, ...argv: string[]) {
  engine = fakeEngine({ capture, events: eventLines, ...options });
  const out = mkdtempSync(join(tmpdir(), 'lab-up-cli-'));
  let stdout = '';
  stderrSoFar = '';
  const scenario = argv.includes('--config') ? [] : ['--scenario', 'echo'];
  const code = await cli(['up', ...scenario, '--name', 'unit', '--out', out, ...argv], {
    stdout: { write: (t) => (stdout += String(t)) },
    stderr: { write: (t) => (stderrSoFar += String(t)) },
  });
  return { code, stdout, stderr: stderrSoFar, dir: join(out, 'unit'), out };
}

const roles = () => [...engine.containers.values()].map((c) => c.labels[LABELS.role]).sort();
/** The roles of the containers whose process still runs. */
const running = () => [...engine.containers.values()].filter((c) => !engine.stopped.has(c.id)).map((c) => c.labels[LABELS.role]).sort();
/** What the analyser makes of the fixture: the verdict lines printed must be its. */
const expected = () => analyseCapture([capture], { events: parseEventLines(eventLines) });
/** The fixture's one connection as tshark reads it (`tshark -r capture.pcap -T fields -e tcp.srcport
 * -e tcp.flags.str -e tcp.seq_raw -e tcp.ack_raw -e tcp.len`), independent of the analyser: the client's SYN
 * from 47444 to 8899 with ISN 990175830, the SYN-ACK with ISN 4091389429 acknowledging 990175831, the final
 * ACK 4091389430; 5 bytes each way; the server's FIN (frame 8) first, acknowledged, then the client's (10). */
const fixtureConnection = {
  client: { ip: '172.29.135.3', port: 47444 },
  server: { ip: '172.29.135.2', port: 8899 },
  handshake: { complete: true, clientIsn: 990175830, serverIsn: 4091389429, syn: 1, synAck: 2, finalAck: 3, synAckAcknowledgesIsn: true, finalAckAcknowledgesIsn: true },
  bytes: { client: 5, server: 5 },
  teardown: { kind: 'four-way', initiator: 'server', frames: [8, 9, 10, 11], fins: [{ side: 'server', frame: 8, ackFrame: 9 }, { side: 'client', frame: 10, ackFrame: 11 }] },
  outcome: 'closed',
  states: { client: 'CLOSED', server: 'TIME-WAIT' },
};

beforeEach(() => {
  vi.stubEnv('LANG', 'C');
  connectFailure = undefined;
  reportsWaitFor = undefined;
});
afterEach(() => vi.unstubAllEnvs());

describe('lab up through the command line', () => {
  it('writes the capture, the events and every report of the run, prints each connection’s verdict, removes the lab, exits 0', async () => {
    const { code, stdout, stderr, dir } = await up({});
    expect(code, stderr).toBe(0);
    expect(readdirSync(dir).sort()).toEqual(['capture-annotated.pcapng', 'capture.pcap', 'events.jsonl', 'report.html', 'report.json', 'report.md']);
    expect(readFileSync(join(dir, 'capture.pcap'))).toEqual(capture);
    expect(parseEventLines(readFileSync(join(dir, 'events.jsonl'), 'utf8'))).toEqual(parseEventLines(eventLines));
    const report = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8'));
    expect(report.connections).toHaveLength(1);
    expect(report.connections[0]).toMatchObject(fixtureConnection);
    const connections = expected().connections;
    expect(readFileSync(join(dir, 'report.md'), 'utf8')).toMatch(/^# TCP connections explained/);
    expect(readFileSync(join(dir, 'report.html'), 'utf8')).toMatch(/^<!doctype html>/i);
    const printed = stdout.split('\n');
    for (const connection of connections) expect(printed.some((line) => line.includes(en.verdict(connection)))).toBe(true);
    expect(stdout).toContain(`wireshark ${join(dir, 'capture.pcap')}`);
    expect([engine.containers.size, engine.networks.size]).toEqual([0, 0]);
  });

  it('a capture that filled the capture space: the summary says where it stops, and that later packets were lost', async () => {
    // The fixture, then frames of an experimental EtherType (no IP, nothing for the analyser) up to the tmpfs's
    // size less a page, where tcpdump's file stopped on a full tmpfs.
    const frame = Buffer.alloc(16 + 65_000);
    frame.writeUInt32LE(65_000, 8);
    frame.writeUInt32LE(65_000, 12);
    frame.writeUInt16BE(0x88b5, 16 + 12);
    const frames = Math.ceil((CAPTURE_SPACE_BYTES - 4096 - capture.length) / frame.length);
    const full = Buffer.concat([capture, ...Array.from({ length: frames }, () => frame)]);
    engine = fakeEngine({ capture: full, events: eventLines });
    const out = mkdtempSync(join(tmpdir(), 'lab-up-cli-'));
    let stdout = '';
    const code = await cli(['up', '--scenario', 'echo', '--name', 'unit', '--out', out], { stdout: { write: (t) => (stdout += String(t)) }, stderr: { write() {} } });
    expect(code).toBe(0);
    expect(stdout).toContain(`the capture stops at ${full.length} bytes: the lab's capture space (64 MiB) was full, so later packets were not captured`);
    // The reports say it too, for whoever opens them later without the summary.
    const dir = join(out, 'unit');
    const warning = { code: 'captureSpaceFull', bytes: full.length, spaceBytes: CAPTURE_SPACE_BYTES };
    expect(JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')).capture.warnings).toContainEqual(warning);
    const sentence = `the capture stops at ${full.length} bytes: the lab's capture space (64 MiB) was full, so later packets were not captured; this report covers the packets before`;
    expect(en.captureWarning(warning as never)).toBe(sentence);
    expect(readFileSync(join(dir, 'report.md'), 'utf8')).toContain(`- ${sentence}`);
    expect(readFileSync(join(dir, 'report.html'), 'utf8')).toContain(`<li>${sentence.replaceAll("'", '&#39;')}</li>`);
    expect(zhCN.captureWarning(warning as never)).toBe(`抓包文件在 ${full.length} 字节处截止：实验的抓包空间（64 MiB）已满，之后的分组没有被捕获；本报告只分析此前的分组`);
  });

  it('packets the kernel dropped before tcpdump read them: the summary, --json and every report say how many', async () => {
    const captureStats = ['11 packets captured', '17 packets received by filter', '6 packets dropped by kernel'];
    const { code, stdout, dir } = await up({ captureStats });
    expect(code).toBe(0);
    expect(stdout).toContain('tcpdump says the kernel dropped 6 packets it had no room for (the machine was busy): the capture lacks them');
    const warning = { code: 'droppedByKernel', packets: 6 };
    expect(JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')).capture.warnings).toEqual([warning]);
    const sentence = en.captureWarning(warning as never);
    expect(sentence).toMatch(/^tcpdump says the kernel dropped 6 packets .*“previous segment not captured” may be one of them rather than a loss on the wire$/);
    expect(readFileSync(join(dir, 'report.md'), 'utf8')).toContain(`- ${sentence}`);
    expect(zhCN.captureWarning(warning as never)).toMatch(/^tcpdump 报告内核丢弃了 6 个分组.*“前一个报文段没有被抓到”的空缺可能就是它们/);
    const json = await up({ captureStats }, '--json');
    expect(JSON.parse(json.stdout)).toMatchObject({ captureStats, droppedByKernel: 6 });
    const none = await up({ captureStats: ['11 packets captured', '11 packets received by filter', '0 packets dropped by kernel'] }, '--json');
    expect(JSON.parse(none.stdout).droppedByKernel).toBeUndefined();
  });

  it('a capture well under the capture space says nothing of it', async () => {
    const { stdout, dir } = await up({});
    expect(stdout).not.toContain('capture space');
    expect(JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')).capture.warnings).toEqual([]);
    expect(stdout).not.toContain('in vain');
  });

  it('a client whose wait for the end of the teardown gave up: the summary says the capture stops before it', async () => {
    const gaveUp = eventLines.replace(/\{"t":(\d+),("pid":1,"role":"client","call":"settled","ret":0),"state":"CLOSED"\}/, (_all, t: string, rest: string) => `{"t":${t},"start":${BigInt(t) - 5_002_000_000n},${rest},"state":"timeout"}`);
    expect(gaveUp).not.toBe(eventLines);
    const { code, stdout } = await up({ events: gaveUp });
    expect(code).toBe(0);
    expect(stdout).toContain("the client waited 5.0 s for its connection's teardown to end, in vain: the capture stops before the teardown is over");
    const json = await up({ events: gaveUp }, '--json');
    expect(JSON.parse(json.stdout).settleGaveUpAfter).toBe(5.002);
  });

  it('speaks Chinese all through with --lang zh-CN: progress, the verdict line and the closing hints', async () => {
    const { code, stdout, stderr } = await up({}, '--lang', 'zh-CN');
    expect(code, stderr).toBe(0);
    const verdict = stdout.split('\n').find((line) => line.includes('三次握手'));
    expect(verdict).toBe(`连接 1：${zhCN.verdict(expected().connections[0]!)}`);
    expect(verdict).toContain('连接释放：四次挥手');
    // No English word left, but the protocol's own names (state names, flags), the preset's name and paths.
    const allowed = /TIME-WAIT|\b(FIN|ACK|SYN|RST|echo|[Ww]ireshark)\b|[\w./-]+\.(pcapng|pcap|jsonl|json|md|html)|\/[\w./-]+/g;
    expect(stdout.replace(allowed, '')).not.toMatch(/[A-Za-z]{3,}/);
  });

  it('--json prints the run: the files where they were written and the connections', async () => {
    const { code, stdout, dir } = await up({}, '--json');
    expect(code).toBe(0);
    const run = JSON.parse(stdout);
    expect(run).toMatchObject({ lab: 'unit', scenario: 'echo', summary: findPreset('echo')!.summary, outDir: dir, kept: false });
    expect(Object.values(run.files).sort()).toEqual(readdirSync(dir).map((file) => join(dir, file)).sort());
    expect(run.connections).toHaveLength(1);
    expect(run.connections[0]).toMatchObject(fixtureConnection);
  });

  it('a scenario written out in lab.yaml runs too, and says so in its summary', async () => {
    const { code, stdout } = await up({}, '--config', fileURLToPath(new URL('../e2e/custom-scenario.yaml', import.meta.url)), '--json');
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ lab: 'unit', summary: 'a scenario written out in lab.yaml' });
  });

  it('--keep leaves exactly the server and tcpdump on the lab’s network, says how to remove them, and writes the outputs', async () => {
    const { code, stdout, dir } = await up({}, '--keep');
    expect(code).toBe(0);
    expect(roles()).toEqual(['capture', 'server']);
    expect(running()).toEqual(['capture', 'server']);
    expect([...engine.networks.values()].map((n) => n.labels[LABELS.lab])).toEqual(['unit']);
    expect(stdout).toContain('lab down --name unit');
    expect(readdirSync(dir)).toContain('report.json');
  });

  it('stops tcpdump as soon as the client’s process has ended, before the engine answers the client’s wait', async () => {
    let stoppedFirst = false;
    // An engine slow to release the client's container: its wait is answered once tcpdump was stopped, or after 2 s.
    const holdWait = async (id: string) => {
      if (!id.endsWith('client')) return;
      const capture = () => [...engine.stopped].some((stopped) => stopped.endsWith('capture'));
      for (let waited = 0; waited < 2000 && !capture(); waited += 10) await new Promise((resolve) => setTimeout(resolve, 10));
      stoppedFirst = capture();
    };
    const { code, stderr } = await up({ holdWait });
    expect(code, stderr).toBe(0);
    expect(stoppedFirst).toBe(true);
  });

  it('a client that fails exits 1, keeps only the capture and the events, and removes the lab', async () => {
    const { code, stdout, stderr, dir } = await up({ clientExit: 3 });
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/the client exited with code 3/);
    expect(readdirSync(dir).sort()).toEqual(['capture.pcap', 'events.jsonl']);
    expect([engine.containers.size, engine.networks.size]).toEqual([0, 0]);
  });

  it('a client that fails with --keep removes everything too: nothing was kept to look at', async () => {
    const { code, stderr } = await up({ clientExit: 3 }, '--keep');
    expect(code).toBe(1);
    expect(stderr).not.toContain('lab down');
    expect([engine.containers.size, engine.networks.size]).toEqual([0, 0]);
  });

  it('--scenario all: one folder per preset with its outputs, an index linking them, each run’s own step timings in --json', async () => {
    const { code, stdout, stderr, dir } = await up({}, '--scenario', 'all', '--json');
    expect(code, stderr).toBe(0);
    const runs = JSON.parse(stdout) as { scenario: string; outDir: string; files: Record<string, string>; steps: { step: string }[] }[];
    const presets = runs.map((run) => run.scenario);
    expect(presets.length).toBeGreaterThan(1);
    expect(readdirSync(dir).sort()).toEqual([...presets, 'index.md'].sort());
    expect(stderr).toContain(join(dir, 'index.md'));
    const index = readFileSync(join(dir, 'index.md'), 'utf8');
    for (const run of runs) {
      expect(run.outDir).toBe(join(dir, run.scenario));
      expect(readdirSync(run.outDir)).toEqual(expect.arrayContaining(['capture.pcap', 'events.jsonl', 'report.json']));
      expect(Object.values(run.files).every((file) => file.startsWith(`${run.outDir}/`))).toBe(true);
      expect(index).toContain(run.scenario);
      // Connecting to the engine is the command's, not a run's; each run has its own reports step, once.
      expect(run.steps.map((s) => s.step)).not.toContain('docker');
      expect(run.steps.filter((s) => s.step === 'reports')).toHaveLength(1);
    }
    expect([engine.containers.size, engine.networks.size]).toEqual([0, 0]);
  });

  it('an engine that cannot be reached: no output folder is put in place', async () => {
    connectFailure = new Error('no engine here');
    const { code, stderr, out } = await up({});
    expect(code).not.toBe(0);
    expect(stderr).toContain('no engine here');
    expect(readdirSync(out)).toEqual([]);
  });

  it('an engine call that fails during the run: the error said, no output folder put in place, the lab removed', async () => {
    const { code, stderr, out } = await up({ failAt: 6 });
    expect(code).toBe(1);
    expect(stderr).toContain('engine call 6 failed');
    expect(stderr).not.toContain('still running');
    expect(readdirSync(out)).toEqual([]);
    expect([engine.containers.size, engine.networks.size]).toEqual([0, 0]);
  });

  it('a client that fails: the error names the capture and the events where they were kept, in the final folder', async () => {
    const { code, stderr, dir, out } = await up({ clientExit: 3 });
    expect(code).toBe(1);
    expect(readdirSync(out)).toEqual(['unit']);
    expect(stderr).toContain(join(dir, 'capture.pcap'));
    expect(stderr).toContain(join(dir, 'events.jsonl'));
    expect(stderr).not.toContain('.staging');
  });

  it('a removal that fails after another error: both are said, the first one first', async () => {
    const { code, stderr, out } = await up({ failAt: 6, failRemoval: true });
    expect(code).toBe(1);
    const first = stderr.indexOf('engine call 6 failed');
    expect(first).toBeGreaterThanOrEqual(0);
    expect(stderr.indexOf('the engine refused the removal')).toBeGreaterThan(first);
    expect(readdirSync(out)).toEqual([]);
  });

  it('--keep, then the client’s removal fails: said once, the reports kept, and the server and the capture are said to be still running, with how to remove them', async () => {
    const { code, stderr, dir } = await up({ failRemoval: true }, '--keep');
    expect(code).toBe(3);
    expect(readdirSync(dir)).toContain('report.html');
    expect(stderr.split('the engine refused the removal')).toHaveLength(2);
    expect(stderr).toContain('the server and the capture are still running (--keep)');
    expect(stderr).toContain('lab down --name unit');
    expect(roles()).toEqual(['capture', 'client', 'server']);
    const zh = await up({ failRemoval: true }, '--keep', '--lang', 'zh-CN');
    expect(zh.code).toBe(3);
    expect(zh.stderr.split('实验可能没有被完全删除')).toHaveLength(2);
    expect(zh.stderr).toContain('服务器和抓包容器仍在运行（--keep）');
    expect(zh.stderr).toContain('删除它们：lab down --name unit');
    expect(zh.stderr).toContain(`实验本身已完整运行：报告已写入 ${zh.dir}`);
  });

  it('a removal that has failed before the reports are written: the reports are still written and kept, the failure said once with what to do, exit 3, no unhandled rejection', async () => {
    const unhandled: unknown[] = [];
    const listener = (reason: unknown) => void unhandled.push(reason);
    process.on('unhandledRejection', listener);
    // The reports of a large capture take longer than the removal's retries: held until its step has failed.
    reportsWaitFor = async () => {
      while (!stderrSoFar.includes('✘ removed')) await new Promise((resolve) => setTimeout(resolve, 10));
    };
    try {
      const { code, stderr, dir } = await up({ failRemoval: true });
      expect(code, stderr).toBe(3);
      expect(stderr).toMatch(/✘ removed[^\n]*\n✔ reports written/);
      expect(stderr.split('3 removals failed; the lab may not be fully removed')).toHaveLength(2);
      expect(stderr).toContain('→ Remove what is left with: lab down --name unit');
      // The experiment ran to its end: the engine's failure to remove the lab must not cost the student its reports.
      expect(stderr).toContain(`the experiment itself ran to its end: its reports were written to ${dir}`);
      expect(readdirSync(dir)).toEqual(expect.arrayContaining(['capture.pcap', 'report.json', 'report.md', 'report.html']));
      expect(roles()).toEqual(['capture', 'client', 'server']);
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', listener);
    }
  });

  describe('interrupted (Ctrl-C)', () => {
    const interruptAt = (call: number) => ({ onCall: (n: number) => void (n === call && process.emit('SIGINT', 'SIGINT')) });

    it.each([3, 8, 14])('at engine call %i: nothing put in place, everything removed and said so, exit 130', async (call) => {
      const { code, stderr, out } = await up(interruptAt(call));
      expect(code, stderr).toBe(130);
      expect(stderr).toContain('interrupted by SIGINT; everything this run created was removed');
      expect(stderr).not.toMatch(/\n\s+at /);
      expect(readdirSync(out)).toEqual([]);
      expect([engine.containers.size, engine.networks.size]).toEqual([0, 0]);
    });

    it('once the lab was removed, while the reports are written: nothing put in place, exit 130', async () => {
      await up({});
      const last = engine.calls; // the lab's last engine call: the network's removal
      const { code, stderr, out } = await up(interruptAt(last));
      expect(code, stderr).toBe(130);
      expect(stderr).toContain('lab: interrupted by SIGINT\n');
      expect(readdirSync(out)).toEqual([]);
    });

    it('with a client that fails: its evidence is not kept either', async () => {
      const { code, out } = await up({ ...interruptAt(14), clientExit: 3 });
      expect(code).toBe(130);
      expect(readdirSync(out)).toEqual([]);
    });

    it('and the removal fails: the removal’s failure is said, not that everything was removed', async () => {
      const { code, stderr, out } = await up({ ...interruptAt(8), failRemoval: true });
      expect(code, stderr).toBe(130);
      expect(stderr).toContain('interrupted by SIGINT');
      expect(stderr).toContain('interrupted by SIGINT; then 3 removals failed; the lab may not be fully removed');
      expect(stderr).toContain('lab down --name unit');
      expect(stderr).not.toContain('everything this run created was removed');
      expect(readdirSync(out)).toEqual([]);
    });
  });
});
