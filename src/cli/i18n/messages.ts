// Everything the command line says, for one language. Commands and the error printer hold no prose of
// their own; errors thrown deep in the code carry a key and parameters (src/errors.ts) worded here.
import type { ForwardConflict, HostForwarding, UnreadableChain } from '../../docker/podman-forwarding.js';
import type { ErrorKey, ErrorParams, Nested, WaitingFor } from '../../errors.js';
import type { BuildStep, StepId } from '../../lab/progress.js';
import type { Reply } from '../../session/program-channel.js';
import type { ProgramProblem } from '../../session/program-problems.js';

/** `nested` words an error that this one wraps, in the same language. */
export type ErrorTexts = { [K in ErrorKey]: (p: ErrorParams[K], nested: Nested) => string };


/** Every command; adding one here makes the compiler ask for its words in each language. */
export type CommandName = 'up' | 'down' | 'report' | 'images' | 'scenarios' | 'completion' | 'quiz' | 'check' | 'grade' | 'capture' | 'serve' | 'doctor';

export interface OptionTexts {
  [option: string]: string;
}

export interface CommandTexts {
  description: string;
  /** Shown under "Examples:" in the command's help: `lab …` lines, each with what it does. */
  examples: string[];
  options: OptionTexts;
  arguments?: OptionTexts;
}

export interface LiveTexts {
  /** "client" and "server", in the arrows of the packet lines and before each result. */
  sides: Record<'client' | 'server', string>;
  ready(address: string, backlog: string): string;
  help: string;
  /** `nearest`: the command it was probably meant to be. */
  unknownCommand(line: string, nearest?: string): string;
  serverWhat: string;
  messageTooLong(maxBytes: number): string;
  badConnection(line: string): string;
  idleEnded(minutes: number): string;
  /** One line per reply: the call, its result or errno, or the problem when no call was made. */
  reply(role: string, reply: Reply): string;
  /** Why a program made no call, by the code its reply carries. */
  problem: Record<ProgramProblem, string>;
  connectionState(role: string, conn: number, state: string, localPort: number, peerPort: number): string;
  listening(state: string, port: number, queued: number, backlog: number): string;
  noConnection(role: string): string;
  /** An earlier segment that a later one shows was lost after the capture point. */
  neverArrived(frame: number, receiver: string): string;
}

export interface PresetTexts {
  summary: string;
  lookFor: string;
}

export interface CliMessages {
  lang: string;
  program: { description: string; exitCodes: string };
  help: {
    /** Commander's section titles ("Usage:", "Options:", …) in this language. */
    titles: Record<'Usage:' | 'Arguments:' | 'Options:' | 'Commands:' | 'Global Options:', string>;
    examples: string;
    default(value: string): string;
    choices(values: string[]): string;
    helpOption: string;
    versionOption: string;
    helpCommand: string;
    langOption: string;
    moreHelp(command: string): string;
    /** A description with notes after it: "text (default: x)". */
    aside(text: string, notes: string[]): string;
  };
  commands: Record<CommandName, CommandTexts>;
  /** The command line's own mistakes, as commander finds them. */
  parse: {
    unknownCommand(name: string): string;
    unknownOption(flag: string): string;
    /** Follows the message directly: it brings its own separator. */
    didYouMean(suggestion: string): string;
    missingArgument(name: string): string;
    optionMissingArgument(flag: string): string;
    invalidValue(flag: string, value: string, reason: string): string;
    choices(values: string[]): string;
    excessArguments(extra: string[]): string;
    conflicting(a: string, b: string): string;
    emptyValue: string;
    invalidName: string;
    wholeNumber(min: number, max: number): string;
    classCode: string;
    unknownQuestion(id: string, known: string[]): string;
    positiveMinutes: string;
  };
  /** A file written where the user did not say (report --open without -o). */
  wrote(path: string): string;
  errorPrefix: string;
  unexpected(detail: string): string;
  /** What a deadline was waiting for, as the end of "waiting for …". */
  waitingFor: Record<WaitingFor, string>;
  errors: ErrorTexts;
  /** What the user can do, printed under the message of those errors that have one. */
  hints: { [K in ErrorKey]?: (p: ErrorParams[K], nested: Nested) => string | undefined };
  steps: Record<StepId, string>;
  /** A step about something: "client (echo)". */
  stepAbout(step: string, subject: string): string;
  /** The images step's detail while the engine builds, and when it is done. */
  building(step: BuildStep): string;
  built(tags: string[]): string;
  /** The removal's detail while it waits for the engine to answer creations still in flight. */
  waitingForEngine: string;
  up: {
    scenarioHeading(name: string): string;
    wrote(scenario: string, dir: string, files: string[]): string;
    /** What an interactive run is called in its summary (it played no preset). */
    interactiveRun: string;
    connection(index: number, verdict: string): string;
    captureCut(bytes: number, spaceMiB: number): string;
    droppedByKernel(packets: number): string;
    /** A client's wait for the end of its connection's teardown gave up after this many seconds. */
    settleGaveUp(seconds: string): string;
    openCapture(command: string): string;
    kept(name: string): string;
    interrupting(signal: string): string;
    givingUp(signal: string): string;
    endingSession(signal: string): string;
    wroteIndex(path: string): string;
  };
  /** `lab up --interactive`: what the terminal front end prints. */
  live: LiveTexts;
  capture: { ended(lab: string): string };
  serve: {
    started(studentUrl: string, classCode: string | null, teacherUrl: string, maxLabs: number, spareLabs: number): string;
    /** The spare labs made at start are ready: a student who starts now has a lab at once. */
    sparesReady(ready: number, wanted: number, seconds: number): string;
    stopping(signal: string): string;
    stopped(labs: number, seconds: number): string;
    leftBehind(labs: number): string;
  };
  down: {
    removed(names: string[]): string;
    nothingToRemove(name: string | undefined): string;
  };
  images: {
    built: string;
    upToDate: string;
    saved(file: string, mebibytes: number, images: string[]): string;
    loadElsewhere(file: string): string;
    loaded(images: string[]): string;
    complete: string;
    lacks(missing: string[], baseImage: string): string;
  };
  scenarios: { lookFor(text: string): string };
  /** `lab doctor`: one line per check, with the fix under a failed one, then the verdict. */
  doctor: {
    checks: Record<'engine' | 'images' | 'firewall' | 'forwarding' | 'disk' | 'node' | 'output', string>;
    passed(check: string, detail: string): string;
    failed(check: string, detail: string, fix: string): string;
    /** A check that could not be made yet; it does not stop lab up. */
    notTried(check: string, detail: string): string;
    /** The capture image is not built yet: the checks that run in it wait for the first lab up. */
    needsCaptureImage: string;
    firewallWorks: string;
    firewallFailed(exitCode: number, output: string): string;
    firewallFix: string;
    /** Podman and the host firewall agree: why the lab's traffic passes. */
    forwardingFine(backend: string, host: HostForwarding): string;
    /** Podman's internal network and the host firewall disagree: what happens (shared with lab up's error). */
    forwardingConflict(conflict: ForwardConflict): string;
    forwardingFix(conflict: ForwardConflict): string;
    /** A back end's FORWARD chain could not be listed: whether it drops the traffic is not known. */
    forwardingNotChecked(chains: UnreadableChain[]): string;
    engine(product: string, version: string, apiVersion: string, source: string): string;
    engineFix: string;
    /** The engine answered, then a check failed on its way: each check's own fix. */
    imagesCheckFix: string;
    firewallCheckFix: string;
    forwardingCheckFix: string;
    imagesBuilt: string;
    imagesWillBuild(baseImage: string): string;
    imagesMissing(baseImage: string): string;
    imagesFix(baseImage: string): string;
    disk(gibibytes: string, path: string): string;
    diskFix: string;
    node(version: string): string;
    nodeFix: string;
    output(path: string): string;
    outputUnwritable(path: string, reason: string): string;
    outputFix: string;
    willWork: string;
    willNotWork: string;
  };
  quiz: {
    /** `command`: what the student runs to check their answers. */
    wrote(dir: string, files: string[], questions: number, command: string): string;
    answersKept(dir: string): string;
    notApplicable(ids: string[]): string;
  };
  /** Each preset's line for `lab scenarios`: what it shows, and which packets to look at. */
  presets(name: string): PresetTexts;
  open: { failed(file: string, opener: string): string };
  wireshark: {
    missing(pkg: string): string;
    noDisplay: string;
    stopped(reason: string): string;
    exitCode(code: number): string;
  };
}
