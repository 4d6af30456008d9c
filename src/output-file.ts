// Writing a command's output file: through a temporary file in the same folder that is renamed over the
// target only when everything was written, so a failure (full disk, Ctrl-C) never leaves a truncated or
// empty file, and an existing file is replaced whole or not at all. Devices and pipes (/dev/stdout,
// /dev/null, a FIFO) are written directly: renaming over them would replace them.
import { closeSync, openSync, renameSync, statSync, unlinkSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { LabError, systemReason } from './errors.js';

export interface OutputFile {
  /** Where to write now (the temporary file, or the target itself). */
  readonly fd: number;
  /** Everything was written: put it in place. */
  commit(): void;
  /** Something failed: remove what was written. */
  discard(): void;
}

export function openOutputFile(path: string): OutputFile {
  if (isSpecialFile(path)) {
    const fd = open(path, path);
    return { fd, commit: () => closeSync(fd), discard: () => closeSync(fd) };
  }
  const temporary = join(dirname(path), `.${basename(path)}.${process.pid}.${Math.random().toString(36).slice(2, 8)}.tmp`);
  const fd = open(temporary, path);
  return {
    fd,
    commit() {
      closeSync(fd);
      try {
        renameSync(temporary, path);
      } catch (error) {
        unlinkSync(temporary);
        throw unwritable(path, error);
      }
    },
    discard() {
      closeSync(fd);
      unlinkSync(temporary);
    },
  };
}

/** Runs `write` on a fresh output file and puts it in place; on any failure nothing is left behind. */
export function writeOutputFile(path: string, write: (fd: number) => void): void {
  const file = openOutputFile(path);
  try {
    write(file.fd);
  } catch (error) {
    file.discard();
    throw isSystemError(error) ? unwritable(path, error) : error;
  }
  file.commit();
}

function isSpecialFile(path: string): boolean {
  try {
    return !statSync(path).isFile();
  } catch {
    return false; // it does not exist yet
  }
}

function open(path: string, shownAs: string): number {
  try {
    return openSync(path, 'w', 0o644);
  } catch (error) {
    throw unwritable(shownAs, error);
  }
}

function isSystemError(error: unknown): boolean {
  return typeof (error as NodeJS.ErrnoException)?.code === 'string' && typeof (error as NodeJS.ErrnoException).syscall === 'string';
}

function unwritable(path: string, error: unknown): LabError {
  return new LabError('outputUnwritable', { path, reason: systemReason(error) }, { cause: error });
}
