// One error family for the whole tool. An error carries what happened (a key) and its facts (parameters);
// only the CLI words it, in the user's language (src/cli/i18n/), maps it to an exit code and prints it, once.
import { en } from './cli/i18n/en.js';
import type { ConfigDetail } from './config/config-detail.js';
import type { ForwardConflict } from './docker/podman-forwarding.js';

/** Why a file could not be read or written, as the operating system said it. */
export interface SystemReason {
  code: string | undefined;
  message: string;
}

export function systemReason(error: unknown): SystemReason {
  return { code: (error as NodeJS.ErrnoException).code, message: (error as Error).message ?? String(error) };
}

/** Every error a user can cause or meet, with the facts its message needs. */
export interface ErrorParams {
  // the command line or lab.yaml (exit 2)
  config: { file: string; line: number; column: number; path: string; detail: ConfigDetail };
  keepWithAll: Record<string, never>;
  invalidOverride: { option: string; detail: ConfigDetail };
  configValue: { path: string; detail: ConfigDetail };
  labFolderCaptureUnreadable: { path: string; reason: SystemReason };
  answersUnreadable: { file: string; reason: SystemReason };
  pcapngNeedsOutput: Record<string, never>;
  eventsUnreadable: { path: string; reason: SystemReason };
  bundleUnreadable: { path: string; reason: SystemReason };
  eventsInvalid: { file: string; line: number; problem: EventLineProblem };
  outputIsInput: { path: string };
  interactiveWithAll: Record<string, never>;
  interactiveOnly: { option: string };
  noRunningCapture: { lab: string };
  // the capture file (exit 4)
  captureUnreadable: { path: string; reason: SystemReason };
  captureEmpty: { offset: number };
  captureShorterThanPcapHeader: { offset: number };
  notACapture: { magic: string; offset: number };
  pcapngByteOrder: { offset: number };
  pcapngBlockLength: { length: number; offset: number };
  // Docker (exit 3)
  dockerUnreachable: { tried: string[] };
  dockerNotAnswering: { source: string; failure: string };
  dockerConfigInvalid: { file: string; detail: string };
  dockerContextUnreadable: { name: string; from: string; file: string; reason: SystemReason };
  dockerContextWithoutEndpoint: { name: string; from: string; file: string };
  dockerAddressInvalid: { source: string };
  dockerCertificatesMissing: { source: string; dir: string | undefined };
  dockerEngine: { what: string; detail: string };
  dockerNoAnswer: { what: string; seconds: number };
  dockerCommand: { what: string; exitCode: number; output: string };
  /** `lab capture`: the engine sent something other than a capture (its own error, e.g. it could not fork). */
  captureNotStreamed: { lab: string; output: string };
  /** tcpdump ended before it said it was listening (a filter or interface it refused, a missing capability). */
  tcpdumpEndedFirst: { printed: string };
  baseImageMissing: { image: string };
  imageBuild: { tag: string; detail: string; output: string[] };
  noFreeSubnet: { range: string };
  /** The client timed out on Podman, and the host's firewall drops the lab network's bridged traffic. */
  podmanForwardDropped: ForwardConflict & { ms: number };
  // the experiment or the command (exit 1)
  outputUnwritable: { path: string; reason: SystemReason };
  outputFolderUnwritable: { path: string; reason: SystemReason };
  outputBusy: { pid: number; dir: string };
  outputLockFailed: { file: string };
  timeout: { what: WaitingFor; ms: number; printed: string | undefined };
  containerExitedFirst: { what: WaitingFor; exitCode: number; printed: string };
  clientFailed: { exitCode: number; output: string };
  answersMismatch: { file: string };
  clientFailedKept: { exitCode: number; output: string; kept: string[] };
  programEnded: { role: string; command: string };
  /** A failure, and then the removal failed too. */
  cleanupFailedToo: { error: unknown; cleanup: unknown };
  /** With --keep, a failure after the capture was collected: the server and tcpdump still run. */
  stillRunning: { error: unknown; lab: string };
  removalIncomplete: { error: unknown; left: string[]; lab: string };
  /** The experiment's reports were written, then the lab's removal failed: they are kept all the same. */
  reportsKeptRemovalFailed: { error: unknown; folder: string };
  // Ctrl-C or SIGTERM (exit 130)
  interrupted: { signal: string };
  interruptedAndRemoved: { error: unknown };
  gaveUpWaiting: { signal: string; lab: string };
}
export type ErrorKey = keyof ErrorParams;

/** What a deadline was waiting for. */
export type WaitingFor = 'engineAnswer' | 'serverListening' | 'clientReady' | 'tcpdumpStart' | 'clientFinish' | 'tcpdumpStop' | 'programAnswer' | 'probe';

/** What is wrong with a line of an events file. */
export type EventLineProblem =
  | { kind: 'notJson'; detail: string }
  | { kind: 'field'; field: 't' | 'start' | 'role' | 'call' | 'pid' | 'ret' | 'error'; got: string };

/** How a catalog words an error that another error wraps. */
export interface Nested {
  message(error: unknown): string;
  hint(error: unknown): string | undefined;
}

function codeOf(error: unknown, otherwise: LabErrorCode): LabErrorCode {
  return error instanceof LabError ? error.code : otherwise;
}

const englishOf: Nested = {
  message: (error) => (error instanceof Error ? error.message : String(error)),
  hint: (error) => (error instanceof LabError ? error.hint : undefined),
};

export type LabErrorCode = 'CONFIG' | 'USAGE' | 'DOCKER_UNREACHABLE' | 'DOCKER' | 'BASE_IMAGE_MISSING' | 'IMAGE_BUILD' | 'TIMEOUT' | 'CAPTURE_FORMAT' | 'INTERRUPTED' | 'EXPERIMENT' | 'OUTPUT' | 'ANSWERS_MISMATCH';

/** The kind of each error, which decides its exit code (src/cli/exit-codes.ts); an error that wraps
 * another takes the kind of the one it wraps. */
const CODES: { [K in ErrorKey]: LabErrorCode | ((params: ErrorParams[K]) => LabErrorCode) } = {
  config: 'CONFIG',
  keepWithAll: 'USAGE',
  invalidOverride: 'USAGE',
  configValue: 'USAGE',
  labFolderCaptureUnreadable: 'USAGE',
  answersUnreadable: 'USAGE',
  answersMismatch: 'ANSWERS_MISMATCH',
  pcapngNeedsOutput: 'USAGE',
  eventsUnreadable: 'USAGE',
  bundleUnreadable: 'USAGE',
  eventsInvalid: 'USAGE',
  outputIsInput: 'USAGE',
  interactiveWithAll: 'USAGE',
  interactiveOnly: 'USAGE',
  noRunningCapture: 'USAGE',
  captureUnreadable: 'CAPTURE_FORMAT',
  captureEmpty: 'CAPTURE_FORMAT',
  captureShorterThanPcapHeader: 'CAPTURE_FORMAT',
  notACapture: 'CAPTURE_FORMAT',
  pcapngByteOrder: 'CAPTURE_FORMAT',
  pcapngBlockLength: 'CAPTURE_FORMAT',
  dockerUnreachable: 'DOCKER_UNREACHABLE',
  dockerNotAnswering: 'DOCKER_UNREACHABLE',
  dockerConfigInvalid: 'DOCKER_UNREACHABLE',
  dockerContextUnreadable: 'DOCKER_UNREACHABLE',
  dockerContextWithoutEndpoint: 'DOCKER_UNREACHABLE',
  dockerAddressInvalid: 'DOCKER_UNREACHABLE',
  dockerCertificatesMissing: 'DOCKER_UNREACHABLE',
  dockerEngine: 'DOCKER',
  dockerNoAnswer: 'DOCKER',
  dockerCommand: 'DOCKER',
  baseImageMissing: 'BASE_IMAGE_MISSING',
  imageBuild: 'IMAGE_BUILD',
  noFreeSubnet: 'DOCKER',
  captureNotStreamed: 'DOCKER',
  tcpdumpEndedFirst: 'DOCKER',
  podmanForwardDropped: 'DOCKER',
  outputUnwritable: 'OUTPUT',
  outputFolderUnwritable: 'OUTPUT',
  outputBusy: 'OUTPUT',
  outputLockFailed: 'OUTPUT',
  timeout: 'TIMEOUT',
  containerExitedFirst: 'EXPERIMENT',
  clientFailed: 'EXPERIMENT',
  clientFailedKept: 'EXPERIMENT',
  programEnded: 'EXPERIMENT',
  cleanupFailedToo: (p) => codeOf(p.error, 'EXPERIMENT'),
  stillRunning: (p) => codeOf(p.error, 'EXPERIMENT'),
  removalIncomplete: (p) => (codeOf(p.error, 'DOCKER') === 'INTERRUPTED' ? 'INTERRUPTED' : 'DOCKER'),
  reportsKeptRemovalFailed: (p) => codeOf(p.error, 'DOCKER'),
  interrupted: 'INTERRUPTED',
  interruptedAndRemoved: 'INTERRUPTED',
  gaveUpWaiting: 'INTERRUPTED',
};

export class LabError<K extends ErrorKey = ErrorKey> extends Error {
  readonly code: LabErrorCode;
  readonly key: K;
  readonly params: ErrorParams[K];

  /** `message` is the English wording, for logs and tests; the CLI words it in the user's language. */
  constructor(key: K, params: ErrorParams[K], options: { cause?: unknown } = {}) {
    super(en.errors[key](params as never, englishOf), { cause: options.cause });
    this.name = new.target.name;
    this.key = key;
    this.params = params;
    const code = CODES[key] as LabErrorCode | ((params: ErrorParams[K]) => LabErrorCode);
    this.code = typeof code === 'function' ? code(params) : code;
  }

  /** What the user can do about it, in English. */
  get hint(): string | undefined {
    return en.hints[this.key]?.(this.params as never, englishOf);
  }
}

/** A problem in lab.yaml (or in command-line values), pointing at file, line and column. */
export class ConfigError extends LabError<'config'> {
  constructor(
    detail: ConfigDetail,
    readonly file: string,
    readonly line: number,
    readonly column: number,
    readonly path: string,
  ) {
    super('config', { file, line, column, path, detail });
  }
}

export class DockerError<K extends ErrorKey = ErrorKey> extends LabError<K> {}

export class TimeoutError extends LabError<'timeout'> {
  constructor(what: WaitingFor, ms: number, printed?: string) {
    super('timeout', { what, ms, printed });
  }
}

type CaptureFormatKey = 'captureEmpty' | 'captureShorterThanPcapHeader' | 'notACapture' | 'pcapngByteOrder' | 'pcapngBlockLength';

/** The capture file as a whole cannot be read (a bad packet is never this: it is marked and skipped). */
export class CaptureFormatError<K extends CaptureFormatKey = CaptureFormatKey> extends LabError<K> {
  get offset(): number {
    return this.params.offset;
  }
}
