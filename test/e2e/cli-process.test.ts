// The built `lab` as a user runs it: the first build's progress from the real engine's build stream, and
// a report piped into a reader that stops early.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { beforeAll, describe, expect, it } from 'vitest';
import { writeSyntheticCapture } from '../../bench/synthetic-capture.ts';
import { engineOrSkip, lab, projectRoot } from '../helpers/engine.ts';

const runtime = await engineOrSkip();

describe.runIf(runtime)('lab images (real engine)', () => {
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
