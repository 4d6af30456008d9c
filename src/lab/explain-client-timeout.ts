// A scripted client that never finished on Podman: the usual cause is a host whose firewall drops the lab
// network's bridged traffic (Docker beside Podman, src/docker/podman-forwarding.ts), where every SYN
// vanishes and the client retries until the deadline. When the host shows that conflict, the error says
// so with its fix, instead of a bare timeout.
import type { ConnectedEngine } from '../docker/connect.js';
import { buildContext } from '../docker/images.js';
import { podmanForwardConflict } from '../docker/podman-forwarding.js';
import { podmanNetworkBackend } from '../docker/podman-runtime.js';
import type { ContainerRuntime } from '../docker/runtime.js';
import { LabError, TimeoutError } from '../errors.js';
import { hostForwardingProbe } from './host-probes.js';

/** `engine` says which engine ran the lab (asked only after such a timeout). */
export async function explainClientTimeout(error: unknown, runtime: ContainerRuntime | undefined, engine: () => Promise<ConnectedEngine>): Promise<unknown> {
  if (!(error instanceof TimeoutError) || error.params.what !== 'clientFinish' || !runtime) return error;
  try {
    const { product, modem } = await engine();
    if (product !== 'Podman') return error;
    const [backend, host] = await Promise.all([podmanNetworkBackend(modem), buildContext('capture').then(({ tag }) => hostForwardingProbe(runtime, tag))]);
    const conflict = podmanForwardConflict(backend, host);
    return conflict ? new LabError('podmanForwardDropped', { ...conflict, ms: error.params.ms }, { cause: error }) : error;
  } catch {
    return error; // the probe failing says nothing about the timeout: the timeout stays the error
  }
}
