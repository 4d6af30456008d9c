// `lab up --interactive` on the real engine, driven the way a student (or a script) drives it: each
// command is sent only once what the previous one caused has been printed (e.g. the handshake's three
// packets after connect). Then the report must say what was done.
import { execa } from 'execa';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ContainerRuntime } from '../../src/docker/runtime.js';
import { engineOrSkip, lab, leftovers, projectRoot } from '../helpers/engine.ts';
import { tsharkAvailable } from '../helpers/tshark.ts';

const runtime: ContainerRuntime | null = await engineOrSkip();

/** A running `lab up --interactive` whose stdout can be waited on, and whose stdin takes commands. */
function liveSession(name: string, out: string, extra: string[] = []) {
  const child = lab(['up', '--interactive', '--name', name, '--out', out, ...extra]);
  let printed = '';
  let seen = 0;
  const waiters: { pattern: RegExp; resolve: () => void }[] = [];
  child.stdout!.on('data', (chunk: Buffer) => {
    printed += chunk.toString();
    for (const w of [...waiters]) if (w.pattern.test(printed.slice(seen))) waiters.splice(waiters.indexOf(w), 1), w.resolve();
  });
  return {
    child,
    printed: () => printed,
    /** Resolves once `pattern` appears in what was printed since the last `send`. */
    until(pattern: RegExp): Promise<void> {
      if (pattern.test(printed.slice(seen))) return Promise.resolve();
      return new Promise((resolve) => waiters.push({ pattern, resolve }));
    },
    send(command: string) {
      seen = printed.length;
      child.stdin!.write(`${command}\n`);
    },
  };
}

const HANDSHAKE = /client ──SYN seq=0 [^\n]*\n[^]*SYN,ACK seq=0 ack=1[^]*client ──ACK seq=1 ack=1 /;

describe.runIf(runtime)('lab up --interactive (real engine)', () => {
  const out = mkdtempSync(join(tmpdir(), 'lab-e2e-live-'));

  it('connect, accept, send, recv, client close, server close, quit through a pipe: a four-way teardown started by the client', async () => {
    const s = liveSession('e2e-live', out);
    await s.until(/listening \(backlog \d+\), capture running/);
    s.send('connect');
    await s.until(HANDSHAKE);
    await s.until(/client: connect\(\) = 0: connection #1/);
    expect(s.printed()).toMatch(/client SYN-SENT, server SYN-RECEIVED[^]*client ESTABLISHED[^]*server ESTABLISHED/);
    s.send('server accept');
    await s.until(/server: accept\(\) = \d+: connection #1 from /);
    s.send('send hello');
    await s.until(/client: send\(\) #1 = 5/);
    // Each call's result comes after the segments it caused, in the order they happened.
    const before = (first: string, then: string) => s.printed().indexOf(first) < s.printed().indexOf(then);
    expect(before('──ACK seq=1 ack=1 ', 'client: connect() = 0')).toBe(true);
    expect(before('──PSH,ACK seq=1 ack=1 len=5', 'client: send() #1 = 5')).toBe(true);
    s.send('server recv');
    await s.until(/server: recv\(\) #1 = 5: "hello"/);
    s.send('close');
    await s.until(/client ──FIN,ACK [^\n]*client FIN-WAIT-1, server CLOSE-WAIT/);
    await s.until(/client FIN-WAIT-2/); // the server's kernel acknowledged the FIN on its own (a delayed ACK)
    s.send('server close');
    await s.until(/server CLOSED/);
    s.send('quit');
    const result = await s.child;
    expect(result.exitCode, String(result.stderr)).toBe(0);
    // The summary names the session (no preset was played) and gives its verdict.
    expect(String(result.stdout)).toMatch(/your session: wrote [^\n]*e2e-live\/ \(/);
    expect(String(result.stdout)).toContain('teardown four-way started by client; closed; TIME-WAIT: client');
    const report = JSON.parse(readFileSync(join(out, 'e2e-live', 'report.json'), 'utf8'));
    expect(report.connections).toHaveLength(1);
    expect(report.connections[0]).toMatchObject({ handshake: { complete: true }, teardown: { kind: 'four-way', initiator: 'client' }, timeWait: 'client' });
    const calls = readFileSync(join(out, 'e2e-live', 'events.jsonl'), 'utf8');
    for (const call of ['"call":"connect"', '"call":"accept"', '"call":"send"', '"call":"recv"', '"call":"close"']) expect(calls).toContain(call);
    expect(await leftovers(runtime!, 'e2e-live')).toEqual([]);
  });

  it('--json: abort sends an RST, a send after it shows the errno; impossible commands get one line and the session goes on', async () => {
    const s = liveSession('e2e-live-json', out, ['--json']);
    await s.until(/"type":"ready"/);
    s.send('send too early');
    await s.until(/"type":"result","role":"client"[^\n]*"problem":/);
    s.send('connect');
    await s.until(/"type":"packet"[^\n]*"flags":\["ACK"\]/);
    s.send('server accept');
    await s.until(/"role":"server","reply":\d+,"cmd":"accept","conn":1,"ok":true/);
    s.send('abort');
    await s.until(/"type":"packet"[^\n]*"from":"client","flags":\["RST"/);
    s.send('server send late');
    await s.until(/"role":"server"[^\n]*"cmd":"send"[^\n]*"errno":"(ECONNRESET|EPIPE)"/);
    s.send('quit');
    const result = await s.child;
    expect(result.exitCode, String(result.stderr)).toBe(0);
    const lines = s.printed().trim().split('\n');
    for (const line of lines) expect(() => JSON.parse(line)).not.toThrow();
    expect(JSON.parse(lines.at(-1)!)).toMatchObject({ type: 'done', lab: 'e2e-live-json' });
    expect(lines.some((line) => /"type":"call"[^\n]*"call":"connect"/.test(line))).toBe(true);
    const report = JSON.parse(readFileSync(join(out, 'e2e-live-json', 'report.json'), 'utf8'));
    expect(report.connections[0].teardown).toMatchObject({ kind: 'reset' });
    expect(await leftovers(runtime!, 'e2e-live-json')).toEqual([]);
  });

  it('Ctrl-C ends a piped session: outputs written, everything removed, exit 130', async () => {
    const s = liveSession('e2e-live-int', out);
    await s.until(/capture running/);
    s.send('connect');
    await s.until(HANDSHAKE);
    s.child.kill('SIGINT');
    const result = await s.child;
    expect(result.exitCode, String(result.stderr)).toBe(130);
    expect(existsSync(join(out, 'e2e-live-int', 'report.json'))).toBe(true);
    expect(JSON.parse(readFileSync(join(out, 'e2e-live-int', 'report.json'), 'utf8')).connections[0].handshake.complete).toBe(true);
    expect(await leftovers(runtime!, 'e2e-live-int')).toEqual([]);
  });

  it.runIf(tsharkAvailable())('lab capture, read live by tshark -i -, sees the handshake before quit', async () => {
    const s = liveSession('e2e-live-cap', out);
    await s.until(/capture running/);
    const reader = execa('sh', ['-c', `node ${projectRoot}dist/cli/bin.js capture --name e2e-live-cap | tshark -l -i - -T fields -e tcp.flags.str`], { reject: false });
    let seen = '';
    const handshakeSeen = new Promise<void>((resolve) =>
      reader.stdout!.on('data', (chunk: Buffer) => {
        seen += chunk.toString();
        if (seen.split('\n').filter(Boolean).length >= 3) resolve();
      }),
    );
    await new Promise((resolve) => setTimeout(resolve, 1500)); // tshark is listening on the stream
    s.send('connect');
    await handshakeSeen; // before quit
    const flags = seen.split('\n').filter(Boolean).slice(0, 3).map((f) => f.replace(/[·\s]/g, ''));
    expect(flags).toEqual(['S', 'AS', 'A']);
    s.send('quit');
    expect((await s.child).exitCode).toBe(0);
    expect((await reader).exitCode).toBe(0); // the stream ends when the lab is removed
    expect(await leftovers(runtime!, 'e2e-live-cap')).toEqual([]);
  });

  it('a TTY session in tmux: prompt, history, Ctrl-C writes the outputs and leaves nothing', async () => {
    const session = 'lab-e2e-tty';
    const tmux = (...args: string[]) => execa('tmux', args, { reject: false });
    const screen = async () => (await tmux('capture-pane', '-p', '-t', session, '-S', '-200')).stdout.trimEnd();
    const until = async (pattern: RegExp) => {
      for (let i = 0; i < 300 && !pattern.test(await screen()); i++) await new Promise((resolve) => setTimeout(resolve, 100));
      expect(await screen()).toMatch(pattern);
    };
    await tmux('kill-session', '-t', session);
    await tmux('new-session', '-d', '-s', session, '-x', '160', '-y', '50', `cd ${projectRoot} && node dist/cli/bin.js up --interactive --name e2e-live-tty --out ${out}; echo "exit=$?"; sleep 60`);
    try {
      await until(/^lab>$/m);
      await tmux('send-keys', '-t', session, 'connect', 'Enter');
      await until(/client: connect\(\) = 0/);
      await tmux('send-keys', '-t', session, 'Up'); // history: the last command comes back
      await until(/client: connect\(\) = 0[^]*\nlab> connect$/); // on the prompt line, the last one
      await tmux('send-keys', '-t', session, 'C-u', 'status', 'Enter');
      await until(/client #1: ESTABLISHED/);
      await tmux('send-keys', '-t', session, 'C-c');
      await until(/exit=130/);
      expect(existsSync(join(out, 'e2e-live-tty', 'report.json'))).toBe(true);
      expect(await leftovers(runtime!, 'e2e-live-tty')).toEqual([]);
    } finally {
      await tmux('kill-session', '-t', session);
    }
  });
});
