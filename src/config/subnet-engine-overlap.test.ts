// network.subnet against the engine's existing networks, with `lab up` driven against a fake Engine API (an
// HTTP server on a unix socket): a subnet that would shadow another network is never sent to an engine.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cli } from '../cli/main.js';

const dir = mkdtempSync(join(tmpdir(), 'subnet-overlap-'));
const socket = join(dir, 'engine.sock');
const requests: string[] = [];

const server = createServer((request, response) => {
  const url = request.url ?? '';
  requests.push(`${request.method} ${url}`);
  response.setHeader('content-type', 'application/json');
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    response.statusCode = 500;
    response.end(JSON.stringify({ message: 'the fake engine creates nothing' }));
  } else if (url.includes('/_ping')) response.end('OK');
  else if (url.includes('/version')) response.end(JSON.stringify({ Version: '27.0.1', ApiVersion: '1.46', Components: [{ Name: 'Engine', Version: '27.0.1' }] }));
  else if (/^(\/v[\d.]+)?\/networks(\?|$)/.test(url) && !url.includes('filters')) response.end(JSON.stringify([{ Name: 'classroom', Id: 'n1', IPAM: { Config: [{ Subnet: '10.77.0.0/16' }, { Subnet: 'fd00::/64' }] } }]));
  else if (url.includes('/images/')) response.end(JSON.stringify({ Id: 'sha256:0' }));
  else response.end('[]');
});
await new Promise<void>((resolve) => server.listen(socket, resolve));
afterAll(() => server.close());

async function labUp(yaml: string) {
  const file = join(dir, `lab-${requests.length}.yaml`);
  writeFileSync(file, yaml);
  let stderr = '';
  const previous = process.env.DOCKER_HOST;
  process.env.DOCKER_HOST = `unix://${socket}`;
  try {
    const code = await cli(['up', '--config', file, '--out', join(dir, 'out')], { stdout: { write: () => true }, stderr: { write: (t) => ((stderr += String(t)), true) } });
    return { code, stderr, file };
  } finally {
    if (previous === undefined) delete process.env.DOCKER_HOST;
    else process.env.DOCKER_HOST = previous;
  }
}

describe('a subnet that overlaps an engine network', () => {
  it('is a lab.yaml error at the subnet (exit 2), and nothing is created', async () => {
    const { code, stderr, file } = await labUp('name: overlap\nnetwork:\n  subnet: 10.77.8.0/24\n');
    expect(code, stderr).toBe(2);
    expect(stderr).toContain(`${file}:3:11: network.subnet: expected a subnet that overlaps no network of this host, got 10.77.8.0/24, which overlaps 10.77.0.0/16 of an existing engine network`);
    expect(requests.filter((r) => !r.startsWith('GET') && !r.startsWith('HEAD'))).toEqual([]);
    expect(requests.some((r) => /\/networks/.test(r))).toBe(true); // the check did ask the engine
  });
});
