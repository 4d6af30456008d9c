// The one place the CLI turns the environment into a connected runtime.
import { readEnvironment } from '../../config/environment.js';
import { connectDocker } from '../../docker/connect.js';
import { dockerRuntime, type ContainerRuntime } from '../../docker/runtime.js';

export async function connectRuntime(): Promise<ContainerRuntime> {
  return dockerRuntime(await connectDocker(readEnvironment()));
}
