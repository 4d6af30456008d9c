// Every temporary folder a test makes (os.tmpdir(), here and in the programs it starts) goes into one
// folder of this run, removed at the end: a run leaves nothing in /tmp, whatever a test forgot.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Set while a run's folder exists. */
const RUN_FOLDER = 'TCP_LAB_TESTS_TMPDIR';

export default function privateTmpdir(): () => void {
  // Every vitest project runs this setup. The first makes the run's folder and the others share it: a folder
  // nested per project makes paths too long for a unix socket (108 bytes; Chromium's SingletonSocket).
  if (process.env[RUN_FOLDER]) return () => {};
  const outer = process.env.TMPDIR;
  const dir = mkdtempSync(join(tmpdir(), 'tcp-lab-tests-'));
  // Test workers start after this and inherit the environment; os.tmpdir() reads TMPDIR at every call.
  process.env.TMPDIR = dir;
  process.env[RUN_FOLDER] = dir;
  return () => {
    rmSync(dir, { recursive: true, force: true });
    delete process.env[RUN_FOLDER];
    if (outer === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = outer;
  };
}
