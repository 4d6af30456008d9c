// A rootful Podman engine of the tests' own: `podman system service` on its own socket, with its own image
// store in a temporary folder, so it starts with no image at all (no base image either) and shares nothing
// with the Docker engine or the host's Podman. Absent podman, its tests are skipped with a message
// locally; under CI=true they fail, because .ci/run installs podman.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
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

/** Where netavark is: .ci/run unpacks Debian's package into /opt/tcp-lab-netavark without installing it,
 * so that Podman's own default backend on the machine (CNI on Debian 12) stays as it is. Absent, the
 * netavark tests are skipped with a message locally and fail under CI=true. */
export function netavarkFolder(): string | undefined {
  const folders = ['/opt/tcp-lab-netavark/usr/lib/podman', '/usr/lib/podman', '/usr/libexec/podman'];
  const found = folders.find((folder) => existsSync(join(folder, 'netavark')));
  if (found) return found;
  if (process.env.CI === 'true') throw new Error('netavark is required under CI (.ci/run unpacks it into /opt/tcp-lab-netavark)');
  console.warn('netavark not found: skipping the Podman netavark tests (see .ci/run)');
  return undefined;
}

/** `netavark`: the service uses the netavark network backend found in that folder, with its network
 * definitions in the service's own folder (nothing written under /etc). */
export async function startPodman({ netavark }: { netavark?: string } = {}): Promise<PodmanService> {
  // Straight under /tmp, not the test run's private folder: Podman refuses a runroot longer than 50 characters.
  const dir = mkdtempSync('/tmp/lab-podman-');
  const store = ['--root', join(dir, 'root'), '--runroot', join(dir, 'run')];
  const socket = join(dir, 'podman.sock');
  const serviceEnv: NodeJS.ProcessEnv = { ...process.env };
  if (netavark) {
    mkdirSync(join(dir, 'networks'));
    const helpers = [netavark, '/usr/local/libexec/podman', '/usr/local/lib/podman', '/usr/libexec/podman', '/usr/lib/podman'];
    const conf = `[network]\nnetwork_backend = "netavark"\nnetwork_config_dir = "${join(dir, 'networks')}"\n[engine]\nhelper_binaries_dir = ${JSON.stringify(helpers)}\n`;
    writeFileSync(join(dir, 'containers.conf'), conf);
    serviceEnv.CONTAINERS_CONF = join(dir, 'containers.conf');
  }
  const service: ResultPromise = execa('podman', [...store, 'system', 'service', '--time', '0', `unix://${socket}`], { reject: false, env: serviceEnv });
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
      await execa('podman', [...store, 'system', 'reset', '--force'], { reject: false, env: serviceEnv });
      // Podman mounts the store's overlay folder onto itself and reset leaves that mount behind.
      await execa('umount', [join(dir, 'root', 'overlay')], { reject: false });
      await execa('rm', ['-rf', dir], { reject: false });
    },
  };
}
