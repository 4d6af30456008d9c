// A check made after loading (the subnet against the engine's networks) still points into lab.yaml: at
// the value when the file wrote it, as a usage error when the value is a default; a copy and a config
// re-validated after command-line overrides keep the positions.
import { describe, expect, it } from 'vitest';
import { ConfigError, LabError } from '../errors.js';
import type { ConfigDetail } from './config-detail.js';
import { configErrorAt, keepOrigin } from './config-origin.js';
import { defaultLabConfig } from './lab-config.js';
import { parseConfig } from './load-config.js';

const taken: ConfigDetail = { kind: 'subnetTaken', subnet: '10.77.0.0/24', taken: '10.77.0.0/16', owner: { kind: 'engineNetwork' } };

describe('configErrorAt', () => {
  it('a value lab.yaml wrote: its file, line and column', () => {
    const config = parseConfig('name: x\nnetwork:\n  subnet: 10.77.0.0/24\n', 'labs/a.yaml');
    const error = configErrorAt({ ...config, name: 'copied' }, ['network', 'subnet'], taken);
    expect(error).toBeInstanceOf(ConfigError);
    expect(error).toMatchObject({ file: 'labs/a.yaml', line: 3, column: 11, path: 'network.subnet', params: { detail: taken } });
  });

  it('a default, or a config that never came from a file: a usage error naming the key path', () => {
    for (const config of [parseConfig('name: x\n'), defaultLabConfig()]) {
      const error = configErrorAt(config, ['network', 'subnet'], taken);
      expect(error).not.toBeInstanceOf(ConfigError);
      expect(error).toBeInstanceOf(LabError);
      expect(error).toMatchObject({ key: 'configValue', params: { path: 'network.subnet', detail: taken } });
    }
  });
});

it('keepOrigin: the re-validated config points where the loaded one did; one without an origin stays without', () => {
  const loaded = parseConfig('network:\n  subnet: 10.77.0.0/24\n', 'lab.yaml');
  expect(configErrorAt(keepOrigin(loaded, defaultLabConfig()), ['network', 'subnet'], taken)).toMatchObject({ line: 2, column: 11 });
  expect(configErrorAt(keepOrigin(defaultLabConfig(), defaultLabConfig()), ['network', 'subnet'], taken)).toMatchObject({ key: 'configValue' });
});
