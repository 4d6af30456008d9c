// The one place the CLI turns the environment into a connected runtime.
import { readEnvironment } from '../../config/environment.js';
import { connectEngine, runtimeFor } from '../../docker/connect.js';
import type { ContainerRuntime, ImageArchives, RuntimeOptions } from '../../docker/runtime.js';

export async function connectRuntime(env: NodeJS.ProcessEnv, options: RuntimeOptions = {}): Promise<ContainerRuntime & ImageArchives> {
  return runtimeFor(await connectEngine(readEnvironment(env)), options);
}
