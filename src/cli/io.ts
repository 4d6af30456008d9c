// What a command may touch of the outside world, passed in so that commands are testable functions.

export interface Output {
  write(text: string | Uint8Array): unknown;
  isTTY?: boolean;
  /** Set for the process's real stdout/stderr, which large reports write to synchronously. */
  fd?: number;
}

export interface CliIo {
  stdout: Output;
  stderr: Output;
}
