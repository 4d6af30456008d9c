// Ctrl-C (SIGINT) and SIGTERM while a lab runs. The first stops the run: what was created is removed, and
// the command exits 130. A second stops waiting for the engine: every call in flight is abandoned, and the
// user is told what may be left and how to remove it.
import { LabError } from '../errors.js';

export interface Interrupts extends Disposable {
  /** Aborted by the first signal: stop the run, clean up. */
  readonly stop: AbortSignal;
  /** Aborted by the second: stop waiting for the engine. */
  readonly giveUp: AbortSignal;
}

export function trapInterrupts(stderr: { write(text: string): unknown }, labName: string): Interrupts {
  const stop = new AbortController();
  const giveUp = new AbortController();
  const onSignal = (signal: NodeJS.Signals) => {
    if (!stop.signal.aborted) {
      stderr.write(`\n${signal}: stopping and removing what this lab created… (${signal} again to stop waiting)\n`);
      stop.abort(new LabError('INTERRUPTED', `interrupted by ${signal}`));
    } else if (!giveUp.signal.aborted) {
      stderr.write(`\n${signal} again: no longer waiting for the Docker engine\n`);
      giveUp.abort(new LabError('INTERRUPTED', `stopped waiting for the Docker engine (${signal} twice)`, { hint: `Remove what is left with: lab down --name ${labName}` }));
    }
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return {
    stop: stop.signal,
    giveUp: giveUp.signal,
    [Symbol.dispose]() {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    },
  };
}
