import { describe, expect, it } from 'vitest';
import { defaultLabConfig } from '../config/lab-config.js';
import { clientSettles, planLab, settleMs } from './plan.js';
import { findPreset, PRESETS, type Scenario } from './scenarios.js';

const images = { server: { tag: 's' }, client: { tag: 'c' }, capture: { tag: 'p' } };
const clientCmd = (scenario: Scenario) => planLab(defaultLabConfig(), { ...scenario, name: 'x' }, images, '172.29.3.0/24', 'r').client.cmd;
const custom = (server: Scenario['server'], client: string[]): Scenario => ({ server, client: { steps: client } }) as Scenario;

describe('the client waits for the teardown after its steps', () => {
  it('as long as the server’s sleeps and 5 s more, so that a server that closes last still gets its FIN acknowledged', () => {
    const scenario = custom({ steps: ['read', 'echo', 'read-until-eof', 'sleep:300', 'close', 'sleep:50'] }, ['write', 'read', 'close']);
    expect(settleMs(scenario)).toBe(5350);
    const cmd = clientCmd(scenario);
    expect(cmd.slice(cmd.indexOf('--settle-at-end'))).toEqual(['--settle-at-end', '5350']);
    expect(clientSettles(scenario)).toBe(true);
  });

  it('whatever its last step: settle as a step is bounded alike', () => {
    const fourWay = findPreset('four-way-close')!;
    expect(clientCmd(fourWay)).toContain('5300');
    expect(clientSettles(fourWay)).toBe(true);
  });

  it('not when the server never accepts: nobody ends those connections, the client’s end is the end', () => {
    const backlog = findPreset('backlog')!;
    expect(settleMs(backlog)).toBeUndefined();
    expect(clientCmd(backlog)).not.toContain('--settle-at-end');
    expect(clientSettles(backlog)).toBe(false);
    // unless the client's last step is settle: its own wait then ends its process
    expect(clientSettles({ ...backlog, client: { ...backlog.client, steps: ['write', 'close', 'settle'] } })).toBe(true);
  });

  it('every preset but backlog waits (its capture stops as soon as the client has ended)', () => {
    expect(PRESETS.filter((preset) => !clientSettles(preset)).map((preset) => preset.name)).toEqual(['backlog']);
  });
});
