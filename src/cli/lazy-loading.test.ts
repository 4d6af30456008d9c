// `lab --help`, `lab report` and `lab scenarios` must not load the Docker client: its module graph takes
// longer to load than a small capture takes to analyse.
import { describe, expect, it, vi } from 'vitest';
import { corpusDir } from '../../test/helpers/corpus.ts';
import { cli } from './main.js';

const loaded = vi.hoisted(() => [] as string[]);
vi.mock('docker-modem', () => {
  loaded.push('docker-modem');
  return { default: class {} };
});

const quiet = { stdout: { write() {} }, stderr: { write() {} }, env: {} };

describe('lazy loading', () => {
  it('loads no Docker client for help, report, scenarios and the completion script', async () => {
    expect(await cli(['--help'], quiet)).toBe(0);
    expect(await cli(['up', '--help'], quiet)).toBe(0);
    expect(await cli(['report', `${corpusDir}td_dns_tcp.pcap`, '--format', 'json'], quiet)).toBe(0);
    expect(await cli(['scenarios'], quiet)).toBe(0);
    expect(await cli(['completion', 'bash'], quiet)).toBe(0);
    expect(loaded).toEqual([]);
  });
});
