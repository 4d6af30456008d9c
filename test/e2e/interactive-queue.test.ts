// `lab up --interactive` with two connections and a full accept queue, on the real engine: the lesson of
// listen()'s backlog. With backlog 1 and no accept(), the kernel completes two handshakes on its own (the
// queue holds backlog + 1); a third client's SYN is dropped and sent again until accept() makes room.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { engineOrSkip, lab, leftovers } from '../helpers/engine.ts';

const runtime = await engineOrSkip();

interface Line {
  type: string;
  [field: string]: unknown;
}

describe.runIf(runtime)('lab up --interactive: two connections, then the accept queue overflowing', () => {
  it('acts on the connection named (#1, #2), queues two handshakes without accept(), and retries the third SYN until accept() frees a place', async () => {
    const out = mkdtempSync(join(tmpdir(), 'lab-e2e-queue-'));
    const config = join(out, 'lab.yaml');
    writeFileSync(config, 'server: { backlog: 1 }\n');
    const child = lab(['up', '--interactive', '--json', '--config', config, '--name', 'e2e-queue', '--out', out]);
    const lines: Line[] = [];
    let partial = '';
    const waiters: { test: (l: Line) => boolean; resolve: (l: Line) => void }[] = [];
    child.stdout!.on('data', (chunk: Buffer) => {
      const parts = (partial + chunk.toString()).split('\n');
      partial = parts.pop()!;
      for (const text of parts) {
        const line = JSON.parse(text) as Line;
        lines.push(line);
        for (const w of [...waiters]) if (w.test(line)) waiters.splice(waiters.indexOf(w), 1), w.resolve(line);
      }
    });
    const until = (test: (l: Line) => boolean): Promise<Line> => {
      const seen = lines.find(test);
      return seen ? Promise.resolve(seen) : new Promise((resolve) => waiters.push({ test, resolve }));
    };
    const send = (command: string) => child.stdin!.write(`${command}\n`);
    const result = (role: string, cmd: string, extra: (l: Line) => boolean = () => true) => until((l) => l.type === 'result' && l.role === role && l.cmd === cmd && extra(l));
    const packetsOf = (conn: number) => lines.filter((l) => l.type === 'packet' && l.conn === conn);

    await until((l) => l.type === 'ready');
    send('connect');
    const first = await result('client', 'connect', (l) => l.conn === 1);
    send('connect');
    const second = await result('client', 'connect', (l) => l.conn === 2);
    expect([first.ok, second.ok]).toEqual([true, true]); // both handshakes completed with no accept()
    send('close #1');
    await result('client', 'close', (l) => l.conn === 1);
    await until((l) => l.type === 'packet' && l.conn === 1 && (l.flags as string[]).includes('FIN'));
    expect(packetsOf(2).some((p) => (p.flags as string[]).includes('FIN'))).toBe(false); // #2 untouched

    // The queue now holds two established connections (#1 closed by its client, still unaccepted): full.
    send('connect');
    const pending = await result('client', 'connect', (l) => l.conn === 3);
    expect(pending).toMatchObject({ ok: false, errno: 'EINPROGRESS', pending: true });
    await until(() => packetsOf(3).filter((p) => (p.flags as string[]).join() === 'SYN').length >= 2); // the SYN sent again
    expect(packetsOf(3).some((p) => (p.flags as string[]).includes('ACK') && (p.flags as string[]).includes('SYN'))).toBe(false);

    send('status');
    const status = await result('server', 'status');
    expect(status.listen).toMatchObject({ acceptQueue: 2, backlog: 1 });

    send('server accept');
    await result('server', 'accept', (l) => l.ok === true);
    const late = await result('client', 'connect', (l) => l.conn === 3 && l.late === true);
    expect(late.ok).toBe(true); // a retransmitted SYN found room once accept() took one connection
    await until((l) => l.type === 'packet' && l.conn === 3 && (l.flags as string[]).join() === 'SYN,ACK'); // printed as tcpdump streams it

    send('quit');
    const ended = await child;
    expect(ended.exitCode, String(ended.stderr)).toBe(0);
    expect(await leftovers(runtime!, 'e2e-queue')).toEqual([]);
  }, 90_000);
});
