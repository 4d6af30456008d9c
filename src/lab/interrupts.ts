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

/** What the user is told at each signal, in their language. */
export interface InterruptWords {
  stopping(signal: string): string;
  givingUp(signal: string): string;
}

export function trapInterrupts(stderr: { write(text: string): unknown }, labName: string, words: InterruptWords): Interrupts {
  const stop = new AbortController();
  const giveUp = new AbortController();
  const onSignal = (signal: NodeJS.Signals) => {
    if (!stop.signal.aborted) {
      stderr.write(words.stopping(signal));
      stop.abort(new LabError('interrupted', { signal }));
    } else if (!giveUp.signal.aborted) {
      stderr.write(words.givingUp(signal));
      giveUp.abort(new LabError('gaveUpWaiting', { signal, lab: labName }));
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
