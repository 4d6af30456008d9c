import { describe, expect, it } from 'vitest';
import { everyLabFilter, LABELS, labFilter, resourceLabels } from './labels.js';

describe('label filters', () => {
  it('always names the lab: an empty or malformed name never becomes the match-all filter', () => {
    expect(labFilter('handshake')).toEqual([`${LABELS.lab}=handshake`]);
    for (const name of ['', ' ', 'A', 'x=y', 'a,b', '-x', ' a', 'a\n', 'a'.repeat(41)]) expect(() => labFilter(name), JSON.stringify(name)).toThrow(RangeError);
    for (const name of ['a', '0', 'a_b-c9', 'a'.repeat(40)]) expect(labFilter(name)).toEqual([`${LABELS.lab}=${name}`]);
    expect(everyLabFilter()).toEqual([LABELS.lab]);
  });
});

describe('resource labels', () => {
  it('are the dev.tcp-lab.* labels the README names, so lab down finds what any version created', () => {
    expect(resourceLabels({ lab: 'l', run: 'r', role: 'server', scenario: 'echo' })).toEqual({
      'dev.tcp-lab.lab': 'l',
      'dev.tcp-lab.run': 'r',
      'dev.tcp-lab.role': 'server',
      'dev.tcp-lab.scenario': 'echo',
    });
  });
});
