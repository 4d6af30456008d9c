// Turns lab.yaml's `scenario:` (a preset's name, "all", or a written-out scenario) into what to run.
import type { LabConfig } from '../config/lab-config.js';
import { LabError } from '../errors.js';
import type { NamedScenario } from './lab-up.js';
import { findPreset, PRESETS, presetNames } from './scenarios.js';

export function resolveScenarios(scenario: LabConfig['scenario']): NamedScenario[] {
  if (typeof scenario !== 'string') return [{ ...scenario, name: 'custom' }];
  if (scenario === 'all') return PRESETS;
  const preset = findPreset(scenario);
  if (!preset) throw new LabError('USAGE', `unknown scenario "${scenario}"; the presets are: ${presetNames().join(', ')} (or "all")`);
  return [preset];
}
