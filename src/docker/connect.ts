// Finds a Docker engine: an ordered chain of candidates (DOCKER_HOST, the usual socket paths, rootless
// and Docker Desktop sockets). The first that answers a ping wins; if none does, the error lists them all.
import { existsSync } from 'node:fs';
import Docker from 'dockerode';
import type { Environment } from '../config/environment.js';
import { LabError } from '../errors.js';
import { withTimeout } from '../waiting.js';

interface Candidate {
  source: string;
  options: Docker.DockerOptions;
}

const SYSTEM_SOCKET = '/var/run/docker.sock';

function candidates(env: Environment, systemSocket: string): Candidate[] {
  const list: Candidate[] = [];
  if (env.dockerHost) list.push({ source: `DOCKER_HOST=${env.dockerHost}`, options: optionsForHost(env.dockerHost) });
  const sockets = [systemSocket];
  if (env.xdgRuntimeDir) sockets.push(`${env.xdgRuntimeDir}/docker.sock`);
  if (env.uid !== undefined) sockets.push(`/run/user/${env.uid}/docker.sock`);
  if (env.home) sockets.push(`${env.home}/.docker/run/docker.sock`, `${env.home}/.docker/desktop/docker.sock`);
  for (const socketPath of new Set(sockets)) list.push({ source: socketPath, options: { socketPath } });
  return list;
}

function optionsForHost(host: string): Docker.DockerOptions {
  if (host.startsWith('unix://')) return { socketPath: host.slice('unix://'.length) };
  const url = new URL(host.replace(/^tcp:/, 'http:'));
  return { host: url.hostname, port: Number(url.port || 2375), protocol: 'http' };
}

/** Connects to the first engine that answers; throws DOCKER_UNREACHABLE naming every place tried. */
export async function connectDocker(env: Environment, systemSocket = SYSTEM_SOCKET): Promise<Docker> {
  const tried: string[] = [];
  for (const candidate of candidates(env, systemSocket)) {
    const path = candidate.options.socketPath;
    if (path && !existsSync(path)) {
      tried.push(`${candidate.source}: no such socket`);
      continue;
    }
    const docker = new Docker(candidate.options);
    try {
      // dockerode's own timeout option would also cut long calls (build, wait): bound only the ping.
      await withTimeout(docker.ping(), 5_000, 'an answer to ping');
      return docker;
    } catch (error) {
      tried.push(`${candidate.source}: ${(error as Error).message}`);
    }
  }
  throw new LabError('DOCKER_UNREACHABLE', `no Docker engine answered. Tried:\n  ${tried.join('\n  ')}`, {
    hint:
      'Start Docker (Linux: `sudo systemctl start docker`, or run `dockerd`; macOS/Windows: open Docker Desktop), ' +
      'or set DOCKER_HOST to the engine, e.g. DOCKER_HOST=unix:///run/user/1000/docker.sock. ' +
      'If the socket exists but is refused, add yourself to the docker group.',
  });
}
