// lab down and the completion's list of running labs against a fake Engine API (an HTTP server on a unix
// socket): what they ask the engine for, and that an empty name never becomes the match-all filter.
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { LABELS } from '../docker/labels.js';
import { cli } from './main.js';

const socket = join(mkdtempSync(join(tmpdir(), 'engine-commands-')), 'engine.sock');
const requests: string[] = [];
const labs: { Id: string; Names: string[]; Labels: Record<string, string> }[] = [
  { Id: 'c1', Names: ['/lab-alpha-r1-server'], Labels: { [LABELS.lab]: 'alpha', [LABELS.role]: 'server' } },
  { Id: 'c2', Names: ['/lab-beta-r2-server'], Labels: { [LABELS.lab]: 'beta', [LABELS.role]: 'server' } },
];

/** The label filters of a list request, as the engine receives them. */
function labelFilters(url: string): string[] {
  return JSON.parse(new URL(url, 'http://engine').searchParams.get('filters') ?? '{}').label ?? [];
}

const server = createServer((request, response) => {
  const url = request.url ?? '';
  requests.push(`${request.method} ${url}`);
  response.setHeader('content-type', 'application/json');
  const path = new URL(url, 'http://engine').pathname.replace(/^\/v[\d.]+/, '');
  if (path === '/_ping') return response.end('OK');
  if (path === '/version') return response.end(JSON.stringify({ Version: '27.0.1', ApiVersion: '1.46', Components: [{ Name: 'Engine', Version: '27.0.1' }] }));
  if (request.method === 'DELETE') {
    response.statusCode = 204;
    return response.end();
  }
  if (path === '/containers/json') {
    const wanted = labelFilters(url);
    return response.end(JSON.stringify(labs.filter((c) => wanted.every((f) => (f.includes('=') ? c.Labels[f.split('=')[0]!] === f.split('=')[1] : f in c.Labels)))));
  }
  response.end('[]');
});
await new Promise<void>((resolve) => server.listen(socket, resolve));
afterAll(() => server.close());
beforeEach(() => void (requests.length = 0));

async function run(argv: string[], env: NodeJS.ProcessEnv = {}) {
  let stdout = '';
  let stderr = '';
  const code = await cli(argv, { stdout: { write: (t) => (stdout += String(t)) }, stderr: { write: (t) => (stderr += String(t)) }, env: { DOCKER_HOST: `unix://${socket}`, ...env } });
  return { code, stdout, stderr };
}

const listRequests = () => requests.filter((r) => r.startsWith('GET') && /\/(containers|networks)\/?json|\/networks\?/.test(r));

describe('lab down against a fake engine', () => {
  it('asks for one lab by name, and removes what it found', async () => {
    const result = await run(['down', '--name', 'alpha']);
    expect([result.code, result.stdout]).toEqual([0, 'removed lab-alpha-r1-server\n']);
    expect(listRequests()).toHaveLength(2); // containers, then networks
    for (const request of listRequests()) expect(labelFilters(request.slice(request.indexOf(' ') + 1))).toEqual([`${LABELS.lab}=alpha`]);
    expect(requests.filter((r) => r.startsWith('DELETE'))).toEqual([expect.stringMatching(/^DELETE .*\/containers\/c1\?/)]);
  });

  it('asks for every lab only with --all', async () => {
    const result = await run(['down', '--all']);
    expect(result.stdout).toBe('removed lab-alpha-r1-server, lab-beta-r2-server\n');
    expect(listRequests()).toHaveLength(2);
    for (const request of listRequests()) expect(labelFilters(request.slice(request.indexOf(' ') + 1))).toEqual([LABELS.lab]);
  });

  it('never asks the engine anything for an empty or malformed name (exit 2)', async () => {
    for (const argv of [['down', '--name', ''], ['down', '--name='], ['down', '--name', ' '], ['down', '--name', 'x=y']]) {
      const result = await run(argv);
      expect(result.code, argv.join(' ')).toBe(2);
    }
    expect(requests).toEqual([]);
  });

  it('says there is nothing to remove, in the user’s language', async () => {
    expect((await run(['down', '--name', 'gamma'])).stdout).toBe('nothing to remove (no resources of lab "gamma")\n');
    expect((await run(['down', '--name', 'gamma'], { LANG: 'zh_CN.UTF-8' })).stdout).toBe('没有可删除的内容（没有实验 "gamma" 的资源）\n');
  });
});

describe('lab completion --running-labs', () => {
  it('lists the labs on the engine from their labels', async () => {
    expect(await run(['completion', '--running-labs'])).toEqual({ code: 0, stdout: 'alpha\nbeta\n', stderr: '' });
  });

  it('lists nothing, quietly, when no engine answers', async () => {
    expect(await run(['completion', '--running-labs'], { DOCKER_HOST: 'unix:///nonexistent/engine.sock' })).toEqual({ code: 0, stdout: '', stderr: '' });
  });
});
