// Every container and network a lab creates carries these labels, so `lab down` finds them after a crash.

export const LABEL_PREFIX = 'dev.tcp-lab';
export const LABELS = {
  /** The name the user gave (`--name`), also for each preset of `--scenario all`. */
  lab: `${LABEL_PREFIX}.lab`,
  run: `${LABEL_PREFIX}.run`,
  role: `${LABEL_PREFIX}.role`,
  scenario: `${LABEL_PREFIX}.scenario`,
  contextHash: `${LABEL_PREFIX}.context-hash`,
} as const;

/** A lab's name becomes part of container and network names and of a label value. */
export const LAB_NAME_PATTERN = /^[a-z0-9][a-z0-9_-]{0,39}$/;

export function resourceLabels({ lab, run, role, scenario }: { lab: string; run: string; role: string; scenario: string }): Record<string, string> {
  return { [LABELS.lab]: lab, [LABELS.run]: run, [LABELS.role]: role, [LABELS.scenario]: scenario };
}

/** The engine's filter for one lab's resources. It always carries `=name`: a bare label key matches every
 * lab on the engine, so an empty or malformed name must never reach a filter (it would remove them all). */
export function labFilter(lab: string): string[] {
  if (!LAB_NAME_PATTERN.test(lab)) throw new RangeError(`not a lab name: ${JSON.stringify(lab)}`);
  return [`${LABELS.lab}=${lab}`];
}

/** Every lab's resources, for `lab down --all` and completion's list of running labs: asked for by name. */
export function everyLabFilter(): string[] {
  return [LABELS.lab];
}
