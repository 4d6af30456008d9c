// The CLI as a few ES module files (dist/cli/bin.js and the chunks it loads lazily, beside it) in place of
// the ~430 modules that tsc's output and node_modules load one by one: Node's module loader, not the code,
// took most of `lab up`'s CPU time before its first engine request. Run after tsc (npm run build).
import { build } from 'esbuild';
import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const outdir = fileURLToPath(new URL('../dist/cli/', import.meta.url));
const CHUNK = 'lab-';

// Chunks of an earlier build would otherwise pile up beside the new ones.
for (const file of readdirSync(outdir)) if (file.startsWith(CHUNK)) rmSync(join(outdir, file));

await build({
  entryPoints: { bin: fileURLToPath(new URL('../src/cli/bin.ts', import.meta.url)) },
  // Beside tsc's dist/cli/ files, at the same depth: paths found from import.meta.url (../../images/,
  // ../../web/, ../../package.json) still lead to the project's folders.
  outdir,
  bundle: true,
  splitting: true, // each `await import()` stays a file of its own, loaded only when its command runs
  format: 'esm',
  platform: 'node',
  target: 'node22',
  chunkNames: `${CHUNK}[hash]`,
  allowOverwrite: true, // tsc's bin.js
  sourcemap: true,
  logLevel: 'warning',
  // Loaded from node_modules as before: the classroom server's packages (they read files beside
  // themselves), and docker-modem, whose url.parse() calls Node warns about only outside node_modules.
  external: ['fastify', '@fastify/*', 'docker-modem'],
  // The CommonJS packages bundled (commander, yaml) call require(): ES modules have none.
  banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
});
