// `lab up` against a fake Engine API (an HTTP server on a unix socket) that answers the version request and
// the look-ups before the lab's network is created, then never answers again: the one safe way to test a
// hung engine. Ctrl-C must still end the run, and a second one must stop waiting for the removal.
import { mkdtempSync, readdirSync } from 'node:fs';
import { createServer, type IncomingMessage } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { lab } from '../helpers/engine.ts';

const dir = mkdtempSync(join(tmpdir(), 'hung-engine-'));
const socket = join(dir, 'docker.sock');
const hanging: IncomingMessage[] = [];
const answers: [RegExp, unknown][] = [
  [/\/version$/, { Version: '27.0.1', ApiVersion: '1.46', Components: [{ Name: 'Engine', Version: '27.0.1' }] }],
  [/^\/images\/[^/]+\/json$/, {}], // the lab's images exist
  [/^\/networks$/, []], // no network uses a subnet yet
];
const server = createServer((request, response) => {
  const answer = request.method === 'GET' && answers.find(([path]) => path.test(request.url ?? ''));
  if (answer) {
    response.setHeader('content-type', 'application/json');
    response.end(JSON.stringify(answer[1]));
  } else hanging.push(request); // never answered: the network's creation, then the removal's look-up by label
});
await new Promise<void>((resolve) => server.listen(socket, resolve));
afterAll(() => {
  server.closeAllConnections();
  server.close();
});

/** Resolves when the child's stderr has printed `text`. */
function printed(child: ReturnType<typeof lab>, text: string): Promise<void> {
  let seen = '';
  return new Promise((resolve) => child.stderr!.on('data', (chunk: Buffer) => (seen += chunk.toString()).includes(text) && resolve()));
}

describe('an engine that stops answering', () => {
  it('a second Ctrl-C stops waiting, says how to remove what may be left, writes nothing, and exits 130', async () => {
    const out = join(dir, 'out');
    const child = lab(['up', '--name', 'hung', '--out', out], { env: { DOCKER_HOST: `unix://${socket}`, DOCKER_CONTEXT: '' } });
    await printed(child, 'docker engine');
    while (hanging.length === 0) await new Promise((resolve) => setTimeout(resolve, 20)); // the network's creation hangs
    child.kill('SIGINT');
    await printed(child, 'again to stop waiting');
    child.kill('SIGINT');
    const result = await child;
    expect(result.exitCode, String(result.stderr)).toBe(130);
    expect(String(result.stderr)).toMatch(/stopped waiting for the Docker engine/);
    expect(String(result.stderr)).toMatch(/lab down --name hung/);
    expect(String(result.stderr)).not.toMatch(/\n\s+at /); // no stack trace
    expect(readdirSync(out)).toEqual([]);
  });
});
