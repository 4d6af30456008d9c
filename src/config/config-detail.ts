// What is wrong with a value of lab.yaml (or answers.yaml), as facts: the CLI words them in the user's
// language (src/cli/i18n/*-config-detail.ts), after FILE:LINE:COLUMN: PATH.
import type { SystemReason } from '../errors.js';
import type { StepRole } from './steps.js';

/** A value of the file, as a message repeats it: strings cut to their start, with their full length. */
export type ShownValue =
  | { type: 'null' | 'list' | 'mapping' }
  | { type: 'string'; text: string; length: number; cut: boolean }
  | { type: 'number' | 'boolean' | 'other'; text: string };

/** A range lab.yaml's network must stay out of, because a bridge there would disturb the host. */
export type ForbiddenRange = 'thisNetwork' | 'loopback' | 'linkLocal' | 'multicast' | 'reserved';

/** What is wrong with a subnet on its own. */
export type SubnetProblem =
  | { kind: 'notCidr' }
  | { kind: 'octetTooBig'; octet: number }
  | { kind: 'prefixTooLong'; prefix: number }
  | { kind: 'hostBitsSet'; network: string; prefix: number; address: string }
  | { kind: 'tooSmall'; prefix: number; addresses: number; smallest: number }
  | { kind: 'forbidden'; range: ForbiddenRange; cidr: string };

/** Who already uses a subnet. */
export type SubnetOwner = { kind: 'interface'; name: string } | { kind: 'engineNetwork' };

/** Why a step cannot stand where it is. */
export type StepRule =
  | { kind: 'otherRole'; step: string; role: StepRole; steps: string[] }
  | { kind: 'sleepTooLong'; step: string; maxMs: number }
  | { kind: 'notLast'; step: string }
  | { kind: 'afterClose'; step: string; closeStep: number; allowed: string[] };

/** What a value should have been. */
export type Expectation =
  | { kind: 'type'; type: string }
  | { kind: 'oneOf'; values: unknown[] }
  | { kind: 'bound'; bound: 'min' | 'max'; of: 'number' | 'string' | 'list' | 'value'; limit: number; inclusive: boolean }
  | { kind: 'labName'; maxChars: number }
  | { kind: 'step'; steps: string[] }
  | { kind: 'stepRule'; rule: StepRule }
  | { kind: 'scenario' }
  | { kind: 'serverSteps' }
  | { kind: 'fastOpenFirstWrite' }
  | { kind: 'fastOpenNoConnectTimeout' }
  | { kind: 'scenarioWaits'; maxMs: number; totalMs: number }
  | { kind: 'messageWithoutNul'; at: number }
  | { kind: 'messageTooLong'; bytes: number; maxBytes: number }
  | { kind: 'subnet'; problem: SubnetProblem }
  | { kind: 'acceptableValue' }
  // answers.yaml
  | { kind: 'answersFile' }
  | { kind: 'singleValue' }
  | { kind: 'captureSha256' }
  | { kind: 'answersMapping' }
  | { kind: 'questionId' }
  | { kind: 'oneAnswer' };

export type ConfigDetail =
  | { kind: 'unreadable'; reason: SystemReason }
  /** `code` is the yaml library's (doc.errors[i].code); its English `message` words a code the CLI does not know. */
  | { kind: 'yamlSyntax'; code: string; message: string }
  | { kind: 'aliasBomb'; maxAliases: number }
  /** An alias (*name) with no anchor (&name) before it. */
  | { kind: 'unresolvedAlias'; alias: string }
  | { kind: 'notData'; message: string }
  | { kind: 'unknownKey'; key: string; known: string[]; nearest?: string }
  | { kind: 'unknownQuestion'; id: string; known: string[] }
  | { kind: 'missing'; expected: Expectation }
  | { kind: 'expected'; expected: Expectation; got?: ShownValue }
  | { kind: 'subnetTaken'; subnet: string; taken: string; owner: SubnetOwner };
