// OUT/NAME/ for one `lab up`: checked before anything is created on the engine, held by a lock so that
// two runs of one name cannot mix their files, written in a staging folder beside it and renamed into
// place only when complete: a failure or an interrupt never leaves a half-written report.
import { mkdir, open, readFile, rename, rm, stat, unlink } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { LabError, systemReason } from '../errors.js';

export interface OutputFolder {
  /** Where the outputs end up: OUT/NAME. */
  readonly dir: string;
  /** Where they are written until commit(). */
  readonly staging: string;
  /** Moves the staging folder into place (replacing an earlier run's) and releases the lock. */
  commit(): Promise<void>;
  /** Deletes the staging folder and releases the lock. */
  discard(): Promise<void>;
}

export async function prepareOutputFolder(out: string, name: string, runId: string): Promise<OutputFolder> {
  const dir = join(out, name);
  const staging = join(out, `.${name}.${runId}.partial`);
  const lockFile = join(out, `.${name}.lock`);
  await makeFolder(out);
  await takeLock(lockFile, dir);
  try {
    await outputCall(out, () => mkdir(staging));
  } catch (error) {
    await unlink(lockFile).catch(() => {});
    throw error;
  }
  const release = () => unlink(lockFile).catch(() => {});
  return {
    dir,
    staging,
    async commit() {
      try {
        const previous = join(out, `.${name}.${runId}.previous`);
        const hadPrevious = await stat(dir).then(() => true, () => false);
        if (hadPrevious) await outputCall(dir, () => rename(dir, previous));
        await outputCall(dir, () => rename(staging, dir));
        if (hadPrevious) await rm(previous, { recursive: true, force: true });
      } finally {
        await release();
      }
    },
    async discard() {
      await rm(staging, { recursive: true, force: true });
      await release();
    },
  };
}

/** mkdir -p that reports the real cause: a recursive mkdir says ENOENT where a parent cannot be made
 * (a read-only file system), so on ENOENT the missing folders are made one by one. */
async function makeFolder(path: string): Promise<void> {
  try {
    await mkdir(path, { recursive: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw outputError(error, path);
    const missing: string[] = [];
    for (let p = resolve(path); !(await stat(p).then(() => true, () => false)); p = dirname(p)) missing.unshift(p);
    for (const folder of missing) await outputCall(folder, () => mkdir(folder));
  }
}

/** One writer per OUT/NAME: a lock file holding the writer's pid; a lock whose process is gone is taken over. */
async function takeLock(lockFile: string, dir: string): Promise<void> {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const handle = await open(lockFile, 'wx');
      await handle.writeFile(String(process.pid));
      await handle.close();
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw outputError(error, lockFile);
      const pid = Number(await readFile(lockFile, 'utf8').catch(() => ''));
      if (pid && isRunning(pid)) {
        throw new LabError('outputBusy', { pid, dir });
      }
      await unlink(lockFile).catch(() => {}); // left by a run that was killed
    }
  }
  throw new LabError('outputLockFailed', { file: lockFile });
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Runs a file-system call on the output, turning its failure into a message that names the cause. */
export async function outputCall<T>(path: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw outputError(error, path);
  }
}

/** File-system causes a user can meet and act on; others stay unexpected errors. */
const USER_CAUSES = new Set(['ENOTDIR', 'EEXIST', 'EACCES', 'EPERM', 'EROFS', 'ENOSPC', 'EDQUOT']);

export function outputError(error: unknown, path: string): unknown {
  const code = (error as NodeJS.ErrnoException).code;
  if (!code || !USER_CAUSES.has(code)) return error;
  return new LabError('outputFolderUnwritable', { path, reason: systemReason(error) }, { cause: error });
}
