// One error family for the whole tool. Only the CLI maps these to exit codes and prints them, once.

export type LabErrorCode =
  | 'CONFIG'
  | 'USAGE'
  | 'DOCKER_UNREACHABLE'
  | 'DOCKER'
  | 'BASE_IMAGE_MISSING'
  | 'IMAGE_BUILD'
  | 'TIMEOUT'
  | 'CAPTURE_FORMAT'
  | 'INTERRUPTED'
  | 'OUTPUT'
  | 'ANSWERS_MISMATCH'
  | 'EXPERIMENT';

export class LabError extends Error {
  readonly code: LabErrorCode;
  /** What the user can do about it, printed under the message. */
  readonly hint: string | undefined;

  constructor(code: LabErrorCode, message: string, options: { cause?: unknown; hint?: string } = {}) {
    super(message, { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.hint = options.hint;
  }
}

/** A problem in lab.yaml (or in command-line values), pointing at file, line and column. */
export class ConfigError extends LabError {
  constructor(
    message: string,
    readonly file: string,
    readonly line: number,
    readonly column: number,
    readonly path: string,
  ) {
    super('CONFIG', `${file}:${line}:${column}: ${path ? `${path}: ` : ''}${message}`);
  }
}

export class DockerError extends LabError {}

export class TimeoutError extends LabError {
  constructor(what: string, ms: number, hint?: string) {
    super('TIMEOUT', `timed out after ${ms} ms waiting for ${what}`, { hint });
  }
}

/** The capture file as a whole cannot be read (a bad packet is never this: it is marked and skipped). */
export class CaptureFormatError extends LabError {
  constructor(message: string, readonly offset: number) {
    super('CAPTURE_FORMAT', `${message} (at byte ${offset})`);
  }
}
