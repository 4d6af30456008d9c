// Podman's Docker-compatible API differs from Docker's where the lab depends on it in one place: a container
// whose network namespace another container joined (`container:<id>`, the capture beside the server)
// cannot be removed before that other one ("has dependent containers"), where Docker removes both in any
// order. Podman's own API removes a container together with its dependents (`depend=true`).
import type Modem from 'docker-modem';
import { DockerError } from '../errors.js';
import { CALL_DEADLINE_MS, dial, dockerRuntime, type ContainerRuntime, type ImageArchives, type RuntimeOptions } from './runtime.js';

/** The libpod API version that Podman 4.0 and later serve beside the Docker-compatible one. */
const LIBPOD_API = 'v4.0.0';

export function podmanRuntime(modem: Modem, options: RuntimeOptions = {}): ContainerRuntime & ImageArchives {
  const { giveUp, callDeadlineMs = CALL_DEADLINE_MS } = options;
  return {
    ...dockerRuntime(modem, options),
    async removeContainer(id) {
      giveUp?.throwIfAborted();
      try {
        await dial(modem, {
          path: `/${LIBPOD_API}/libpod/containers/${encodeURIComponent(id)}?`,
          method: 'DELETE',
          options: { force: true, depend: true, volumes: true },
          // 404: already gone (a dependent removed with its server, or a concurrent lab down)
          statusCodes: { 200: true, 404: true, 500: 'server error' },
          abortSignal: AbortSignal.any([AbortSignal.timeout(callDeadlineMs), ...(giveUp ? [giveUp] : [])]),
        });
      } catch (error) {
        throw new DockerError('dockerEngine', { what: `Podman: removing container ${id.slice(0, 12)}`, detail: (error as Error).message }, { cause: error });
      }
    },
  };
}

/** Podman's network backend (`cni` or `netavark`), from its own API; undefined when it does not say. */
export async function podmanNetworkBackend(modem: Modem, callDeadlineMs = CALL_DEADLINE_MS): Promise<string | undefined> {
  let info: { host?: { networkBackend?: string } };
  try {
    info = await dial(modem, { path: `/${LIBPOD_API}/libpod/info`, method: 'GET', statusCodes: { 200: true, 500: 'server error' }, abortSignal: AbortSignal.timeout(callDeadlineMs) });
  } catch (error) {
    throw new DockerError('dockerEngine', { what: 'Podman: reading its info', detail: (error as Error).message }, { cause: error });
  }
  return info.host?.networkBackend || undefined;
}
