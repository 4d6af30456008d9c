// Guards speed work on the analyser: `lab report --format json` (full and --brief) on every corpus and
// encapsulation capture and on the benchmark capture, as SHA-256 digests of the output.
//   node bench/report-unchanged.ts record   (with the code before the change built in dist/)
//   node bench/report-unchanged.ts check    (after it: every digest must be the same)
// The digests are kept in bench/.data/report-digests.json beside the benchmark capture.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { benchmarkCapture } from './report-bench.ts';

const root = fileURLToPath(new URL('../', import.meta.url));
const bin = `${root}dist/cli/bin.js`;
const digestsFile = `${root}bench/.data/report-digests.json`;

const mode = process.argv[2];
if (mode !== 'record' && mode !== 'check') {
  console.error('usage: node bench/report-unchanged.ts record|check');
  process.exit(2);
}

const captures = [
  ...['test/fixtures/corpus/', 'test/fixtures/encapsulations/'].flatMap((folder) =>
    readdirSync(`${root}${folder}`)
      .filter((name) => /\.pcap(ng)?$/.test(name))
      .sort()
      .map((name) => `${root}${folder}${name}`),
  ),
  await benchmarkCapture(),
];

const digests: Record<string, string> = {};
for (const capture of captures) {
  for (const brief of [false, true]) {
    const args = [bin, 'report', capture, '--format', 'json', ...(brief ? ['--brief'] : [])];
    const hash = createHash('sha256');
    const run = execa(process.execPath, args, { buffer: false, reject: false });
    run.stdout!.on('data', (chunk: Buffer) => hash.update(chunk));
    const { exitCode } = await run;
    digests[`${capture.slice(root.length)}${brief ? ' --brief' : ''}`] = `exit ${exitCode} ${hash.digest('hex')}`;
  }
}

if (mode === 'record') {
  writeFileSync(digestsFile, `${JSON.stringify(digests, null, 2)}\n`);
  console.log(`recorded ${Object.keys(digests).length} digests in ${digestsFile}`);
} else {
  if (!existsSync(digestsFile)) throw new Error(`no ${digestsFile}: run "record" with the code before the change first`);
  const before = JSON.parse(readFileSync(digestsFile, 'utf8')) as Record<string, string>;
  const changed = Object.keys({ ...before, ...digests }).filter((key) => before[key] !== digests[key]);
  for (const key of changed) console.log(`CHANGED ${key}: ${before[key] ?? 'none'} → ${digests[key] ?? 'none'}`);
  console.log(changed.length ? `${changed.length} of ${Object.keys(digests).length} outputs changed` : `all ${Object.keys(digests).length} outputs unchanged`);
  if (changed.length) process.exitCode = 1;
}
