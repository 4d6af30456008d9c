// The one place the CLI turns the environment into a connected runtime.
import { readEnvironment } from '../../config/environment.js';
import { connectEngine, runtimeFor, type ConnectedEngine } from '../../docker/connect.js';
import type { ContainerRuntime, ImageArchives, RuntimeOptions } from '../../docker/runtime.js';

export async function connectRuntime(env: NodeJS.ProcessEnv, options: RuntimeOptions = {}): Promise<ContainerRuntime & ImageArchives> {
  return (await connectWithEngine(env, options)).runtime;
}

/** The runtime, and which engine answered (for what differs between Docker and Podman). */
export async function connectWithEngine(env: NodeJS.ProcessEnv, options: RuntimeOptions = {}): Promise<{ engine: ConnectedEngine; runtime: ContainerRuntime & ImageArchives }> {
  const engine = await connectEngine(readEnvironment(env));
  return { engine, runtime: runtimeFor(engine, options) };
}
