// Removal by label, as a run's own cleanup and `lab down` use it: only what the run or lab owns, every
// removal tried even when some fail, and the failures reported as they are.
import { describe, expect, it } from 'vitest';
import { fakeEngine, type FakeEngine } from '../../test/helpers/fake-runtime.ts';
import { resourceLabels } from '../docker/labels.js';
import type { ContainerSpec } from '../docker/runtime.js';
import { labDown, removeRun } from './lab-down.js';

/** Two runs of lab `a` and one of lab `b`, each with its network and three containers. */
function engineWithRuns(): FakeEngine {
  const engine = fakeEngine();
  for (const [lab, run] of [['a', 'a1'], ['a', 'a2'], ['b', 'b1']] as const) {
    engine.networks.set(`net-${run}`, { id: `net-${run}`, name: `net-${run}`, labels: resourceLabels({ lab, run, role: 'network', scenario: 'echo' }) });
    for (const role of ['server', 'client', 'capture']) {
      const id = `${run}-${role}`;
      engine.containers.set(id, { id, name: id, labels: resourceLabels({ lab, run, role, scenario: 'echo' }), spec: {} as ContainerSpec });
    }
  }
  return engine;
}

const left = (engine: FakeEngine) => [...engine.containers.keys(), ...engine.networks.keys()].sort();

describe('removeRun', () => {
  it('removes one run’s containers and then its network, nothing of the other runs', async () => {
    const engine = engineWithRuns();
    const removed = await removeRun(engine.runtime, 'a1');
    expect({ containers: removed.containers.sort(), networks: removed.networks }).toEqual({ containers: ['a1-capture', 'a1-client', 'a1-server'], networks: ['net-a1'] });
    expect(left(engine)).toEqual(['a2-capture', 'a2-client', 'a2-server', 'b1-capture', 'b1-client', 'b1-server', 'net-a2', 'net-b1']);
  });

  it('with roles, removes only those containers of the run and keeps its network (--keep removes the client alone)', async () => {
    const engine = engineWithRuns();
    expect(await removeRun(engine.runtime, 'a1', ['client'])).toEqual({ containers: ['a1-client'], networks: [] });
    expect(left(engine)).not.toContain('a1-client');
    expect(left(engine)).toEqual(expect.arrayContaining(['a1-server', 'a1-capture', 'net-a1', 'a2-client']));
    expect(left(engine)).toHaveLength(11);
  });

  it('tries every removal when one fails, and throws that failure itself', async () => {
    const engine = engineWithRuns();
    const failure = new Error('the engine refused');
    const remove = engine.runtime.removeContainer;
    engine.runtime.removeContainer = (id) => (id === 'a1-server' ? Promise.reject(failure) : remove(id));
    await expect(removeRun(engine.runtime, 'a1')).rejects.toBe(failure);
    expect(left(engine).filter((name) => name.includes('a1'))).toEqual(['a1-server', 'net-a1']);
  });

  it('reports several failures together', async () => {
    const engine = engineWithRuns();
    const failures = [new Error('server'), new Error('capture')];
    const remove = engine.runtime.removeContainer;
    engine.runtime.removeContainer = (id) => (id === 'a1-server' ? Promise.reject(failures[0]) : id === 'a1-capture' ? Promise.reject(failures[1]) : remove(id));
    const error = await removeRun(engine.runtime, 'a1').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AggregateError);
    expect((error as AggregateError).message).toBe('2 removals failed');
    expect((error as AggregateError).errors.sort()).toEqual([...failures].sort());
    expect(engine.containers.has('a1-client')).toBe(false);
  });
});

describe('labDown', () => {
  it('removes every run of one lab, or of every lab with all', async () => {
    const engine = engineWithRuns();
    expect((await labDown(engine.runtime, { lab: 'a' })).networks.sort()).toEqual(['net-a1', 'net-a2']);
    expect(left(engine)).toEqual(['b1-capture', 'b1-client', 'b1-server', 'net-b1']);
    await labDown(engine.runtime, { all: true });
    expect(left(engine)).toEqual([]);
  });
});
