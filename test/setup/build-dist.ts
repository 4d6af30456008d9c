// The end-to-end tests run the built CLI (dist/cli/bin.js): build it first, as `npm run build` does (its one
// definition, in package.json), so that they never test stale code.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export default function buildDist(): void {
  execFileSync('npm', ['run', '--silent', 'build'], { cwd: fileURLToPath(new URL('../../', import.meta.url)), stdio: 'inherit' });
}
