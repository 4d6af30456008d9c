// The only place that reads environment variables; everything else receives these values.

export interface Environment {
  dockerHost: string | undefined;
  xdgRuntimeDir: string | undefined;
  home: string | undefined;
  uid: number | undefined;
  isTty: boolean;
}

export function readEnvironment(env: NodeJS.ProcessEnv = process.env): Environment {
  return {
    dockerHost: env.DOCKER_HOST || undefined,
    xdgRuntimeDir: env.XDG_RUNTIME_DIR || undefined,
    home: env.HOME || undefined,
    uid: process.getuid?.(),
    isTty: Boolean(process.stderr.isTTY) && env.TERM !== 'dumb',
  };
}
