// The C programs' command mode (images/common/COMMANDS.md) on the real engine: the built images run with
// `docker run -i`, driven one line at a time, with the test waiting for each reply before the next command.
import { execa, type ResultPromise } from 'execa';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STEP_TABLE } from '../../src/config/steps.js';
import { buildContext } from '../../src/docker/images.js';
import { LABELS } from '../../src/docker/labels.js';
import type { ContainerRuntime } from '../../src/docker/runtime.js';
import { en } from '../../src/cli/i18n/en.js';
import { zhCN } from '../../src/cli/i18n/zh-CN.js';
import type { Reply } from '../../src/session/program-channel.js';
import { engineOrSkip, labImages, leftovers } from '../helpers/engine.ts';

const runtime: ContainerRuntime | null = await engineOrSkip();
const LAB = 'e2e-commands';

interface Line {
  reply?: number;
  call?: string;
  [key: string]: unknown;
}

/** A program in command mode: send() writes one command and resolves with its reply. */
function drive(args: string[]) {
  const child: ResultPromise = execa('docker', ['run', '-i', '--rm', '--label', `${LABELS.lab}=${LAB}`, ...args], { reject: false, stdin: 'pipe' });
  const events: Line[] = [];
  const replies: Line[] = [];
  const waiters: { test: (line: Line) => boolean; resolve: (line: Line) => void }[] = [];
  createInterface({ input: child.stdout! }).on('line', (text) => {
    const line = JSON.parse(text) as Line;
    (line.reply === undefined ? events : replies).push(line);
    for (const waiter of [...waiters]) if (waiter.test(line)) waiters.splice(waiters.indexOf(waiter), 1), waiter.resolve(line);
  });
  const waitFor = (test: (line: Line) => boolean) =>
    new Promise<Line>((resolve) => {
      const seen = [...events, ...replies].find(test);
      if (seen) resolve(seen);
      else waiters.push({ test, resolve });
    });
  let seq = 0;
  return {
    child,
    events,
    waitFor,
    send(command: string): Promise<Line> {
      const mine = ++seq;
      child.stdin!.write(`${command}\n`);
      return waitFor((line) => line.reply === mine);
    },
  };
}

describe.runIf(runtime)('command mode of labclient and labserver (real engine)', () => {
  const tags: Record<'server' | 'client', string> = { server: '', client: '' };
  let serial = 0;
  const serverName = () => `lab-${LAB}-${process.pid}-${++serial}`;

  beforeAll(async () => {
    const images = await labImages();
    expect(images.exitCode, String(images.stderr)).toBe(0);
    tags.server = (await buildContext('server')).tag;
    tags.client = (await buildContext('client')).tag;
  });

  afterAll(async () => {
    for (const name of Array.from({ length: serial }, (_, i) => `lab-${LAB}-${process.pid}-${i + 1}`)) await execa('docker', ['rm', '-f', name], { reject: false });
  });

  it('the programs list the steps lab.yaml allows them, from their own table', async () => {
    for (const role of ['server', 'client'] as const) {
      const listed = await execa('docker', ['run', '--rm', '--network', 'none', tags[role], '--list-steps']);
      const fromBinary = (JSON.parse(listed.stdout) as { name: string; server: boolean; client: boolean; place: string; maxMs: number }[]).map(({ name, server, client, place, maxMs }) => ({
        name,
        roles: [...(server ? ['server'] : []), ...(client ? ['client'] : [])],
        place,
        maxMs,
      }));
      expect(fromBinary).toEqual(STEP_TABLE.map((step) => ({ ...step, roles: [...step.roles] })));
    }
  });

  it('connect, accept, send, recv, close and the errors that follow, one socket call per command', async () => {
    // The server alone in a namespace without network; the client joins it and connects over loopback.
    const server = serverName();
    const srv = drive(['--name', server, '--network', 'none', tags.server, '--commands', '--port', '8899', '--backlog', '1']);
    await srv.waitFor((line) => line.call === 'listen');
    const cli = drive(['--network', `container:${server}`, tags.client, '--commands', '--host', '127.0.0.1', '--port', '8899']);
    await cli.waitFor((line) => line.call === 'ready');

    const early = await cli.send('send before connecting');
    expect(early).toMatchObject({ ok: false, code: 'noConnectionYet', problem: 'no connection yet' });
    // Issue 17 D13: the CLI words a problem by its code and an errno by its name, in Chinese too.
    expect(zhCN.live.reply('客户端', early as Reply)).toBe(`  客户端：${zhCN.live.problem.noConnectionYet}`);
    expect(en.live.reply('client', early as Reply)).toBe('  client: no connection yet');
    expect(await cli.send('unknown verb')).toMatchObject({ ok: false, code: 'unknownCommand' });
    const connect = await cli.send('connect');
    expect(connect).toMatchObject({ cmd: 'connect', conn: 1, ok: true, ret: 0 });

    // The handshake completed without accept(): the connection waits in the accept queue.
    expect(await srv.send('status')).toMatchObject({
      connections: [],
      listen: { state: 'LISTEN', acceptQueue: 1, backlog: 1, notAccepted: [{ peerPort: connect.localPort, state: 'ESTABLISHED' }] },
    });
    const accept = await srv.send('accept');
    expect(accept).toMatchObject({ cmd: 'accept', conn: 1, ok: true, peerPort: connect.localPort });
    expect(await srv.send('accept')).toMatchObject({ ok: false, errno: 'EAGAIN', nothingQueued: true });
    expect(await srv.send('status')).toMatchObject({ connections: [{ conn: 1, state: 'ESTABLISHED' }], listen: { acceptQueue: 0, notAccepted: [] } });

    expect(await cli.send('send hello 中文')).toMatchObject({ ok: true, ret: 12 });
    expect(await srv.send('recv')).toMatchObject({ ok: true, ret: 12, data: 'hello 中文' });
    expect(await srv.send('recv #1')).toMatchObject({ ok: false, errno: 'EAGAIN', nothingToRead: true });

    expect(await cli.send('close')).toMatchObject({ cmd: 'close', conn: 1, ok: true, ret: 0 });
    expect(await srv.send('recv')).toMatchObject({ ok: true, ret: 0, eof: true });
    expect(await srv.send('status')).toMatchObject({ connections: [{ conn: 1, state: 'CLOSE-WAIT' }] });
    // Data to a client that closed: the client's kernel answers with an RST, and the next send fails.
    expect(await srv.send('send anyone there?')).toMatchObject({ ok: true, ret: 13 });
    await srv.send('recv');
    const failed = await srv.send('send again');
    expect(failed).toMatchObject({ ok: false, ret: -1 });
    expect(['EPIPE', 'ECONNRESET']).toContain(failed.errno);
    expect(failed.error).toMatch(/Broken pipe|Connection reset by peer/);
    expect(zhCN.live.reply('服务器', failed as Reply)).not.toContain(String(failed.error));
    expect(await cli.send('close #1')).toMatchObject({ ok: false, code: 'connectionClosed', problem: 'that connection was already closed by this program' });
    expect(await cli.send('close #9')).toMatchObject({ ok: false, code: 'noSuchConnection' });

    // Every call's event has its start and end time; connect's span covers the handshake.
    const connectEvent = cli.events.find((e) => e.call === 'connect')!;
    expect(connectEvent).toMatchObject({ role: 'client', conn: 1, ret: 0, localPort: connect.localPort });
    for (const event of [...cli.events, ...srv.events]) expect(Number(event.start)).toBeLessThanOrEqual(Number(event.t));
    expect(srv.events.filter((e) => e.call === 'send').map((e) => e.ret)).toEqual([13, -1]);

    expect(await cli.send('quit')).toMatchObject({ ok: true });
    expect(await srv.send('quit')).toMatchObject({ ok: true });
    expect((await cli.child).exitCode).toBe(0);
    expect((await srv.child).exitCode).toBe(0);
    expect(await leftovers(runtime!, LAB)).toEqual([]);
  });

  it('a connect whose SYN is dropped answers "pending" at once and its result later', async () => {
    const server = serverName();
    const srv = drive(['--name', server, '--network', 'none', tags.server, '--commands', '--port', '8899', '--backlog', '1']);
    await srv.waitFor((line) => line.call === 'listen');
    const cli = drive(['--network', `container:${server}`, tags.client, '--commands', '--host', '127.0.0.1', '--port', '8899']);
    await cli.waitFor((line) => line.call === 'ready');
    // backlog 1 holds two established connections; the third SYN is dropped while the queue is full.
    expect(await cli.send('connect')).toMatchObject({ ok: true });
    expect(await cli.send('connect')).toMatchObject({ ok: true });
    const third = await cli.send('connect');
    expect(third).toMatchObject({ conn: 3, ok: false, errno: 'EINPROGRESS', pending: true });
    expect(await cli.send('send too early')).toMatchObject({ ok: false, code: 'stillConnecting', problem: expect.stringContaining('still connecting') });
    expect(await cli.send('status')).toMatchObject({ connections: [{ state: 'ESTABLISHED' }, { state: 'ESTABLISHED' }, { conn: 3, state: 'SYN-SENT' }] });
    expect(await srv.send('accept')).toMatchObject({ ok: true, conn: 1 });
    // The retransmitted SYN finds room in the queue: the late reply carries the first one's number.
    const late = await cli.waitFor((line) => line.reply === third.reply && line.late === true);
    expect(late).toMatchObject({ cmd: 'connect', conn: 3, ok: true, ret: 0 });
    const span = cli.events.find((e) => e.call === 'connect' && e.conn === 3)!;
    expect(Number(BigInt(String(span.t)) - BigInt(String(span.start))) / 1e6).toBeGreaterThan(900); // waited through a retransmission
    cli.child.stdin!.end();
    srv.child.stdin!.end();
    expect((await cli.child).exitCode).toBe(0);
    expect((await srv.child).exitCode).toBe(0);
  }, 20_000);
});
