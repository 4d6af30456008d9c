// Where the engine is, as the docker CLI decides it: DOCKER_CONTEXT, then DOCKER_HOST, then the current
// context of ~/.docker/config.json; only when none of them names an engine, the usual local sockets.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type Modem from 'docker-modem';
import type { Environment } from '../config/environment.js';
import { LabError, systemReason } from '../errors.js';

/** One place an engine may be: where the address came from, the address, and how to reach it. */
export interface EngineAddress {
  /** e.g. `DOCKER_HOST=tcp://10.0.0.5:2375`, `context "remote" (ssh://pi@lab)`, `/var/run/docker.sock`. */
  source: string;
  options: Modem.ConstructorOptions;
}

/** `strict`: the user named this engine, so nothing else may stand in for it when it does not answer. */
export type EngineChoice = { strict: true; address: EngineAddress } | { strict: false; addresses: EngineAddress[] };

const SYSTEM_SOCKET = '/var/run/docker.sock';
const PODMAN_SYSTEM_SOCKET = '/run/podman/podman.sock';

export function chooseEngine(env: Environment, systemSocket = SYSTEM_SOCKET): EngineChoice {
  const configDir = env.dockerConfig ?? (env.home ? join(env.home, '.docker') : undefined);
  if (env.dockerContext && env.dockerContext !== 'default') {
    return { strict: true, address: contextAddress(env.dockerContext, 'DOCKER_CONTEXT', configDir, env) };
  }
  if (env.dockerHost) return { strict: true, address: hostAddress(env.dockerHost, `DOCKER_HOST=${env.dockerHost}`, env) };
  const current = configDir ? currentContext(configDir) : undefined;
  if (current && current !== 'default') return { strict: true, address: contextAddress(current, 'currentContext in config.json', configDir, env) };
  return { strict: false, addresses: localSockets(env, systemSocket) };
}

/** Docker's sockets first (system, rootless, Docker Desktop), then Podman's (rootless, rootful). */
function localSockets(env: Environment, systemSocket: string): EngineAddress[] {
  const sockets = [systemSocket];
  if (env.xdgRuntimeDir) sockets.push(`${env.xdgRuntimeDir}/docker.sock`);
  if (env.uid !== undefined) sockets.push(`/run/user/${env.uid}/docker.sock`);
  if (env.home) sockets.push(`${env.home}/.docker/run/docker.sock`, `${env.home}/.docker/desktop/docker.sock`);
  if (env.xdgRuntimeDir) sockets.push(`${env.xdgRuntimeDir}/podman/podman.sock`);
  if (env.uid !== undefined) sockets.push(`/run/user/${env.uid}/podman/podman.sock`);
  sockets.push(PODMAN_SYSTEM_SOCKET);
  return [...new Set(sockets)].map((socketPath) => ({ source: socketPath, options: { socketPath } }));
}

function currentContext(configDir: string): string | undefined {
  let text: string;
  try {
    text = readFileSync(join(configDir, 'config.json'), 'utf8');
  } catch {
    return undefined; // no config.json: the default context
  }
  try {
    const value = (JSON.parse(text) as { currentContext?: unknown }).currentContext;
    return typeof value === 'string' && value ? value : undefined;
  } catch (error) {
    throw new LabError('dockerConfigInvalid', { file: join(configDir, 'config.json'), detail: (error as Error).message });
  }
}

/** A context's endpoint, stored as the docker CLI stores it: contexts/meta/<sha256 of the name>/meta.json. */
function contextAddress(name: string, from: string, configDir: string | undefined, env: Environment): EngineAddress {
  const id = createHash('sha256').update(name).digest('hex');
  const metaFile = configDir ? join(configDir, 'contexts', 'meta', id, 'meta.json') : `~/.docker/contexts/meta/${id}/meta.json`;
  let meta: { Endpoints?: { docker?: { Host?: unknown } } };
  try {
    meta = JSON.parse(readFileSync(metaFile, 'utf8'));
  } catch (error) {
    throw new LabError('dockerContextUnreadable', { name, from, file: metaFile, reason: systemReason(error) });
  }
  const host = meta.Endpoints?.docker?.Host;
  if (typeof host !== 'string' || !host) {
    throw new LabError('dockerContextWithoutEndpoint', { name, from, file: metaFile });
  }
  const tlsDir = configDir ? join(configDir, 'contexts', 'tls', id, 'docker') : undefined;
  return hostAddress(host, `Docker context "${name}" (${from}: ${host})`, env, tlsDir);
}

/** unix://PATH, tcp://HOST:PORT (TLS when certificates are given) or ssh://[USER@]HOST[:PORT]. */
export function hostAddress(host: string, source: string, env: Pick<Environment, 'sshAuthSock' | 'dockerCertPath' | 'dockerTlsVerify'>, tlsDir?: string): EngineAddress {
  const malformed = () => new LabError('dockerAddressInvalid', { source });
  if (host.startsWith('unix://')) {
    const socketPath = host.slice('unix://'.length);
    if (!socketPath.startsWith('/')) throw malformed();
    return { source, options: { socketPath } };
  }
  let url: URL;
  try {
    url = new URL(host);
  } catch {
    throw malformed();
  }
  if (!url.hostname) throw malformed();
  if (url.protocol === 'ssh:') {
    return { source, options: { protocol: 'ssh', host: url.hostname, port: Number(url.port || 22), username: url.username || undefined, sshOptions: { agent: env.sshAuthSock } } };
  }
  if (url.protocol !== 'tcp:') throw malformed();
  // A context keeps its certificates beside its metadata (when it uses TLS); DOCKER_HOST takes DOCKER_CERT_PATH.
  const tls = tlsDir ? readCertificates(tlsDir) : env.dockerTlsVerify ? requiredCertificates(env.dockerCertPath, source) : undefined;
  return { source, options: { host: url.hostname, port: Number(url.port || (tls ? 2376 : 2375)), protocol: tls ? 'https' : 'http', ...tls } };
}

/** ca.pem, cert.pem and key.pem, as `docker --tlsverify` reads them; undefined when the folder has none. */
function readCertificates(dir: string): { ca: Buffer; cert: Buffer; key: Buffer } | undefined {
  try {
    return { ca: readFileSync(join(dir, 'ca.pem')), cert: readFileSync(join(dir, 'cert.pem')), key: readFileSync(join(dir, 'key.pem')) };
  } catch {
    return undefined;
  }
}

function requiredCertificates(dir: string | undefined, source: string): { ca: Buffer; cert: Buffer; key: Buffer } {
  const tls = dir ? readCertificates(dir) : undefined;
  if (tls) return tls;
  throw new LabError('dockerCertificatesMissing', { source, dir });
}
