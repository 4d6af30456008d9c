// npm run bench -- live: how soon `lab up --interactive` prints a packet after it was captured. Each
// `connect` is one connect() call whose start time (CLOCK_REALTIME, from the client's event line) comes just
// before its SYN is captured; the figure is from that moment to the SYN's line arriving on our side of the
// pipe: an upper bound of capture → print. Every connection's figure is printed, beside the 100 ms target.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';

const CONNECTIONS = 20;
const bin = fileURLToPath(new URL('../dist/cli/bin.js', import.meta.url));

export async function interactiveBench(): Promise<void> {
  const out = mkdtempSync(join(tmpdir(), 'lab-live-bench-'));
  const child = execa(process.execPath, [bin, 'up', '--interactive', '--json', '--auto-accept', '--name', 'bench-live', '--out', out], { buffer: false });
  const connectStartMs = new Map<number, number>(); // client port → connect() start
  const synArrivedMs = new Map<number, number>();
  let partial = '';
  let onLine: (line: Record<string, unknown>) => void = () => {};
  child.stdout!.on('data', (chunk: Buffer) => {
    const arrived = Date.now();
    const parts = (partial + chunk.toString()).split('\n');
    partial = parts.pop()!;
    for (const text of parts) {
      const line = JSON.parse(text.replace(/"(t|start)":(\d{19})/g, '"$1":"$2"')) as Record<string, unknown>;
      if (line.type === 'packet' && (line.flags as string[]).join() === 'SYN') synArrivedMs.set(line.clientPort as number, arrived);
      if (line.type === 'call' && line.call === 'connect' && line.role === 'client') connectStartMs.set(line.localPort as number, Number(BigInt(String(line.start ?? line.t)) / 1_000_000n));
      onLine(line);
    }
  });
  const next = (test: (l: Record<string, unknown>) => boolean) => new Promise<void>((resolve) => (onLine = (l) => test(l) && resolve()));
  await next((l) => l.type === 'ready');
  for (let i = 1; i <= CONNECTIONS; i++) {
    const done = next((l) => l.type === 'packet' && (l.flags as string[]).join() === 'ACK' && l.conn === i);
    child.stdin!.write('connect\n');
    await done;
  }
  await new Promise((r) => setTimeout(r, 300));
  child.stdin!.write('quit\n');
  await child;
  const latencies = [...synArrivedMs].map(([port, arrived]) => arrived - connectStartMs.get(port)!).filter(Number.isFinite);
  const sorted = [...latencies].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
  console.log(`\nlab up --interactive, ${latencies.length} connects: connect() called → its SYN printed`);
  console.log(`  p50 ${at(50)} ms, p95 ${at(95)} ms, max ${sorted.at(-1)} ms   [${latencies.join(' ')}]   (target: every packet within 100 ms)`);
}
