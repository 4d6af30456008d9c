// Where lab.yaml set each value, carried along with the config, so that a check made later (the subnet
// against the engine's networks, once they are known) still reports FILE:LINE:COLUMN.
import type { LabConfig } from './lab-config.js';
import { ConfigError, LabError } from '../errors.js';
import type { ConfigDetail } from './config-detail.js';

export interface ConfigOrigin {
  file: string;
  /** The line and column of the value at a key path, if lab.yaml wrote it. */
  positionOf(path: readonly (string | number)[]): { line: number; column: number } | undefined;
}

const ORIGIN = Symbol('lab.yaml positions');
type WithOrigin = LabConfig & { [ORIGIN]?: ConfigOrigin };

export function attachOrigin(config: LabConfig, origin: ConfigOrigin): LabConfig {
  // enumerable, so that a copy ({ ...config, name }) keeps it; JSON and zod ignore symbol keys
  Object.defineProperty(config, ORIGIN, { value: origin, enumerable: true });
  return config;
}

/** `to` keeps `from`'s positions (a config re-validated after command-line overrides). */
export function keepOrigin(from: LabConfig, to: LabConfig): LabConfig {
  const origin = (from as WithOrigin)[ORIGIN];
  return origin ? attachOrigin(to, origin) : to;
}

/** A mistake in a value: at its place in lab.yaml when the file set it, else a usage error. */
export function configErrorAt(config: LabConfig, path: readonly (string | number)[], detail: ConfigDetail): LabError {
  const origin = (config as WithOrigin)[ORIGIN];
  const position = origin?.positionOf(path);
  if (origin && position) return new ConfigError(detail, origin.file, position.line, position.column, path.join('.'));
  return new LabError('configValue', { path: path.join('.'), detail });
}
