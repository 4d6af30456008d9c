// The doctor's probe containers are removed on every path: Ctrl-C while the engine is still creating one,
// and a removal that fails never hides what the probe itself said or how it failed.
import { describe, expect, it } from 'vitest';
import { fakeEngine } from '../../test/helpers/fake-runtime.ts';
import type { ContainerRuntime, ContainerSpec } from '../docker/runtime.js';
import { LabError } from '../errors.js';
import { firewallRuleProbe } from './host-probes.js';

describe('firewallRuleProbe', () => {
  it('Ctrl-C while the create request hangs: the container the engine makes afterwards is still removed', async () => {
    const engine = fakeEngine();
    const interrupt = new AbortController();
    let answer!: () => void;
    const engineAnswers = new Promise<void>((resolve) => (answer = resolve));
    let createdAtLast: Promise<string> | undefined;
    const runtime: ContainerRuntime = {
      ...engine.runtime,
      createContainer: (spec: ContainerSpec) => {
        interrupt.abort(new Error('interrupted'));
        createdAtLast = engineAnswers.then(() => engine.runtime.createContainer(spec));
        return createdAtLast;
      },
    };
    const probe = firewallRuleProbe(runtime, 'tcp-lab-capture', interrupt.signal);
    probe.catch(() => {});
    // Long enough for a removal that did not wait to list the run (finding nothing) before the engine answers.
    await new Promise((resolve) => setTimeout(resolve, 50));
    answer();
    await expect(probe).rejects.toThrow('interrupted');
    await createdAtLast;
    expect([...engine.containers.keys()]).toEqual([]);
  });

  it('a failed removal after a failed probe: the probe’s error stays the error, the removal’s is added', async () => {
    const engine = fakeEngine({ failAt: 2, failRemoval: true }); // the start fails, then the removal
    const failure = await firewallRuleProbe(engine.runtime, 'tcp-lab-capture').catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(LabError);
    expect((failure as LabError).key).toBe('cleanupFailedToo');
    expect((failure as LabError<'cleanupFailedToo'>).params).toEqual({ error: new Error('engine call 2 failed'), cleanup: new Error('the engine refused the removal') });
  });

  it('a failed removal after the probe ran: the error names the container left and the lab to remove', async () => {
    const engine = fakeEngine({ failRemoval: true });
    const runtime: ContainerRuntime = { ...engine.runtime, waitContainer: async () => 0 };
    const failure = await firewallRuleProbe(runtime, 'tcp-lab-capture').catch((error: unknown) => error);
    expect((failure as LabError).key).toBe('removalIncomplete');
    const { left, lab, error } = (failure as LabError<'removalIncomplete'>).params;
    expect({ left, lab, error }).toEqual({ left: [...engine.containers.keys()], lab: 'doctor', error: new Error('the engine refused the removal') });
    expect(left[0]).toMatch(/^lab-doctor-.+-firewall$/);
  });

  it('removes its container after a run that went well, and returns what iptables said', async () => {
    const engine = fakeEngine();
    const runtime: ContainerRuntime = { ...engine.runtime, waitContainer: async () => 0 };
    expect(await firewallRuleProbe(runtime, 'tcp-lab-capture')).toEqual({ exitCode: 0, output: expect.any(String) });
    expect([...engine.containers.keys()]).toEqual([]);
  });
});
