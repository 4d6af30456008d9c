import { describe, expect, it } from 'vitest';
import { cidrRange, freeSubnets, hostAddress } from './subnet.js';

describe('freeSubnets', () => {
  it('never offers a subnet that overlaps an existing network', () => {
    const used = ['172.29.0.0/24', '172.29.1.64/26', '10.0.0.0/8', 'fd00::/64'];
    const free = freeSubnets(used, () => 0);
    expect(free[0]).toBe('172.29.1.0/26');
    expect(free).not.toContain('172.29.1.64/26');
    for (const subnet of free) {
      const range = cidrRange(subnet)!;
      for (const taken of used.map(cidrRange).filter((r) => r !== null)) {
        expect(range.end < taken.start || range.start > taken.end).toBe(true);
      }
    }
  });

  it('offers nothing when a wider network covers the whole pool', () => {
    expect(freeSubnets(['172.16.0.0/12'])).toEqual([]);
  });

  it('starts at a random place so that concurrent labs spread out', () => {
    expect(freeSubnets([], () => 0.5)[0]).toBe('172.29.128.0/26');
  });

  it('numbers hosts inside a subnet', () => {
    expect(hostAddress('172.29.1.64/26', 2)).toBe('172.29.1.66');
  });
});
