import { describe, expect, it } from 'vitest';
import { packetsDroppedByKernel } from './kernel-drops.js';

describe('packetsDroppedByKernel', () => {
  it('reads the count from tcpdump 4.99’s closing counters, one packet or many', () => {
    expect(packetsDroppedByKernel(['720 packets captured', '726 packets received by filter', '6 packets dropped by kernel'])).toBe(6);
    expect(packetsDroppedByKernel(['1 packet captured', '2 packets received by filter', '1 packet dropped by kernel'])).toBe(1);
  });

  it('is 0 when the kernel dropped none, and without counters (tcpdump still running)', () => {
    expect(packetsDroppedByKernel(['11 packets captured', '11 packets received by filter', '0 packets dropped by kernel'])).toBe(0);
    expect(packetsDroppedByKernel([])).toBe(0);
  });

  it('does not take the interface’s own drop count for the kernel’s', () => {
    expect(packetsDroppedByKernel(['5 packets captured', '5 packets received by filter', '0 packets dropped by kernel', '3 packets dropped by interface'])).toBe(0);
  });
});
