// A fake Docker Engine API (an HTTP server on a unix socket) holding containers and networks in memory:
// enough of the API to create networks, and to list and remove networks and containers by label, so that
// the CLI can be driven as a user drives it, through the real client, with nothing real at risk.
import { mkdtempSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface FakeResource {
  id: string;
  name: string;
  labels: Record<string, string>;
}

export interface FakeEngineApi {
  /** DOCKER_HOST for the CLI. */
  host: string;
  containers: Map<string, FakeResource>;
  networks: Map<string, FakeResource>;
  /** Every request, as "METHOD /path" without the API version. */
  requests: string[];
  close(): Promise<void>;
}

function text(request: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString())).on('end', () => resolve(body));
  });
}

const VERSION = { Version: '27.0.1', ApiVersion: '1.46', Components: [{ Name: 'Engine', Version: '27.0.1' }] };

/** Docker's label filter: every "key" or "key=value" must match. */
function matches(resource: FakeResource, filters: string | null): boolean {
  const labels: string[] = filters ? (JSON.parse(filters).label ?? []) : [];
  return labels.every((f) => {
    const [key, value] = f.split('=');
    return value === undefined ? key! in resource.labels : resource.labels[key!] === value;
  });
}

export interface FakeEngineOptions {
  /** Requests ("METHOD /path") that are never answered, as a stuck engine would. */
  hangs?: (request: string) => boolean;
  /** A request that this returns a promise for is carried out and answered only once the promise settles, as
   * a slow engine would, even if the client has closed the connection meanwhile. */
  holds?: (request: string) => Promise<unknown> | undefined;
}

export async function fakeEngineApi(options: FakeEngineOptions = {}): Promise<FakeEngineApi> {
  const socket = join(mkdtempSync(join(tmpdir(), 'fake-engine-')), 'docker.sock');
  const containers = new Map<string, FakeResource>();
  const networks = new Map<string, FakeResource>();
  const requests: string[] = [];
  let created = 0;
  const server: Server = createServer(async (request, response) => {
    const url = new URL(request.url ?? '/', 'http://engine');
    const path = url.pathname.replace(/^\/v[\d.]+/, '');
    requests.push(`${request.method} ${path}`);
    if (options.hangs?.(`${request.method} ${path}`)) return;
    const sent = await text(request);
    await options.holds?.(`${request.method} ${path}`);
    const json = (status: number, body: unknown) => {
      response.writeHead(status, { 'content-type': 'application/json' });
      response.end(JSON.stringify(body));
    };
    const filters = url.searchParams.get('filters');
    const [, kind, id] = path.split('/');
    if (path === '/version' || path === '/_ping') return json(200, VERSION);
    if (request.method === 'GET' && path === '/containers/json') {
      return json(200, [...containers.values()].filter((c) => matches(c, filters)).map((c) => ({ Id: c.id, Names: [`/${c.name}`], Labels: c.labels, State: 'running' })));
    }
    if (request.method === 'GET' && path === '/networks') {
      return json(200, [...networks.values()].filter((n) => matches(n, filters)).map((n) => ({ Id: n.id, Name: n.name, Labels: n.labels, IPAM: { Config: [] } })));
    }
    if (request.method === 'POST' && path === '/networks/create') {
      const { Name, Labels } = JSON.parse(sent) as { Name: string; Labels?: Record<string, string> };
      const id = `network${++created}`;
      networks.set(id, { id, name: Name, labels: Labels ?? {} });
      return json(201, { Id: id, Warning: '' });
    }
    if (request.method === 'DELETE' && (kind === 'containers' || kind === 'networks')) {
      const store = kind === 'containers' ? containers : networks;
      if (!store.delete(id!)) return json(404, { message: `no such ${kind.slice(0, -1)}: ${id}` });
      response.writeHead(204);
      return response.end();
    }
    json(500, { message: `the fake engine does not answer ${request.method} ${path}` });
  });
  await new Promise<void>((resolve) => server.listen(socket, resolve));
  return {
    host: `unix://${socket}`,
    containers,
    networks,
    requests,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
