// `lab capture`: a running lab's capture as a pcap stream, from its first packet, then live. The capture
// container keeps a copy of everything tcpdump wrote (a tmpfs); `tail -f` in it replays the copy and follows
// it, so several readers can follow one lab, each from the start. The stream ends when the lab is removed.
import { LABELS } from '../docker/labels.js';
import type { AttachedStreams, ContainerRuntime } from '../docker/runtime.js';
import { LabError } from '../errors.js';
import { CAPTURE_COPY } from './plan.js';

export async function followLabCapture(runtime: ContainerRuntime, lab: string): Promise<AttachedStreams> {
  const [capture] = await runtime.listContainers([`${LABELS.lab}=${lab}`, `${LABELS.role}=capture`]);
  if (!capture) {
    throw new LabError('noRunningCapture', { lab });
  }
  return runtime.execAttached(capture.id, ['tail', '-c', '+1', '-f', CAPTURE_COPY]);
}
