// A rootful Podman engine of the tests' own: `podman system service` on its own socket, with its own image
// store in a temporary folder, so it starts with no image at all (no base image either) and shares nothing
// with the Docker engine or the host's Podman. Absent podman, its tests are skipped with a message
// locally; under CI=true they fail, because .ci/run installs podman.
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { execa, type ResultPromise } from 'execa';
import { readEnvironment } from '../../src/config/environment.js';
import { connectEngine, runtimeFor } from '../../src/docker/connect.js';

export function podmanAvailable(): boolean {
  try {
    execFileSync('podman', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    if (process.env.CI === 'true') throw new Error('podman is required under CI (apt-get install -y podman)');
    console.warn('podman not found: skipping the Podman tests (apt-get install -y podman)');
    return false;
  }
}

export interface PodmanService {
  /** The environment that points `lab` at this engine. */
  env: NodeJS.ProcessEnv;
  runtime: ReturnType<typeof runtimeFor>;
  product: string;
  stop(): Promise<void>;
}

export async function startPodman(): Promise<PodmanService> {
  // Straight under /tmp, not the test run's private folder: Podman refuses a runroot longer than 50 characters.
  const dir = mkdtempSync('/tmp/lab-podman-');
  const store = ['--root', join(dir, 'root'), '--runroot', join(dir, 'run')];
  const socket = join(dir, 'podman.sock');
  const service: ResultPromise = execa('podman', [...store, 'system', 'service', '--time', '0', `unix://${socket}`], { reject: false });
  let exited = false;
  service.finally(() => (exited = true));
  const env = { ...process.env, DOCKER_HOST: `unix://${socket}` };
  let engine;
  for (let attempt = 0; ; attempt++) {
    try {
      engine = await connectEngine(readEnvironment(env));
      break;
    } catch (error) {
      // A loaded machine may take well over ten seconds to bring the service up: wait up to a minute.
      if (attempt >= 300 || exited) throw new Error(`podman system service did not start: ${(error as Error).message}${exited ? `; it exited: ${String((await service).stderr).slice(-400)}` : ''}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
  return {
    env,
    runtime: runtimeFor(engine),
    product: engine.product,
    async stop() {
      service.kill('SIGTERM');
      await service;
      // Unmounts and deletes the store's layers (a plain rm would trip over overlay mounts).
      await execa('podman', [...store, 'system', 'reset', '--force'], { reject: false });
      // Podman mounts the store's overlay folder onto itself and reset leaves that mount behind.
      await execa('umount', [join(dir, 'root', 'overlay')], { reject: false });
      await execa('rm', ['-rf', dir], { reject: false });
    },
  };
}
