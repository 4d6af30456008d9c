// The capture container's tmpfs holds the whole pcap: tcpdump writes only there. tcpdump does not check its
// writes, so when the space is full it runs on and every later packet is lost without a word (checked: the
// file stops one page short of the space, the pid file taking that page; tcpdump stays up, silent). The lab
// tells from the pcap's length that the space ran out.

const MiB = 1024 * 1024;
/** The tmpfs's size; it counts against the capture container's memory limit. */
export const CAPTURE_SPACE_BYTES = 64 * MiB;
/** Pages the capture's other files take, and a last packet that did not fit (at most one snapshot). */
const OTHER_USE_BYTES = 320 * 1024;

/** Whether a pcap of this many bytes filled the capture space, so that packets after it were lost. */
export function captureSpaceFull(pcapBytes: number, spaceBytes = CAPTURE_SPACE_BYTES): boolean {
  return pcapBytes >= spaceBytes - OTHER_USE_BYTES;
}
