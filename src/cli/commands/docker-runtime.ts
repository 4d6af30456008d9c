// The one place the CLI turns the environment into a connected runtime.
import { readEnvironment } from '../../config/environment.js';
import { connectEngine, runtimeFor } from '../../docker/connect.js';
import type { ContainerRuntime, ImageArchives, RuntimeOptions } from '../../docker/runtime.js';

export async function connectRuntime(env: NodeJS.ProcessEnv, options: RuntimeOptions = {}): Promise<ContainerRuntime & ImageArchives> {
  return runtimeFor(await connectEngine(readEnvironment(env)), options);
}

/** Starts finding the engine at once, so that its answer comes while the caller loads and checks the rest;
 * the runtime (and any failure to find an engine) once asked for, with the options known by then. Aborting
 * `stop` gives up asking, so that a mistake found meanwhile is not held up by an engine that does not answer. */
export function connectingRuntime(env: NodeJS.ProcessEnv, stop: AbortSignal): (options: RuntimeOptions) => Promise<ContainerRuntime & ImageArchives> {
  const engine = connectEngine(readEnvironment(env), undefined, stop);
  engine.catch(() => {}); // reported when the runtime is asked for, not before a lab.yaml mistake
  return async (options) => runtimeFor(await engine, options);
}
