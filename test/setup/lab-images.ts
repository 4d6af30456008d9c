// The lab's images, built once before any end-to-end test: on a fresh machine the build takes longer than
// lab()'s 100 s limit in the tests (test/helpers/engine.ts), which would otherwise fall on whichever test
// happens to run first. Without an engine, the tests themselves skip with a message, or fail under CI=true.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export default function buildLabImages(): void {
  try {
    execFileSync('node', ['dist/cli/bin.js', 'images'], { cwd: fileURLToPath(new URL('../../', import.meta.url)), stdio: 'inherit', timeout: 590_000 });
  } catch (error) {
    if (process.env.CI === 'true') throw error;
  }
}
