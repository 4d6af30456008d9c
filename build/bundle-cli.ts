// The CLI as a few ES module files (dist/cli/bin.js and the chunks it loads lazily, beside it) in place of
// the ~430 modules that tsc's output and node_modules load one by one: Node's module loader, not the code,
// took most of `lab up`'s CPU time before its first engine request. This is all dist/ holds: tsc only checks
// the types (npm run build).
import { build } from 'esbuild';
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const dist = fileURLToPath(new URL('../dist/', import.meta.url));

// Files of an earlier build (chunks are named by their hash) would otherwise pile up beside the new ones.
rmSync(dist, { recursive: true, force: true });

await build({
  entryPoints: { bin: fileURLToPath(new URL('../src/cli/bin.ts', import.meta.url)) },
  // As deep as src/cli/: paths found from import.meta.url (../../images/, ../../web/, ../../package.json)
  // lead to the project's folders from either.
  outdir: `${dist}cli/`,
  bundle: true,
  splitting: true, // each `await import()` stays a file of its own, loaded only when its command runs
  format: 'esm',
  platform: 'node',
  target: 'node22',
  // A lazily loaded module's chunk is named for it (lab-lab-up-…, lab-html-…), so that a stack trace says
  // which part of the code a frame is in; code shared by several is lab-chunk-… (each file's .map leads back to src/).
  chunkNames: 'lab-[name]-[hash]',
  sourcemap: true,
  logLevel: 'warning',
  // Loaded from node_modules as before: the classroom server's packages (they read files beside
  // themselves), and docker-modem, whose url.parse() calls Node warns about only outside node_modules.
  external: ['fastify', '@fastify/*', 'docker-modem'],
  // The CommonJS packages bundled (commander, yaml) call require(): ES modules have none.
  banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
});
