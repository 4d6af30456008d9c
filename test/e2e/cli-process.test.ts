// The built `lab` as a user runs it: the first build's progress from the real engine's build stream, a kept
// lab's capture shown live in (a stand-in for) Wireshark or piped into a reader that leaves, and a report
// piped into a reader that stops early.
import { chmodSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa, type Result } from 'execa';
import { beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { writeSyntheticCapture } from '../../bench/synthetic-capture.ts';
import { analyseCapture } from '../../src/analyse/analyse-capture.js';
import { engineOrSkip, lab, leftovers, projectRoot } from '../helpers/engine.ts';

const runtime = await engineOrSkip();

/** A wireshark on PATH (in `bin`) that records its arguments and every byte it reads. */
function standInWireshark(): { bin: string; record: string } {
  const bin = mkdtempSync(join(tmpdir(), 'wireshark-'));
  const record = join(bin, 'record');
  writeFileSync(join(bin, 'wireshark'), `#!/bin/sh\nprintf "%s\\n" "$@" > ${record}.args\ncat > ${record}.stdin\n`);
  chmodSync(join(bin, 'wireshark'), 0o755);
  return { bin, record };
}

/** Waits until the stand-in has read a pcap with a complete handshake. */
async function handshakeShown(record: string): Promise<void> {
  const shown = () => {
    try {
      return analyseCapture([readFileSync(`${record}.stdin`)]).connections.some((c) => c.handshake.complete);
    } catch {
      return false; // not there yet, or not even a pcap header so far
    }
  };
  for (let i = 0; i < 200 && !shown(); i++) await new Promise((resolve) => setTimeout(resolve, 50));
  expect(shown()).toBe(true);
}

describe.runIf(runtime)('the built lab on the real engine', () => {
  it('shows each image and its Dockerfile step while the engine builds, then what was built', async () => {
    const result = await lab(['images', '--rebuild']); // the layer cache keeps this to seconds
    expect(result.exitCode, String(result.stderr)).toBe(0);
    const tags = String(result.stdout).trim().split('\n').map((line) => line.split(/\s+/)[0]!);
    expect(tags).toHaveLength(3);
    for (const tag of tags) {
      expect(result.stderr).toMatch(new RegExp(`^  building ${tag}: step 1/(\\d+): FROM debian:bookworm-slim`, 'm'));
      expect(result.stderr).toMatch(new RegExp(`^  building ${tag}: step (\\d+)/\\1: `, 'm')); // and its last step
    }
    expect(result.stderr).toMatch(new RegExp(`^✔ images +\\d+\\.\\d\\d s  built ${tags.join(', ')}$`, 'm'));
  });

  it('lab up --open shows the written report.html with the desktop’s opener (a stand-in xdg-open)', async () => {
    const out = mkdtempSync(join(tmpdir(), 'lab-e2e-'));
    const bin = mkdtempSync(join(tmpdir(), 'xdg-open-'));
    writeFileSync(join(bin, 'xdg-open'), `#!/bin/sh\nprintf "%s\\n" "$@" > ${bin}/args\n`);
    chmodSync(join(bin, 'xdg-open'), 0o755);
    const result = await lab(['up', '--name', 'e2e-open', '--out', out, '--open'], { env: { PATH: `${bin}:${process.env.PATH}` } });
    expect(result.exitCode, String(result.stderr)).toBe(0);
    const opened = readFileSync(join(bin, 'args'), 'utf8').trim();
    expect(opened).toBe(join(out, 'e2e-open', 'report.html'));
    expect(readFileSync(opened, 'utf8')).toMatch(/^<!doctype html>/i);
  });

  it('lab capture --wireshark feeds a kept lab’s capture to Wireshark until the lab is removed', async () => {
    const out = mkdtempSync(join(tmpdir(), 'lab-e2e-'));
    const kept = await lab(['up', '--keep', '--name', 'e2e-wireshark', '--out', out]);
    expect(kept.exitCode, String(kept.stderr)).toBe(0);
    // A stand-in wireshark on PATH that records its arguments and every byte it reads.
    const { bin, record } = standInWireshark();
    onTestFinished(async () => void (await lab(['down', '--name', 'e2e-wireshark']))); // also when an expectation fails
    const capture = lab(['capture', '--name', 'e2e-wireshark', '--wireshark'], { env: { PATH: `${bin}:${process.env.PATH}`, DISPLAY: ':0' } });
    await handshakeShown(record);
    expect((await lab(['down', '--name', 'e2e-wireshark'])).exitCode).toBe(0);
    const result = await capture;
    expect([result.exitCode, String(result.stderr)]).toEqual([0, 'lab capture: lab "e2e-wireshark" ended']);
    expect(readFileSync(`${record}.args`, 'utf8')).toBe('-k\n-i\n-\n');
    const seen = analyseCapture([readFileSync(`${record}.stdin`)]);
    expect(seen.connections[0]).toMatchObject({ handshake: { complete: true }, server: { port: 8899 } });
  });

  it('lab capture into a pipe whose reader leaves while the lab sends nothing: ends at once, quietly, with exit 0', async () => {
    const out = mkdtempSync(join(tmpdir(), 'lab-e2e-'));
    const kept = await lab(['up', '--keep', '--name', 'e2e-capture-pipe', '--out', out]);
    expect(kept.exitCode, String(kept.stderr)).toBe(0);
    onTestFinished(async () => void (await lab(['down', '--name', 'e2e-capture-pipe'])));
    // head takes what was captured so far (the kept run, replayed), then exits: from then on the idle lab
    // gives `lab capture` nothing to write, so no write can fail with EPIPE. A shell's pipe, as a user's.
    const sofar = readFileSync(join(out, 'e2e-capture-pipe', 'capture.pcap')).length;
    const command = `set -o pipefail; node dist/cli/bin.js capture --name e2e-capture-pipe | head -c ${sofar} >/dev/null`;
    const result = await execa('bash', ['-c', command], { cwd: projectRoot, reject: false });
    expect([result.exitCode, String(result.stderr)]).toEqual([0, '']); // no "lab … ended": the lab runs on
    expect(await leftovers(runtime!, 'e2e-capture-pipe')).not.toEqual([]);
  });

  it('lab capture leaves no process behind in the capture container, and an exec the engine cannot start is an error, not a file', async () => {
    // Each step that waits on the product or the engine has a timeout below the test's, so that a hang says which.
    const why = (result: Result) => (result.timedOut ? result.shortMessage! : String(result.stderr));
    const out = mkdtempSync(join(tmpdir(), 'lab-e2e-'));
    const kept = await lab(['up', '--keep', '--name', 'e2e-capture-procs', '--out', out], { timeout: 60_000 });
    expect(kept.exitCode, why(kept)).toBe(0);
    onTestFinished(async () => void (await lab(['down', '--name', 'e2e-capture-procs'], { timeout: 60_000 })));
    const [capture] = await runtime!.listContainers(['dev.tcp-lab.lab=e2e-capture-procs', 'dev.tcp-lab.role=capture']);
    const processes = async () => (await execa('docker', ['top', capture!.id, '-o', 'pid,args'], { timeout: 20_000 })).stdout.split('\n').slice(1);
    const before = await processes(); // the entry point, tcpdump and the tail that streams to lab up
    // Each reader leaves after 100 bytes while the lab sends nothing: closing the engine's stream alone
    // would leave each one's tail running, until the container's process limit refused every exec.
    for (let i = 0; i < 4; i++) {
      const command = 'set -o pipefail; node dist/cli/bin.js capture --name e2e-capture-procs | head -c 100 | wc -c';
      const result = await execa('bash', ['-c', command], { cwd: projectRoot, reject: false, timeout: 20_000 });
      expect([result.exitCode, result.stdout.trim()], why(result)).toEqual([0, '100']);
    }
    for (let i = 0; i < 40 && (await processes()).length > before.length; i++) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await processes()).toEqual(before);
    // Fill the container's process limit (16), as leaked tails did. One shell forks sleeps until a fork fails,
    // then exits, leaving one pid free: too few for `lab capture`'s shell and its tail. (One exec per sleep
    // does not fill it: the engine answers an exec before it starts the process, so under load the execs
    // overlap, the pids runc takes to start each count against the limit, and some fail, leaving room for tail.)
    const fill = await execa('docker', ['exec', capture!.id, 'sh', '-c', 'while :; do sleep 600 >/dev/null 2>&1 & done'], { reject: false, timeout: 30_000 });
    expect([fill.exitCode, fill.stderr], why(fill)).toEqual([2, expect.stringContaining('Cannot fork')]);
    // Then the engine cannot start the exec ("OCI runtime exec failed") or its shell cannot start tail
    // ("Cannot fork"), and sends that text instead of a capture.
    const file = join(out, 'c.pcap');
    const refused = await lab(['capture', '--name', 'e2e-capture-procs', '-w', file], { timeout: 30_000 });
    expect(refused.exitCode, why(refused)).toBe(3);
    expect(String(refused.stderr)).toMatch(/^lab: the engine sent no capture of lab "e2e-capture-procs", but: .*(Cannot fork|OCI runtime exec failed)/);
    expect(existsSync(file)).toBe(false);
  });

  it('lab up --interactive --wireshark shows the packets in Wireshark while the student drives', async () => {
    const out = mkdtempSync(join(tmpdir(), 'lab-e2e-'));
    const { bin, record } = standInWireshark();
    const session = lab(['up', '--interactive', '--wireshark', '--name', 'e2e-wireshark-live', '--out', out], { env: { PATH: `${bin}:${process.env.PATH}`, DISPLAY: ':0' } });
    onTestFinished(async () => void (await lab(['down', '--name', 'e2e-wireshark-live'])));
    let printed = '';
    session.stdout!.on('data', (chunk: Buffer) => (printed += chunk.toString()));
    for (let i = 0; i < 600 && !/capture running/.test(printed); i++) await new Promise((resolve) => setTimeout(resolve, 50));
    session.stdin!.write('connect\n');
    await handshakeShown(record);
    session.stdin!.write('quit\n');
    expect((await session).exitCode).toBe(0);
    expect(readFileSync(`${record}.args`, 'utf8')).toBe('-k\n-i\n-\n');
  });
});

describe('lab report into a pipe that closes early', () => {
  // 200 connections: every format is far larger than a pipe's buffer, so the writer meets the closed pipe.
  const capture = join(mkdtempSync(join(tmpdir(), 'pipe-')), 'many.pcap');
  beforeAll(() => writeSyntheticCapture(capture, 200));

  it.each(['md', 'html', 'json'])('%s: ends quietly with exit 0, as every Unix tool does', async (format) => {
    const command = `set -o pipefail; node dist/cli/bin.js report ${capture} --format ${format} | head -c 10 >/dev/null`;
    const result = await execa('bash', ['-c', command], { cwd: projectRoot, reject: false });
    expect([result.exitCode, result.stderr]).toEqual([0, '']);
  });
});
