#!/usr/bin/env node
// The `lab` executable. Node's compile cache is switched on before anything else loads, so that
// every run after the first starts faster (the Docker client alone is a large module graph).
import module from 'node:module';

module.enableCompileCache?.();
const { cli } = await import('./main.js');
process.exitCode = await cli(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr });
