// The end-to-end tests run the built CLI (dist/, bundled as npm run build bundles it): build it first, so
// that they never test stale code.
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export default function buildDist(): void {
  const tsc = join(dirname(createRequire(import.meta.url).resolve('typescript/package.json')), 'bin', 'tsc');
  const cwd = fileURLToPath(new URL('../../', import.meta.url));
  execFileSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { cwd, stdio: 'inherit' });
  execFileSync(process.execPath, ['build/bundle-cli.ts'], { cwd, stdio: 'inherit' });
}
