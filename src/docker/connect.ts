// Connects to the engine chosen as the docker CLI would choose it (engine-address.ts) and says which engine
// answered. An engine the user named (DOCKER_HOST, a context) must answer itself: nothing stands in for it.
import { existsSync } from 'node:fs';
import Modem from 'docker-modem';
import type { Environment } from '../config/environment.js';
import { LabError } from '../errors.js';
import { withTimeout } from '../waiting.js';
import { chooseEngine, type EngineAddress } from './engine-address.js';
import { podmanRuntime } from './podman-runtime.js';
import { dial, dockerRuntime, type ContainerRuntime, type ImageArchives, type RuntimeOptions } from './runtime.js';

export interface ConnectedEngine {
  modem: Modem;
  /** Where it was found: `DOCKER_HOST=…`, a context, or a socket path. */
  source: string;
  product: 'Docker' | 'Podman';
  version: string;
  apiVersion: string;
}

const ANSWER_MS = 5_000;

/** The first engine that answers; throws DOCKER_UNREACHABLE naming every place that was tried. */
/** `signal` stops asking: the caller no longer needs an engine (a lab.yaml mistake was found meanwhile). */
export async function connectEngine(env: Environment, systemSocket?: string, signal?: AbortSignal): Promise<ConnectedEngine> {
  const choice = chooseEngine(env, systemSocket);
  if (choice.strict) {
    const answer = await tryAddress(choice.address, signal);
    if ('engine' in answer) return answer.engine;
    throw new LabError('dockerNotAnswering', { source: choice.address.source, failure: answer.failure });
  }
  const tried: string[] = [];
  for (const address of choice.addresses) {
    const answer = await tryAddress(address, signal);
    if ('engine' in answer) return answer.engine;
    tried.push(`${address.source}: ${answer.failure}`);
  }
  throw new LabError('dockerUnreachable', { tried });
}

async function tryAddress(address: EngineAddress, signal?: AbortSignal): Promise<{ engine: ConnectedEngine } | { failure: string }> {
  signal?.throwIfAborted();
  const path = address.options.socketPath;
  if (typeof path === 'string' && !existsSync(path)) return { failure: 'no such socket' };
  const modem = new Modem(address.options);
  const unanswered = new AbortController(); // a request left open keeps the process alive
  try {
    // The modem's own timeout option would also cut long calls (build, wait): bound only this call.
    const version = await withTimeout(dial<EngineVersion>(modem, { path: '/version', method: 'GET', statusCodes: { 200: true, 500: 'server error' }, abortSignal: unanswered.signal }), ANSWER_MS, 'engineAnswer', signal);
    const podman = (version.Components ?? []).some((component) => /podman/i.test(component.Name));
    return { engine: { modem, source: address.source, product: podman ? 'Podman' : 'Docker', version: version.Version, apiVersion: version.ApiVersion } };
  } catch (error) {
    if (signal?.aborted) throw signal.reason; // given up by the caller: no failure of this address
    return { failure: (error as Error).message };
  } finally {
    unanswered.abort();
  }
}

/** The runtime that speaks to this engine: Docker's, or Docker's with Podman's differences. */
export function runtimeFor(engine: ConnectedEngine, options: RuntimeOptions = {}): ContainerRuntime & ImageArchives {
  return engine.product === 'Podman' ? podmanRuntime(engine.modem, options) : dockerRuntime(engine.modem, options);
}

/** What the lab reads of GET /version. */
interface EngineVersion {
  Version: string;
  ApiVersion: string;
  Components?: { Name: string }[];
}
