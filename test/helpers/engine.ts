// The real Docker engine for end-to-end tests. Locally, without an engine, they are skipped with a
// message; under CI=true they fail, because .ci/run starts one.
import { execa, type Options } from 'execa';
import { fileURLToPath } from 'node:url';
import { readEnvironment } from '../../src/config/environment.js';
import { connectEngine, runtimeFor } from '../../src/docker/connect.js';
import { labFilter } from '../../src/docker/labels.js';
import type { ContainerRuntime } from '../../src/docker/runtime.js';

export const projectRoot = fileURLToPath(new URL('../../', import.meta.url));

export async function engineOrSkip(): Promise<ContainerRuntime | null> {
  try {
    return runtimeFor(await connectEngine(readEnvironment()));
  } catch (error) {
    if (process.env.CI === 'true') throw error;
    console.warn(`no Docker engine reachable, skipping the end-to-end tests: ${(error as Error).message.split('\n')[0]}`);
    return null;
  }
}

/**
 * Runs the built CLI, as a user would. A run that hangs is interrupted as a user would (SIGINT, so the lab
 * removes what it made) before the e2e project's 120 s test timeout, which would leave the process running
 * behind the failed test; a test that expects a longer run passes its own `timeout`.
 */
export function lab(args: string[], options: Options = {}) {
  return execa('node', [`${projectRoot}dist/cli/bin.js`, ...args], { cwd: projectRoot, reject: false, timeout: 100_000, killSignal: 'SIGINT', forceKillAfterDelay: 10_000, ...options });
}

/** `lab images` for a beforeAll that reads its output (test/setup/lab-images.ts built them already, unless
 * that failed locally): a build takes longer than lab()'s 100 s, so it is interrupted only near the e2e hooks'
 * 600 s limit. */
export const labImages = () => lab(['images'], { timeout: 590_000 });

/** Containers and networks that carry the given lab's labels. */
export async function leftovers(runtime: ContainerRuntime, name: string): Promise<string[]> {
  const [containers, networks] = await Promise.all([runtime.listContainers(labFilter(name)), runtime.listNetworks(labFilter(name))]);
  return [...containers, ...networks].map((r) => r.name);
}
