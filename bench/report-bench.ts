// lab report --format json --brief on 100k synthetic connections, beside tshark -q -z conv,tcp; then on
// three times as many, to show that memory stays about flat.
import { existsSync, mkdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { measure, median, type Measurement } from './measure.ts';
import { TEARDOWN_MIX, writeSyntheticCapture } from './synthetic-capture.ts';

const CONNECTIONS = 100_000;
const RUNS = 5;
/** The memory-growth check: a file this many times larger, this many runs, and the growth allowed. */
const GROWTH = 3;
const GROWTH_RUNS = 3;
const MAX_GROWTH = 1.2;
const dataDir = fileURLToPath(new URL('./.data/', import.meta.url));
const bin = fileURLToPath(new URL('../dist/cli/bin.js', import.meta.url));

/** The synthetic capture of `connections` connections, generated once (again when the generator changes). */
export async function benchmarkCapture(connections = CONNECTIONS): Promise<string> {
  mkdirSync(dataDir, { recursive: true });
  const capture = `${dataDir}synthetic-${connections}.pcap`;
  const generator = fileURLToPath(new URL('./synthetic-capture.ts', import.meta.url));
  if (!existsSync(capture) || statSync(capture).mtimeMs < statSync(generator).mtimeMs) {
    process.stdout.write(`generating ${capture} ...\n`);
    await writeSyntheticCapture(capture, connections);
  }
  return capture;
}

export async function reportBench(): Promise<void> {
  const capture = await benchmarkCapture();
  const size = statSync(capture).size / 2 ** 20;
  const output = `${dataDir}report.json`;
  const runs: { ours: Measurement[]; theirs: Measurement[] } = { ours: [], theirs: [] };
  for (let i = 0; i < RUNS; i++) {
    rmSync(output, { force: true }); // a fresh file, as a user's first report is (truncating a large one costs the file system extra)
    runs.ours.push(await measure(process.execPath, [bin, 'report', capture, '--format', 'json', '--brief', '-o', output]));
    runs.theirs.push(await measure('tshark', ['-r', capture, '-q', '-z', 'conv,tcp']));
  }
  const [ours, theirs] = [summary(runs.ours), summary(runs.theirs)];

  const report = JSON.parse(readFileSync(output, 'utf8')) as { capture: { packets: number }; connections: { teardown: { kind: string } }[] };
  const kinds = Object.fromEntries(TEARDOWN_MIX.map((k) => [k, report.connections.filter((c) => c.teardown.kind === k).length]));
  const expectedEach = CONNECTIONS / TEARDOWN_MIX.length;
  const correct = report.connections.length === CONNECTIONS && TEARDOWN_MIX.every((k) => kinds[k] === expectedEach);
  const tsharkConversations = runs.theirs[0]!.stdout.split('\n').filter((l) => /<->/.test(l)).length;

  console.log(`\nlab report on ${report.capture.packets.toLocaleString('en')} packets, ${CONNECTIONS.toLocaleString('en')} connections (${size.toFixed(0)} MiB), ${RUNS} runs each, alternating`);
  console.log(`  lab report --format json --brief   median ${ours.text}`);
  console.log(`  tshark -q -z conv,tcp               median ${theirs.text}   (${tsharkConversations.toLocaleString('en')} conversations)`);
  console.log(`  speed-up: ${(theirs.seconds / ours.seconds).toFixed(1)}x of the medians (target ≥ 10x); peak memory ${(ours.peak / theirs.peak).toFixed(2)} of tshark's (target ≤ 0.25)`);
  console.log(`  counts: ${report.connections.length} connections; ${TEARDOWN_MIX.map((k) => `${k} ${kinds[k]}`).join(', ')} — ${correct ? 'correct' : 'WRONG'}`);
  if (!correct) process.exitCode = 1;

  // Memory follows the connections open at once, not the file: three times the connections (the same
  // number open at any moment) must not need much more memory.
  const larger = await benchmarkCapture(GROWTH * CONNECTIONS);
  const growth: Measurement[] = [];
  for (let i = 0; i < GROWTH_RUNS; i++) {
    rmSync(output, { force: true });
    growth.push(await measure(process.execPath, [bin, 'report', larger, '--format', 'json', '--brief', '-o', output]));
  }
  const largerRuns = summary(growth);
  const grown = largerRuns.peak / ours.peak;
  console.log(`\nlab report --format json --brief on ${(GROWTH * CONNECTIONS).toLocaleString('en')} connections (${(statSync(larger).size / 2 ** 20).toFixed(0)} MiB), ${GROWTH_RUNS} runs`);
  console.log(`  median ${largerRuns.text}: peak ${grown.toFixed(2)}x the one on ${CONNECTIONS.toLocaleString('en')} connections (target: about flat, ≤ ${MAX_GROWTH}x)`);
  rmSync(output, { force: true });
  if (grown > MAX_GROWTH) process.exitCode = 1;
}

function summary(runs: Measurement[]): { seconds: number; peak: number; text: string } {
  const seconds = median(runs.map((r) => r.seconds));
  const peak = median(runs.map((r) => r.peakMiB));
  return { seconds, peak, text: `${seconds.toFixed(2)} s [${runs.map((r) => r.seconds.toFixed(2)).join(' ')}]   peak ${peak.toFixed(0)} MiB [${runs.map((r) => r.peakMiB.toFixed(0)).join(' ')}]` };
}
