// An attach's streams end when the engine ends the connection (the process exited), and only close when the
// connection drops first: a session tells "the client exited" from "the attach was lost" by that. Against a
// fake Engine API that upgrades the attach request, sends one line, then ends the connection or resets it
// (over TCP, as DOCKER_HOST=tcp://… reaches an engine: a unix socket has no reset; a drop there reads as an end).
import { createServer } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import Modem from 'docker-modem';
import { afterAll, describe, expect, it } from 'vitest';
import { dockerRuntime } from './runtime.js';

const server = createServer((_request, response) => response.writeHead(404).end());
server.on('upgrade', (request, socket: Socket) => {
  socket.write('HTTP/1.1 101 UPGRADED\r\nContent-Type: application/vnd.docker.raw-stream\r\nConnection: Upgrade\r\nUpgrade: tcp\r\n\r\n');
  const line = Buffer.from('{"call":"ready"}\n');
  const header = Buffer.alloc(8);
  header[0] = 1; // stdout
  header.writeUInt32BE(line.length, 4);
  socket.write(Buffer.concat([header, line]), () => setTimeout(() => (request.url!.includes('/exited/') ? socket.end() : socket.resetAndDestroy()), 20));
});
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const { port } = server.address() as AddressInfo;
afterAll(() => {
  server.closeAllConnections();
  server.close();
});

/** What the attach's stdout does: its data, and whether it ended or only closed. */
async function attachOutcome(container: string): Promise<{ data: string; ended: boolean; closed: boolean }> {
  const streams = await dockerRuntime(new Modem({ host: '127.0.0.1', port, protocol: 'http' })).attach(container);
  const seen = { data: '', ended: false, closed: false };
  streams.stdout.on('data', (chunk: Buffer) => (seen.data += chunk.toString()));
  streams.stdout.on('end', () => (seen.ended = true));
  await new Promise((resolve) => streams.stdout.on('close', resolve));
  seen.closed = true;
  return seen;
}

describe('an attach', () => {
  it('ends when the engine ends the connection: the process exited', async () => {
    expect(await attachOutcome('exited')).toEqual({ data: '{"call":"ready"}\n', ended: true, closed: true });
  });

  it('closes without ending when the connection drops first', async () => {
    expect(await attachOutcome('dropped')).toEqual({ data: '{"call":"ready"}\n', ended: false, closed: true });
  });
});
