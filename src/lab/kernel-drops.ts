// tcpdump's closing counters say how many packets the kernel dropped because tcpdump's buffer was full (a
// busy machine that did not let it read in time). Those packets are missing from the capture, and nothing
// else says so: the report and the summary say it from this count.

/** The count in tcpdump's "N packets dropped by kernel" line; 0 without one (tcpdump still running). */
export function packetsDroppedByKernel(captureStats: readonly string[]): number {
  for (const line of captureStats) {
    const match = /^(\d+) packets? dropped by kernel/.exec(line.trim());
    if (match) return Number(match[1]);
  }
  return 0;
}
