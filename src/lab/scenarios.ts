// Scenarios are data: the steps each program runs on its connection. The programs only execute them
// (see images/common/steps.h); nothing in the orchestrator branches on a scenario's name.

export interface Scenario {
  name: string;
  /** One line for the student: what this run shows. */
  summary: string;
  server: { steps: string[] };
  client: { steps: string[] };
}

export const SCENARIOS: Record<string, Scenario> = {
  echo: {
    name: 'echo',
    summary: 'the experiment as it was: the server echoes and closes first; four separate teardown segments',
    server: { steps: ['read', 'echo', 'close'] },
    client: { steps: ['write', 'read', 'read-until-eof', 'sleep:200', 'close', 'settle'] },
  },
};

export function scenarioNames(): string[] {
  return Object.keys(SCENARIOS);
}
