// npm run bench -- serve: simulated students through the HTTP API on loopback, bounded in count and time.
// 1. `lab serve --max-labs STUDENTS` makes its spare labs when it starts (the time until they are ready is
//    printed); then STUDENTS join and start their labs at once: time until every lab is ready, beside the
//    same with --spare-labs 0 and the yardstick of STUDENTS concurrent `lab up` runs, measured in the same
//    run (each its own network and containers).
// 2. All of them send `connect` at once: time from the command to its first `packet` event on their own
//    stream (SSE), every student's figure printed, p50 and p95 beside the 200 ms target.
// 3. Peak memory (VmHWM) of the `lab serve` process itself.
import { readFileSync, mkdtempSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';

const STUDENTS = Number(process.env.SERVE_BENCH_STUDENTS ?? 30);
const bin = fileURLToPath(new URL('../dist/cli/bin.js', import.meta.url));

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

async function student(base: string, name: string) {
  const post = (path: string, body?: unknown, cookie?: string) =>
    fetch(`${base}${path}`, { method: 'POST', headers: { ...(body ? { 'content-type': 'application/json' } : {}), ...(cookie ? { cookie } : {}) }, body: body ? JSON.stringify(body) : undefined });
  const joined = await post('/api/join', { name });
  const cookie = joined.headers.get('set-cookie')!.split(';')[0]!;
  return { post: (path: string, body?: unknown) => post(path, body, cookie), get: (path: string) => fetch(`${base}${path}`, { headers: { cookie } }), cookie };
}

/** Resolves with the time of the first `packet` event after `since`. */
function firstPacket(base: string, cookie: string, signal: AbortSignal): Promise<number> {
  return fetch(`${base}/api/lab/stream`, { headers: { cookie, accept: 'text/event-stream' }, signal }).then(async (response) => {
    const reader = response.body!.getReader();
    let text = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) throw new Error('stream ended');
      text += new TextDecoder().decode(value);
      if (text.includes('event: packet')) return performance.now();
    }
  });
}

export async function serveBench(): Promise<void> {
  const out = mkdtempSync(join(tmpdir(), 'lab-serve-bench-'));
  const loadBefore = loadavg()[0]!;
  await execa(process.execPath, [bin, 'images']);

  // The yardstick: STUDENTS labs made the batch way, all at once.
  const batchStart = performance.now();
  // On a loaded machine some fail (an engine call past its deadline): counted, not fatal to the benchmark.
  const batch = await Promise.allSettled(Array.from({ length: STUDENTS }, (_, i) => execa(process.execPath, [bin, 'up', '--name', `bench-batch-${i}`, '--out', out])));
  const batchSeconds = (performance.now() - batchStart) / 1000;
  const batchFailed = batch.filter((run) => run.status === 'rejected').length;

  // Without spares (each lab starts when its student asks, a few at a time): what the spares save.
  const cold = await startServer(['--spare-labs', '0']);
  let coldReady: number;
  try {
    coldReady = Math.max(...(await startLabs(cold.base, 'cold')).readyAt);
  } finally {
    await cold.stop();
  }

  const { server, base, printed, stop } = await startServer([]);
  const spares = /(\d+) of (\d+) labs ready after ([\d.]+) s/;
  while (!spares.test(printed())) await new Promise((r) => setTimeout(r, 50)); // the class arrives once the server is ready
  const [, ready, wanted, warmSeconds] = spares.exec(printed())!;
  try {
    const { students, readyAt } = await startLabs(base, 'bench');
    const allReady = Math.max(...readyAt);

    // Each student's stream is open before the command, then everyone connects at once.
    const controller = new AbortController();
    await Promise.all(students.map((s) => s.get('/api/lab')));
    const streams = students.map((s) => firstPacket(base, s.cookie, controller.signal));
    await new Promise((r) => setTimeout(r, 500)); // the history (state events) has been replayed
    const sent = students.map(() => 0);
    await Promise.all(
      students.map(async (s, i) => {
        sent[i] = performance.now();
        await s.post('/api/lab/command', { command: 'connect' });
      }),
    );
    const latencies = (await Promise.all(streams)).map((at, i) => at - sent[i]!);
    controller.abort();
    const peakMiB = Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${server.pid}/status`, 'utf8'))![1]) / 1024;

    console.log(`\nlab serve, ${STUDENTS} simulated students on loopback (load average ${loadBefore.toFixed(1)} before, ${loadavg()[0]!.toFixed(1)} after)`);
    console.log(`  spare labs made at server start              ${ready} of ${wanted} ready after ${warmSeconds} s`);
    console.log(`  all labs ready after join + start at once   ${allReady.toFixed(1)} s   [${readyAt.map((s) => s.toFixed(1)).join(' ')}]`);
    console.log(`  the same with --spare-labs 0                ${coldReady.toFixed(1)} s`);
    console.log(`  yardstick: ${STUDENTS} concurrent lab up     ${batchSeconds.toFixed(1)} s${batchFailed ? `, ${batchFailed} of them failed` : ''}   (target: labs ready in ≤ 15 s)`);
    console.log(`  command → first packet event                p50 ${percentile(latencies, 50).toFixed(0)} ms, p95 ${percentile(latencies, 95).toFixed(0)} ms   [${latencies.map((ms) => ms.toFixed(0)).join(' ')}]   (target p95 ≤ 200 ms)`);
    console.log(`  lab serve peak memory (VmHWM)               ${peakMiB.toFixed(0)} MiB   (target ≤ 300 MiB)`);
  } finally {
    await stop();
  }
}

/** `lab serve --max-labs STUDENTS` with these options, once it listens. */
async function startServer(options: string[]) {
  const server = execa(process.execPath, [bin, 'serve', '--port', '0', '--max-labs', String(STUDENTS), ...options], { buffer: false });
  let printed = '';
  server.stdout!.on('data', (chunk) => (printed += String(chunk)));
  while (!/students: open (\S+?)\/?\s/.test(printed)) await new Promise((r) => setTimeout(r, 50));
  return {
    server,
    base: /students: open (\S+?)\/?\s/.exec(printed)![1]!,
    printed: () => printed,
    async stop() {
      server.kill('SIGINT');
      await server.catch(() => {});
    },
  };
}

/** STUDENTS join, then all start their labs at once: when each one's lab was ready, in seconds. */
async function startLabs(base: string, prefix: string) {
  const students = await Promise.all(Array.from({ length: STUDENTS }, (_, i) => student(base, `${prefix}-${i}`)));
  const startAll = performance.now();
  const readyAt = await Promise.all(
    students.map(async (s) => {
      await s.post('/api/lab');
      for (;;) {
        const { state } = (await (await s.get('/api/lab')).json()) as { state: string };
        if (state === 'ready') return (performance.now() - startAll) / 1000;
        if (state === 'ended') throw new Error('a lab failed to start');
        await new Promise((r) => setTimeout(r, 100));
      }
    }),
  );
  return { students, readyAt };
}
