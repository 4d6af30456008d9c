// Checks for option values that commander's choices cannot express; they throw in the user's language.
import { InvalidArgumentError } from '@commander-js/extra-typings';
import { LAB_NAME_PATTERN } from '../docker/labels.js';
import type { CliMessages } from './i18n/messages.js';

/** A value that must not be empty: `--name ""` from an unset shell variable is a mistake, never "all". */
export function nonEmpty(t: CliMessages) {
  return (value: string): string => {
    if (!value.trim()) throw new InvalidArgumentError(t.parse.emptyValue);
    return value;
  };
}

/** The same rule as lab.yaml's `name`. */
export function labName(t: CliMessages) {
  return (value: string): string => {
    if (!value) throw new InvalidArgumentError(t.parse.emptyValue);
    if (!LAB_NAME_PATTERN.test(value)) throw new InvalidArgumentError(t.parse.invalidName);
    return value;
  };
}

/** A number of minutes greater than 0 (`--idle`). */
export function minutes(t: CliMessages) {
  return (value: string): number => {
    const n = Number(value);
    if (!value.trim() || !(n > 0) || !Number.isFinite(n)) throw new InvalidArgumentError(t.parse.positiveMinutes);
    return n;
  };
}
