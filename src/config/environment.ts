// The only place that reads environment variables; everything else receives these values.

export interface Environment {
  dockerHost: string | undefined;
  /** DOCKER_CONTEXT: a docker CLI context name, which wins over DOCKER_HOST as it does for `docker`. */
  dockerContext: string | undefined;
  /** DOCKER_CONFIG: the docker CLI's folder (config.json, contexts/) when it is not ~/.docker. */
  dockerConfig: string | undefined;
  dockerCertPath: string | undefined;
  dockerTlsVerify: boolean;
  sshAuthSock: string | undefined;
  xdgRuntimeDir: string | undefined;
  home: string | undefined;
  uid: number | undefined;
  isTty: boolean;
}

export function readEnvironment(env: NodeJS.ProcessEnv = process.env): Environment {
  return {
    dockerHost: env.DOCKER_HOST || undefined,
    dockerContext: env.DOCKER_CONTEXT || undefined,
    dockerConfig: env.DOCKER_CONFIG || undefined,
    dockerCertPath: env.DOCKER_CERT_PATH || undefined,
    dockerTlsVerify: Boolean(env.DOCKER_TLS_VERIFY), // the docker CLI treats any non-empty value as on
    sshAuthSock: env.SSH_AUTH_SOCK || undefined,
    xdgRuntimeDir: env.XDG_RUNTIME_DIR || undefined,
    home: env.HOME || undefined,
    uid: process.getuid?.(),
    isTty: Boolean(process.stderr.isTTY) && env.TERM !== 'dumb',
  };
}
