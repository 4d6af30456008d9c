// lab scenarios: every preset, one line each, in both languages and as JSON.
import { describe, expect, it } from 'vitest';
import { PRESETS } from '../lab/scenarios.js';
import { PRESETS as PRESETS_ZH } from './i18n/zh-CN.js';
import { cli } from './main.js';

async function run(argv: string[]) {
  let stdout = '';
  const code = await cli(argv, { stdout: { write: (t) => (stdout += String(t)) }, stderr: { write() {} }, env: {} });
  return { code, stdout };
}

describe('lab scenarios', () => {
  it('lists every preset with what it shows and what to look for', async () => {
    const { code, stdout } = await run(['scenarios']);
    expect(code).toBe(0);
    const lines = stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(PRESETS.length * 2);
    PRESETS.forEach((preset, i) => {
      expect(lines[2 * i]).toMatch(new RegExp(`^${preset.name} +${preset.summary.replace(/[()+.*?[\]]/g, '\\$&')}$`));
      expect(lines[2 * i + 1]!.trim()).toBe(`look for: ${preset.lookFor}`);
    });
  });

  it('gives the same as JSON', async () => {
    const { stdout } = await run(['scenarios', '--json']);
    expect(JSON.parse(stdout)).toEqual(PRESETS.map(({ name, summary, lookFor }) => ({ name, summary, lookFor })));
  });

  it('has every preset in Chinese too, and says so in Chinese', async () => {
    expect(Object.keys(PRESETS_ZH).sort()).toEqual(PRESETS.map((p) => p.name).sort());
    const { stdout } = await run(['scenarios', '--lang', 'zh-CN']);
    expect(stdout).toMatch(new RegExp(`^echo +${PRESETS_ZH.echo!.summary}$`, "m"));
    expect(stdout).toContain(`看点：${PRESETS_ZH['syn-retry']!.lookFor}`);
    expect(stdout).not.toMatch(/look for/);
  });
});
