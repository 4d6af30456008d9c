import { describe, expect, it } from 'vitest';
import { CAPTURE_SPACE_BYTES, captureSpaceFull } from './capture-space.js';

describe('captureSpaceFull', () => {
  it('a pcap that stopped a page short of a 16 KiB space filled it (measured: tcpdump on a 16 KiB tmpfs left 12288 bytes)', () => {
    expect(captureSpaceFull(12_288, 16 * 1024)).toBe(true);
  });

  it('a pcap well under the space did not', () => {
    expect(captureSpaceFull(1_000_000)).toBe(false);
    expect(captureSpaceFull(CAPTURE_SPACE_BYTES / 2)).toBe(false);
    expect(captureSpaceFull(CAPTURE_SPACE_BYTES - 4096)).toBe(true);
  });
});
