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

export function resourceLabels({ lab, run, role, scenario }: { lab: string; run: string; role: string; scenario: string }): Record<string, string> {
  return { [LABELS.lab]: lab, [LABELS.run]: run, [LABELS.role]: role, [LABELS.scenario]: scenario };
}

/** Engine label filters: every lab's resources, or one lab's. */
export function labFilter(lab?: string): string[] {
  return [lab ? `${LABELS.lab}=${lab}` : LABELS.lab];
}
