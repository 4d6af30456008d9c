// The environment as the docker CLI reads it: an empty variable is an unset one, DOCKER_TLS_VERIFY is on
// when set to anything, and live progress only on a terminal that is not TERM=dumb.
import { afterEach, describe, expect, it } from 'vitest';
import { readEnvironment } from './environment.js';

const stderrIsTty = Object.getOwnPropertyDescriptor(process.stderr, 'isTTY');
afterEach(() => {
  if (stderrIsTty) Object.defineProperty(process.stderr, 'isTTY', stderrIsTty);
  else delete (process.stderr as { isTTY?: boolean }).isTTY;
});
const onTerminal = (isTty: boolean) => Object.defineProperty(process.stderr, 'isTTY', { value: isTty, configurable: true, writable: true });

describe('readEnvironment', () => {
  it('keeps every variable that is set', () => {
    const env = {
      DOCKER_HOST: 'unix:///run/user/1000/docker.sock',
      DOCKER_CONTEXT: 'rootless',
      DOCKER_CONFIG: '/home/u/.config/docker',
      DOCKER_CERT_PATH: '/home/u/certs',
      DOCKER_TLS_VERIFY: '1',
      SSH_AUTH_SOCK: '/run/user/1000/ssh',
      XDG_RUNTIME_DIR: '/run/user/1000',
      HOME: '/home/u',
    };
    expect(readEnvironment(env)).toMatchObject({
      dockerHost: env.DOCKER_HOST,
      dockerContext: 'rootless',
      dockerConfig: env.DOCKER_CONFIG,
      dockerCertPath: env.DOCKER_CERT_PATH,
      dockerTlsVerify: true,
      sshAuthSock: env.SSH_AUTH_SOCK,
      xdgRuntimeDir: env.XDG_RUNTIME_DIR,
      home: '/home/u',
      uid: process.getuid?.(),
    });
  });

  it('an empty variable is an unset one; DOCKER_TLS_VERIFY=0 is on, as for the docker CLI', () => {
    const empty = { DOCKER_HOST: '', DOCKER_CONTEXT: '', DOCKER_CONFIG: '', DOCKER_CERT_PATH: '', DOCKER_TLS_VERIFY: '', SSH_AUTH_SOCK: '', XDG_RUNTIME_DIR: '', HOME: '' };
    expect(readEnvironment(empty)).toMatchObject({ dockerHost: undefined, dockerContext: undefined, dockerConfig: undefined, dockerCertPath: undefined, dockerTlsVerify: false, sshAuthSock: undefined, xdgRuntimeDir: undefined, home: undefined });
    expect(readEnvironment({ DOCKER_TLS_VERIFY: '0' }).dockerTlsVerify).toBe(true);
  });

  it('live progress on a terminal, unless TERM=dumb; never when standard error is not a terminal', () => {
    onTerminal(true);
    expect(readEnvironment({ TERM: 'xterm-256color' }).isTty).toBe(true);
    expect(readEnvironment({}).isTty).toBe(true);
    expect(readEnvironment({ TERM: 'dumb' }).isTty).toBe(false);
    onTerminal(false);
    expect(readEnvironment({ TERM: 'xterm-256color' }).isTty).toBe(false);
  });
});
