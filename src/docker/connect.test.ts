// Finding the engine, against fake engines (HTTP servers on unix sockets that answer GET /version).
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Environment } from '../config/environment.js';
import { connectEngine } from './connect.js';
import { hostAddress } from './engine-address.js';

const dir = mkdtempSync(join(tmpdir(), 'connect-'));
const servers: Server[] = [];
afterAll(() => servers.forEach((server) => server.close()));

/** A fake engine on a unix socket: Docker's /version, or Podman's (its first component is "Podman Engine"). */
async function fakeEngine(path: string, product: 'Docker' | 'Podman'): Promise<string> {
  mkdirSync(join(path, '..'), { recursive: true });
  const body = product === 'Podman' ? { Version: '4.3.1', ApiVersion: '1.41', Components: [{ Name: 'Podman Engine', Version: '4.3.1' }] } : { Version: '27.0.1', ApiVersion: '1.46', Components: [{ Name: 'Engine', Version: '27.0.1' }] };
  const server = createServer((request, response) => {
    response.setHeader('content-type', 'application/json');
    response.end(JSON.stringify(request.url?.endsWith('/version') ? body : {}));
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(path, resolve));
  return path;
}

const dockerSocket = await fakeEngine(join(dir, 'var-run', 'docker.sock'), 'Docker');
const nowhere = join(dir, 'nowhere');

function env(overrides: Partial<Environment>): Environment {
  return {
    dockerHost: undefined,
    dockerContext: undefined,
    dockerConfig: undefined,
    dockerCertPath: undefined,
    dockerTlsVerify: false,
    sshAuthSock: undefined,
    xdgRuntimeDir: join(nowhere, 'xdg'),
    home: join(nowhere, 'home'),
    uid: 4242,
    isTty: false,
    ...overrides,
  };
}

async function failure(promise: Promise<unknown>): Promise<Error & { code?: string; hint?: string }> {
  return promise.then(
    () => expect.fail('expected the connection to fail'),
    (error: Error) => error,
  );
}

/** A docker CLI context as `docker context create NAME --docker host=HOST` stores it. */
function writeContext(configDir: string, name: string, host: string) {
  const meta = join(configDir, 'contexts', 'meta', createHash('sha256').update(name).digest('hex'));
  mkdirSync(meta, { recursive: true });
  writeFileSync(join(meta, 'meta.json'), JSON.stringify({ Name: name, Metadata: {}, Endpoints: { docker: { Host: host, SkipTLSVerify: false } } }));
}

describe('DOCKER_HOST', () => {
  it('an engine named by DOCKER_HOST that does not answer is an error naming it; the local engine does not stand in', async () => {
    const error = await failure(connectEngine(env({ dockerHost: `unix://${nowhere}/docker.sock` }), dockerSocket));
    expect(error.code).toBe('DOCKER_UNREACHABLE');
    expect(error.message).toBe(`the Docker engine at DOCKER_HOST=unix://${nowhere}/docker.sock did not answer: no such socket`);
    expect(error.hint).toMatch(/unset DOCKER_HOST/);
  });

  it('stops asking an engine that does not answer when its caller no longer needs it (a lab.yaml mistake)', async () => {
    const silent = join(dir, 'silent.sock');
    const asked: IncomingMessage[] = [];
    const server = createServer((request) => void asked.push(request)); // takes the request, never answers
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(silent, resolve));
    const stop = new AbortController();
    const connecting = connectEngine(env({ dockerHost: `unix://${silent}` }), dockerSocket, stop.signal);
    while (asked.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    const closed = new Promise((resolve) => asked[0]!.socket.once('close', resolve));
    stop.abort();
    const error = await failure(connecting);
    expect(error.name).toBe('AbortError'); // given up when asked to, not an engine that timed out
    await closed; // and the request is no longer open: nothing keeps the process waiting
  });

  it('a TCP address where nothing listens is refused, and only that address is named', async () => {
    const error = await failure(connectEngine(env({ dockerHost: 'tcp://127.0.0.1:1' }), dockerSocket));
    expect(error.message).toMatch(/^the Docker engine at DOCKER_HOST=tcp:\/\/127\.0\.0\.1:1 did not answer: .*ECONNREFUSED/);
    expect(error.message).not.toContain(dockerSocket);
  });

  it.each(['garbage', 'unix://relative/docker.sock', 'http://host:2375', 'tcp://'])('a malformed value (%s) is a clear error, not a TypeError', async (value) => {
    const error = await failure(connectEngine(env({ dockerHost: value }), dockerSocket));
    expect(error.code).toBe('DOCKER_UNREACHABLE');
    expect(error.message).toBe(`DOCKER_HOST=${value} is not an engine address`);
    expect(error.hint).toMatch(/unix:\/\/\/path\/to\/docker\.sock, tcp:\/\/HOST:PORT or ssh:\/\/USER@HOST/);
  });

  it('an engine that answers at DOCKER_HOST is used', async () => {
    const other = await fakeEngine(join(dir, 'other', 'docker.sock'), 'Docker');
    const engine = await connectEngine(env({ dockerHost: `unix://${other}` }), nowhere);
    expect(engine).toMatchObject({ source: `DOCKER_HOST=unix://${other}`, product: 'Docker', version: '27.0.1', apiVersion: '1.46' });
  });

  it('reads TCP, TLS and SSH addresses as the docker CLI does', () => {
    const plain = { sshAuthSock: '/tmp/agent.sock', dockerCertPath: undefined, dockerTlsVerify: false };
    expect(hostAddress('tcp://10.0.0.5', 's', plain).options).toEqual({ host: '10.0.0.5', port: 2375, protocol: 'http' });
    expect(hostAddress('ssh://pi@lab.local', 's', plain).options).toEqual({ protocol: 'ssh', host: 'lab.local', port: 22, username: 'pi', sshOptions: { agent: '/tmp/agent.sock' } });
    const certs = join(dir, 'certs');
    mkdirSync(certs);
    for (const file of ['ca.pem', 'cert.pem', 'key.pem']) writeFileSync(join(certs, file), file);
    expect(hostAddress('tcp://10.0.0.5', 's', { ...plain, dockerTlsVerify: true, dockerCertPath: certs }).options).toMatchObject({ port: 2376, protocol: 'https', ca: Buffer.from('ca.pem') });
    expect(() => hostAddress('tcp://10.0.0.5', 's', { ...plain, dockerTlsVerify: true, dockerCertPath: nowhere })).toThrow(/DOCKER_TLS_VERIFY is set but .* holds no ca\.pem/);
  });
});

describe('the local sockets, when no engine is named', () => {
  it('takes the system socket when it answers', async () => {
    expect(await connectEngine(env({}), dockerSocket)).toMatchObject({ source: dockerSocket, product: 'Docker' });
  });

  it('finds a Podman socket where Podman users expect it when no Docker engine answers', async () => {
    const xdg = join(dir, 'xdg');
    await fakeEngine(join(xdg, 'podman', 'podman.sock'), 'Podman');
    expect(await connectEngine(env({ xdgRuntimeDir: xdg }), nowhere)).toMatchObject({ source: `${xdg}/podman/podman.sock`, product: 'Podman', version: '4.3.1' });
  });

  it('names every place it looked, Docker’s and Podman’s, and how to fix it', async () => {
    const error = await failure(connectEngine(env({}), join(nowhere, 'docker.sock')));
    expect(error.code).toBe('DOCKER_UNREACHABLE');
    for (const place of [
      `${nowhere}/docker.sock`,
      `${nowhere}/xdg/docker.sock`,
      '/run/user/4242/docker.sock',
      `${nowhere}/home/.docker/run/docker.sock`,
      `${nowhere}/home/.docker/desktop/docker.sock`,
      `${nowhere}/xdg/podman/podman.sock`,
      '/run/user/4242/podman/podman.sock',
    ])
      expect(error.message).toContain(`${place}: no such socket`);
    expect(error.message).toMatch(/\/run\/podman\/podman\.sock: /);
    expect(error.hint).toMatch(/Start Docker .* or Podman .* or set DOCKER_HOST/);
  });
});

describe('Docker contexts', () => {
  it('uses the context named by DOCKER_CONTEXT, found by the sha256 of its name', async () => {
    const config = join(dir, 'docker-config-1');
    writeContext(config, 'classroom', `unix://${dockerSocket}`);
    const engine = await connectEngine(env({ dockerContext: 'classroom', dockerConfig: config }), nowhere);
    expect(engine.source).toBe(`Docker context "classroom" (DOCKER_CONTEXT: unix://${dockerSocket})`);
  });

  it('uses currentContext of config.json under HOME, and DOCKER_HOST is not needed', async () => {
    const home = join(dir, 'home-ctx');
    writeContext(join(home, '.docker'), 'desktop-linux', `unix://${dockerSocket}`);
    writeFileSync(join(home, '.docker', 'config.json'), JSON.stringify({ auths: {}, currentContext: 'desktop-linux' }));
    expect((await connectEngine(env({ home }), nowhere)).source).toMatch(/^Docker context "desktop-linux" \(currentContext in config\.json/);
  });

  it('DOCKER_CONTEXT wins over DOCKER_HOST, and "default" means DOCKER_HOST or the local sockets', async () => {
    const config = join(dir, 'docker-config-2');
    writeContext(config, 'here', `unix://${dockerSocket}`);
    expect((await connectEngine(env({ dockerContext: 'here', dockerConfig: config, dockerHost: 'tcp://127.0.0.1:1' }), nowhere)).source).toMatch(/^Docker context "here"/);
    expect((await connectEngine(env({ dockerContext: 'default', dockerConfig: config }), dockerSocket)).source).toBe(dockerSocket);
  });

  it('a context that does not exist, or whose engine does not answer, is an error naming the context', async () => {
    const config = join(dir, 'docker-config-3');
    const missing = await failure(connectEngine(env({ dockerContext: 'nope', dockerConfig: config }), dockerSocket));
    expect(missing.code).toBe('DOCKER_UNREACHABLE');
    expect(missing.message).toMatch(/^Docker context "nope" \(DOCKER_CONTEXT\): there is no such context/);
    expect(missing.hint).toMatch(/docker context ls/);
    writeContext(config, 'gone', `unix://${nowhere}/gone.sock`);
    const silent = await failure(connectEngine(env({ dockerContext: 'gone', dockerConfig: config }), dockerSocket));
    expect(silent.message).toBe(`the Docker engine at Docker context "gone" (DOCKER_CONTEXT: unix://${nowhere}/gone.sock) did not answer: no such socket`);
  });
});
