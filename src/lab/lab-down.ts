// Removes what labs created, found by label: works after a crash or kill -9 as well as after a normal run.
import { everyLabFilter, LABELS, labFilter } from '../docker/labels.js';
import type { ContainerRuntime } from '../docker/runtime.js';

export interface Removed {
  containers: string[];
  networks: string[];
}

/** Removes one run's containers (all, or only the given roles) in parallel, then its network. */
export async function removeRun(runtime: ContainerRuntime, runId: string, roles?: string[]): Promise<Removed> {
  return removeMatching(runtime, [`${LABELS.run}=${runId}`], roles);
}

/** Removes resources by the ids the engine gave when it created them: the containers in parallel, then the
 * networks (which must have no container left). */
export async function removeByIds(runtime: ContainerRuntime, { containers, networks }: { containers: string[]; networks: string[] }): Promise<void> {
  await settleAll(containers.map((id) => runtime.removeContainer(id)));
  await settleAll(networks.map((id) => runtime.removeNetwork(id)));
}

/** `lab down`: one lab's resources, or every lab's (only when asked for by name: never by a missing name). */
export async function labDown(runtime: ContainerRuntime, target: { lab: string } | { all: true }): Promise<Removed> {
  return removeMatching(runtime, 'all' in target ? everyLabFilter() : labFilter(target.lab));
}

async function removeMatching(runtime: ContainerRuntime, filters: string[], roles?: string[]): Promise<Removed> {
  const containers = (await runtime.listContainers(filters)).filter((c) => !roles || roles.includes(c.labels[LABELS.role] ?? ''));
  await settleAll(containers.map((c) => runtime.removeContainer(c.id)));
  if (roles) return { containers: containers.map((c) => c.name), networks: [] };
  const networks = await runtime.listNetworks(filters);
  await settleAll(networks.map((n) => runtime.removeNetwork(n.id)));
  return { containers: containers.map((c) => c.name), networks: networks.map((n) => n.name) };
}

/** Runs every removal even if some fail, then reports the failures together. */
async function settleAll(removals: Promise<void>[]): Promise<void> {
  const failures = (await Promise.allSettled(removals)).filter((r) => r.status === 'rejected');
  if (failures.length === 1) throw failures[0]!.reason;
  if (failures.length > 1) throw new AggregateError(failures.map((f) => f.reason), `${failures.length} removals failed`);
}
