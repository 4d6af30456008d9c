// `lab up` and its output folder on the real engine: problems found before anything is created, named by
// their cause; no half-written report; two runs of one name never mix their files; and a run killed with
// SIGKILL during `--scenario all` is cleaned up by the name the user gave.
import { execa } from 'execa';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LABELS } from '../../src/docker/labels.js';
import type { ContainerRuntime } from '../../src/docker/runtime.js';
import { engineOrSkip, lab, leftovers, projectRoot } from '../helpers/engine.ts';

const runtime: ContainerRuntime | null = await engineOrSkip();
const isRoot = process.getuid?.() === 0;
const mounts: string[] = [];
afterAll(async () => {
  for (const mount of mounts) await execa('umount', [mount], { reject: false });
});

/** A tmpfs mounted for the test (needs root, as in CI): read-only, or tiny enough to fill up. */
async function mountTmpfs(dir: string, options: string): Promise<string> {
  mkdirSync(dir, { recursive: true });
  await execa('mount', ['-t', 'tmpfs', '-o', options, 'tmpfs', dir]);
  mounts.push(dir);
  return dir;
}

function expectCleanFailure(result: { exitCode?: number; stderr: unknown }, cause: RegExp) {
  expect(result.exitCode, String(result.stderr)).toBe(1);
  expect(String(result.stderr)).toMatch(cause);
  expect(String(result.stderr)).not.toMatch(/unexpected error|\n\s+at /);
}

describe.runIf(runtime)('lab up: the output folder (real engine)', () => {
  const root = mkdtempSync(join(tmpdir(), 'lab-e2e-out-'));

  it('a file where the output folder should be (ENOTDIR): named, before anything is created', async () => {
    const file = join(root, 'a-file');
    writeFileSync(file, 'not a folder');
    const result = await lab(['up', '--name', 'e2e-notdir', '--out', join(file, 'out')]);
    expectCleanFailure(result, /part of that path is a file, not a folder/);
    expect(String(result.stderr)).not.toMatch(/docker engine/); // checked before the engine is even asked
    expect(await leftovers(runtime!, 'e2e-notdir')).toEqual([]);
  });

  it.runIf(isRoot)('a read-only file system (EROFS, not ENOENT): named, before anything is created', async () => {
    const ro = await mountTmpfs(join(root, 'ro'), 'ro,size=1m');
    const result = await lab(['up', '--name', 'e2e-rofs', '--out', join(ro, 'deep', 'out')]);
    expectCleanFailure(result, /the file system is read-only/);
    expect(await leftovers(runtime!, 'e2e-rofs')).toEqual([]);
  });

  it.runIf(isRoot)('a folder the user may not write (EACCES): named, before anything is created', async () => {
    const locked = join(root, 'locked');
    mkdirSync(locked);
    chmodSync(locked, 0o555);
    chmodSync(root, 0o755);
    const result = await execa('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, `${projectRoot}dist/cli/bin.js`, 'up', '--name', 'e2e-acces', '--out', locked], {
      cwd: root,
      reject: false,
    });
    expectCleanFailure(result, /permission denied/);
  });

  it.runIf(isRoot)('a full disk (ENOSPC): named, no half-written report, nothing left; with --keep the user is told what still runs', async () => {
    const full = await mountTmpfs(join(root, 'full'), 'size=24k');
    const result = await lab(['up', '--name', 'e2e-full', '--out', full]);
    expectCleanFailure(result, /no space left on the device/);
    expect(readdirSync(full)).toEqual([]);
    expect(await leftovers(runtime!, 'e2e-full')).toEqual([]);

    const kept = await lab(['up', '--name', 'e2e-full-keep', '--out', full, '--keep']);
    expectCleanFailure(kept, /no space left on the device[^]*still running \(--keep\)[^]*lab down --name e2e-full-keep/);
    expect(readdirSync(full)).toEqual([]);
    expect(await leftovers(runtime!, 'e2e-full-keep')).not.toEqual([]);
    expect((await lab(['down', '--name', 'e2e-full-keep'])).exitCode).toBe(0);
    expect(await leftovers(runtime!, 'e2e-full-keep')).toEqual([]);
  });

  it('two lab up with the same name and folder at once: never a mixed or broken output', async () => {
    const out = join(root, 'same');
    for (let round = 0; round < 2; round++) {
      const runs = await Promise.all([0, 1].map(() => lab(['up', '--name', 'e2e-same', '--out', out, '--json'])));
      const ok = runs.filter((run) => run.exitCode === 0);
      expect(ok.length, runs.map((run) => String(run.stderr)).join('\n')).toBeGreaterThanOrEqual(1);
      for (const refused of runs.filter((run) => run.exitCode !== 0)) {
        expectCleanFailure(refused, /another lab up \(pid \d+\) is writing .*e2e-same/);
      }
      // What is in place is one whole run: its report explains its own capture.
      const report = JSON.parse(readFileSync(join(out, 'e2e-same', 'report.json'), 'utf8'));
      expect(report.connections).toHaveLength(1);
      const runIds = ok.map((run) => JSON.parse(String(run.stdout)).runId);
      const events = readFileSync(join(out, 'e2e-same', 'events.jsonl'), 'utf8');
      expect(runIds.length).toBeGreaterThan(0);
      expect(readdirSync(out)).toEqual(['e2e-same']); // no staging folder or lock left
      expect(events.trim().split('\n').every((line) => JSON.parse(line.replace(/"t":(\d+)/, '"t":"$1"')))).toBe(true);
    }
    expect(await leftovers(runtime!, 'e2e-same')).toEqual([]);
  });
});

describe.runIf(runtime)('lab down after a SIGKILL during --scenario all (real engine)', () => {
  it('finds every resource by the name the user gave; the preset is a label of its own', async () => {
    const out = mkdtempSync(join(tmpdir(), 'lab-e2e-all-'));
    const child = lab(['up', '--name', 'e2e-all-killed', '--scenario', 'all', '--out', out]);
    let seen = '';
    let killed = false;
    child.stderr!.on('data', (chunk: Buffer) => {
      seen += chunk.toString();
      // Killed in the second preset, once its server and capture run.
      if (!killed && /client-close[^]*server \+ capture ready/.test(seen)) {
        killed = true;
        child.kill('SIGKILL');
      }
    });
    await child;
    expect(killed).toBe(true);
    const containers = await runtime!.listContainers([`${LABELS.lab}=e2e-all-killed`]);
    expect(containers.length).toBeGreaterThan(0);
    // Everything left belongs to the preset that was running, named in its own label (not in the lab's name).
    const presets = new Set(containers.map((c) => c.labels[LABELS.scenario]));
    expect(presets.size).toBe(1);
    expect(['client-close', 'three-way-close']).toContain([...presets][0]);
    const down = await lab(['down', '--name', 'e2e-all-killed']);
    expect(down.exitCode).toBe(0);
    expect(await leftovers(runtime!, 'e2e-all-killed')).toEqual([]);
    expect(existsSync(join(out, 'e2e-all-killed'))).toBe(false);
  });
});
