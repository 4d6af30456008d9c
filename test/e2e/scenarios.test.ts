// Every preset on the real engine and a real kernel: the analyser's classification of the capture must
// be what the preset's name promises.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ContainerRuntime } from '../../src/docker/runtime.js';
import { PRESETS } from '../../src/lab/scenarios.js';
import { engineOrSkip, lab, leftovers } from '../helpers/engine.ts';

const runtime: ContainerRuntime | null = await engineOrSkip();

describe.runIf(runtime)('scenario presets (real engine)', () => {
  const out = mkdtempSync(join(tmpdir(), 'lab-scenarios-'));

  // On a fresh machine the images are built first, under the hook's longer time limit.
  beforeAll(async () => {
    const images = await lab(['images']);
    expect(images.exitCode, String(images.stderr)).toBe(0);
  });

  it.each(PRESETS.map((p) => [p.name, p] as const))('%s', async (name, preset) => {
    const result = await lab(['up', '--scenario', name, '--name', `e2e-${name}`, '--out', out, '--json']);
    expect(result.exitCode, String(result.stderr)).toBe(0);
    const summary = JSON.parse(String(result.stdout));
    const e = preset.expect;
    expect(summary.connections).toHaveLength(e.connections);
    for (const c of summary.connections) {
      const kinds = Array.isArray(e.kind) ? e.kind : [e.kind];
      expect(kinds).toContain(c.teardown.kind);
      expect({
        initiator: c.teardown.initiator,
        halfClose: c.teardown.halfClose,
        outcome: c.outcome,
        synRetransmissions: c.handshake.synRetransmissions,
        timeWait: c.timeWait,
      }).toEqual({ initiator: e.initiator, halfClose: e.halfClose, outcome: e.outcome, synRetransmissions: e.synRetransmissions, timeWait: e.timeWait });
    }
    if (preset.ipv6) expect(summary.connections[0].client.ip).toMatch(/^fd74:/);
    expect(await leftovers(runtime!, `e2e-${name}`)).toEqual([]);
  });

  it('a scenario written out in lab.yaml runs like a preset', async () => {
    const result = await lab(['up', '--config', 'test/e2e/custom-scenario.yaml', '--out', out, '--json']);
    expect(result.exitCode, String(result.stderr)).toBe(0);
    const c = JSON.parse(String(result.stdout)).connections[0];
    expect([c.teardown.kind, c.teardown.initiator, c.outcome]).toEqual(['reset', 'server', 'reset']);
  });

  it('--scenario all writes an index linking every report', async () => {
    const result = await lab(['up', '--scenario', 'all', '--name', 'e2e-all', '--out', out, '--json']);
    expect(result.exitCode, String(result.stderr)).toBe(0);
    const summaries = JSON.parse(String(result.stdout));
    expect(summaries.map((s: { scenario: string }) => s.scenario)).toEqual(PRESETS.map((p) => p.name));
    const { readFileSync } = await import('node:fs');
    const index = readFileSync(join(out, 'e2e-all', 'index.md'), 'utf8');
    for (const preset of PRESETS) expect(index).toContain(`[${preset.name}](${preset.name}/report.html)`);
  }, 180_000);
});
