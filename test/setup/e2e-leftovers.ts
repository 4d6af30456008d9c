// Containers an end-to-end test starts outside any lab (a second tcpdump on the host's network) carry
// E2E_RUN_LABEL with the pid of the vitest run that started them. A run killed before its cleanup leaves
// them behind: the next run removes those whose run is gone (never another live run's, on a shared engine),
// and every run removes its own at the end.
import { readEnvironment } from '../../src/config/environment.js';
import { connectEngine, runtimeFor } from '../../src/docker/connect.js';
import type { ContainerRuntime } from '../../src/docker/runtime.js';

export const E2E_RUN_LABEL = 'dev.tcp-lab.e2e-run';
/** Set by this setup; the test workers inherit it. */
const RUN_VARIABLE = 'TCP_LAB_E2E_RUN';

/** The labels of a container an end-to-end test starts itself. */
export function e2eLabels(): Record<string, string> {
  return { [E2E_RUN_LABEL]: process.env[RUN_VARIABLE] ?? String(process.pid) };
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'; // someone else's process
  }
}

async function sweep(runtime: ContainerRuntime, remove: (run: string) => boolean): Promise<void> {
  const containers = await runtime.listContainers([E2E_RUN_LABEL]);
  await Promise.all(containers.filter((c) => remove(c.labels[E2E_RUN_LABEL] ?? '')).map((c) => runtime.removeContainer(c.id)));
}

export default async function e2eLeftovers(): Promise<() => Promise<void>> {
  const run = String(process.pid);
  process.env[RUN_VARIABLE] = run;
  let runtime: ContainerRuntime;
  try {
    runtime = runtimeFor(await connectEngine(readEnvironment()));
  } catch {
    return async () => {}; // no engine: the tests say so themselves (test/helpers/engine.ts)
  }
  await sweep(runtime, (owner) => owner !== run && !alive(Number(owner)));
  return () => sweep(runtime, (owner) => owner === run);
}
