// Every temporary folder a test makes (os.tmpdir(), here and in the programs it starts) goes into one
// folder of this run, removed at the end: a run leaves nothing in /tmp, whatever a test forgot.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export default function privateTmpdir(): () => void {
  const outer = process.env.TMPDIR;
  const dir = mkdtempSync(join(tmpdir(), 'tcp-lab-tests-'));
  // Test workers start after this and inherit the environment; os.tmpdir() reads TMPDIR at every call.
  process.env.TMPDIR = dir;
  return () => {
    rmSync(dir, { recursive: true, force: true });
    if (outer === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = outer;
  };
}
