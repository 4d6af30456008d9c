import { describe, expect, it } from 'vitest';
import { freshImport } from '../../test/helpers/fresh-import.ts';

/** The label names are built when the module loads: imported afresh, as each test sees them. */
const labels = () => freshImport(() => import('./labels.js'));

describe('label filters', () => {
  it('always names the lab: an empty or malformed name never becomes the match-all filter', async () => {
    const { everyLabFilter, labFilter } = await labels();
    expect(labFilter('handshake')).toEqual(['dev.tcp-lab.lab=handshake']);
    for (const name of ['', ' ', 'A', 'x=y', 'a,b', '-x', ' a', 'a\n', 'a'.repeat(41)]) expect(() => labFilter(name), JSON.stringify(name)).toThrow(new RangeError(`not a lab name: ${JSON.stringify(name)}`));
    for (const name of ['a', '0', 'a_b-c9', 'a'.repeat(40)]) expect(labFilter(name)).toEqual([`dev.tcp-lab.lab=${name}`]);
    expect(everyLabFilter()).toEqual(['dev.tcp-lab.lab']);
  });
});

describe('resource labels', () => {
  it('are the dev.tcp-lab.* labels the README names, so lab down finds what any version created', async () => {
    const { LABELS, resourceLabels } = await labels();
    expect(resourceLabels({ lab: 'l', run: 'r', role: 'server', scenario: 'echo' })).toEqual({
      'dev.tcp-lab.lab': 'l',
      'dev.tcp-lab.run': 'r',
      'dev.tcp-lab.role': 'server',
      'dev.tcp-lab.scenario': 'echo',
    });
    expect(LABELS.contextHash).toBe('dev.tcp-lab.context-hash');
  });
});
