// Warm `lab up` beside a plain docker CLI script doing the same steps, run alternately.
import { execa } from 'execa';
import { mkdtempSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { median } from './measure.ts';

const RUNS = 7;
const bin = fileURLToPath(new URL('../dist/cli/bin.js', import.meta.url));
const script = fileURLToPath(new URL('./docker-cli-baseline.sh', import.meta.url));

async function timed(run: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await run();
  return (performance.now() - start) / 1000;
}

export async function labUpBench(): Promise<void> {
  const out = mkdtempSync(join(tmpdir(), 'lab-bench-'));
  const images = await execa(process.execPath, [bin, 'images']); // warm: images exist before timing
  const tags = Object.fromEntries(images.stdout.split('\n').map((line) => line.split(/\s+/)[0]!).map((tag) => [tag.split('/')[1]!.split(':')[0]!, tag]));
  const lab: number[] = [];
  const cli: number[] = [];
  const load = () => loadavg()[0]!.toFixed(1);
  const loadBefore = load();
  for (let i = 0; i < RUNS; i++) {
    lab.push(await timed(() => execa(process.execPath, [bin, 'up', '--name', 'bench', '--out', out])));
    cli.push(await timed(() => execa('bash', [script, tags.server!, tags.client!, tags.capture!, join(out, 'baseline.pcap')])));
  }
  const [ours, theirs] = [median(lab), median(cli)];
  console.log(`\nlab up, ${RUNS} warm runs each, alternating (load average ${loadBefore} before, ${load()} after, on ${availableParallelism()} cores)`);
  console.log(`  lab up (network, server, capture ready, client, capture streamed, removal, reports) median ${ours.toFixed(2)} s   [${lab.map((s) => s.toFixed(2)).join(' ')}]`);
  console.log(`  docker CLI script doing the same steps                                            median ${theirs.toFixed(2)} s   [${cli.map((s) => s.toFixed(2)).join(' ')}]`);
  console.log(`  ratio: ${(ours / theirs).toFixed(2)}x of the script (goal ≤ 0.6x); each pair: ${lab.map((s, i) => (s / cli[i]!).toFixed(2)).join(' ')}`);
}
