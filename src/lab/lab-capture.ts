// `lab capture`: a running lab's capture as a pcap stream, from its first packet, then live. tcpdump in the
// capture container writes the pcap into a file on its tmpfs; `tail -f` in it streams that file from the
// start and follows it, so several readers can follow one lab, each from the start. The stream ends when
// the lab is removed, or when the reader closes it.
import { LABELS } from '../docker/labels.js';
import type { AttachedStreams, ContainerRuntime } from '../docker/runtime.js';
import { DockerError, LabError } from '../errors.js';
import { requirePcapStart } from './pcap-stream-start.js';
import { CAPTURE_FILE } from './plan.js';

/** The exec's stdin is the engine connection: when the reader closes it (or its process dies), `read`
 * meets end of file and the shell ends tail. Closing the connection alone does not end a process in the
 * container, and tail on an idle lab never writes, so it would never meet a broken pipe either. */
const FOLLOW_UNTIL_CLOSED = 'tail -c +1 -f "$1" & read -r _; kill $!';

export async function followLabCapture(runtime: ContainerRuntime, lab: string): Promise<AttachedStreams> {
  const [capture] = await runtime.listContainers([`${LABELS.lab}=${lab}`, `${LABELS.role}=capture`]);
  if (!capture) {
    throw new LabError('noRunningCapture', { lab });
  }
  const streams = await runtime.execAttached(capture.id, ['sh', '-c', FOLLOW_UNTIL_CLOSED, 'lab-capture', CAPTURE_FILE]);
  // The stream's own stderr (the shell's "Cannot fork", tail's complaint) says why no capture came.
  let said = '';
  streams.stderr.on('data', (chunk: Buffer) => (said = (said + chunk.toString('utf8')).slice(-500)));
  const notStreamed = (start: string) => new DockerError('captureNotStreamed', { lab, output: (start || said).trim() });
  return { ...streams, stdout: requirePcapStart(streams.stdout, notStreamed, () => said.trim() !== '') };
}
