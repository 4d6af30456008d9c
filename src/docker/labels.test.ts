import { describe, expect, it } from 'vitest';
import { everyLabFilter, LABELS, labFilter } from './labels.js';

describe('label filters', () => {
  it('always names the lab: an empty or malformed name never becomes the match-all filter', () => {
    expect(labFilter('handshake')).toEqual([`${LABELS.lab}=handshake`]);
    for (const name of ['', ' ', 'A', 'x=y', 'a,b', '-x']) expect(() => labFilter(name), JSON.stringify(name)).toThrow(RangeError);
    expect(everyLabFilter()).toEqual([LABELS.lab]);
  });
});
