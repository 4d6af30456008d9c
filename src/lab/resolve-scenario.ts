// Turns lab.yaml's `scenario:` (a preset's name, "all", or a written-out scenario) into what to run.
import type { LabConfig } from '../config/lab-config.js';
import type { NamedScenario } from './lab-up.js';
import { findPreset, PRESETS } from './scenarios.js';

export function resolveScenarios(scenario: LabConfig['scenario']): NamedScenario[] {
  if (typeof scenario !== 'string') return [{ ...scenario, name: 'custom' }];
  if (scenario === 'all') return PRESETS;
  return [findPreset(scenario)!]; // the schema admits only the presets' names
}
