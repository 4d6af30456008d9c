// What a command may touch of the outside world, passed in so that commands are testable functions.

export interface Output {
  write(text: string | Uint8Array): unknown;
  isTTY?: boolean;
  /** Set for the process's real stdout/stderr, which large reports write to synchronously. */
  fd?: number;
  /** A real stream reports a closed reader (EPIPE) as an 'error' event. */
  on?(event: 'error', listener: (error: NodeJS.ErrnoException) => void): unknown;
}

export interface CliIo {
  stdout: Output;
  stderr: Output;
  /** The environment (locale, DISPLAY, PATH, DOCKER_HOST); process.env unless a test gives its own. */
  env?: NodeJS.ProcessEnv;
}
