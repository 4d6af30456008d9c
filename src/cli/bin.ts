#!/usr/bin/env node
// The `lab` executable. Node's compile cache is switched on before anything else loads, so that
// every run after the first starts faster (the Docker client alone is a large module graph).
import module from 'node:module';

module.enableCompileCache?.();
// A reader that went away (`lab report … | head`) is no error: stop writing, quietly, as Unix tools do.
for (const stream of [process.stdout, process.stderr])
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
  });
const { cli } = await import('./main.js');
process.exitCode = await cli(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr });
