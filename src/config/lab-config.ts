// The shape of lab.yaml, with its defaults: the single source of truth for what the file may hold.
// The steps' part is generated from the step table (steps.ts), which the C programs share.
import { z } from 'zod';
import { QUESTION_IDS } from '../quiz/question-ids.js';
import { LAB_NAME_PATTERN } from '../docker/labels.js';
import { presetNames } from '../lab/scenarios.js';
import {
  MAX_MESSAGE_BYTES,
  MAX_SCENARIO_WAIT_MS,
  MAX_STEPS,
  sleepTotal,
  STEP_PATTERN,
  stepProblems,
  stepSyntax,
  type StepRole,
} from './steps.js';
import { subnetProblem } from './subnet-rules.js';
import type { Expectation } from './config-detail.js';

/** A mistake a refinement found, as facts (`params.expected`) that load-config.ts turns into a ConfigDetail. */
function mistake(expected: Expectation, input: unknown, path?: PropertyKey[]): z.core.$ZodRawIssue {
  return { code: 'custom', params: { expected }, input, ...(path ? { path } : {}) };
}

function stepsOf(role: StepRole) {
  return z
    .array(
      z.string().superRefine((step, ctx) => {
        if (!STEP_PATTERN.test(step)) ctx.addIssue(mistake({ kind: 'step', steps: stepSyntax(role) }, step));
      }),
    )
    .min(1)
    .max(MAX_STEPS)
    .superRefine((steps, ctx) => {
      for (const problem of stepProblems(steps, role)) ctx.addIssue(mistake({ kind: 'stepRule', rule: problem.rule }, steps[problem.index], [problem.index]));
    });
}

/** A scenario written out in lab.yaml instead of a preset's name. */
export const scenarioSchema = z
  .object({
    server: z
      .object({
        /** What the server does on each connection it accepts. */
        steps: stepsOf('server').optional(),
        /** Drop the first SYN or FIN that reaches the server (iptables in its namespace); the capture still sees it. */
        dropFirst: z.enum(['syn', 'fin']).optional(),
        /** listen()'s backlog for this scenario, in place of server.backlog. */
        backlog: z.number().int().min(1).max(4096).optional(),
        /** false: the server listens and never calls accept(), so the accept queue fills up. */
        accept: z.boolean().optional(),
      })
      .strict(),
    client: z
      .object({
        steps: stepsOf('client'),
        /** How many clients connect. */
        count: z.number().int().min(1).max(20).optional(),
        /** With count: milliseconds between one client's start and the next's (0: all at once). */
        stagger: z.number().int().min(0).max(5000).optional(),
        /** The client gives up a connect() that has not completed after this many milliseconds. */
        connectTimeout: z.number().int().min(100).max(10_000).optional(),
        /** Connect to the server's port, or to a port where nothing listens. */
        target: z.enum(['server', 'closed-port']).optional(),
      })
      .strict(),
    ipv6: z.boolean().optional(),
    /** TCP Fast Open (RFC 7413): net.ipv4.tcp_fastopen on, the server sets TCP_FASTOPEN, the client connects
     * with sendto(MSG_FASTOPEN), so that a client with a cookie sends its first data in the SYN. */
    fastOpen: z.boolean().optional(),
  })
  .strict()
  .superRefine((scenario, ctx) => {
    const { server, client } = scenario;
    if (server.accept !== false && !server.steps) {
      ctx.addIssue(mistake({ kind: 'serverSteps' }, undefined, ['server', 'steps']));
    }
    if (scenario.fastOpen && client.steps[0] !== 'write') {
      ctx.addIssue(mistake({ kind: 'fastOpenFirstWrite' }, client.steps[0], ['client', 'steps', 0]));
    }
    if (scenario.fastOpen && client.connectTimeout !== undefined) {
      ctx.addIssue(mistake({ kind: 'fastOpenNoConnectTimeout' }, client.connectTimeout, ['client', 'connectTimeout']));
    }
    const waits = sleepTotal(server.steps ?? []) + sleepTotal(client.steps) + (client.stagger ?? 0) * ((client.count ?? 1) - 1) + (client.connectTimeout ?? 0);
    if (waits > MAX_SCENARIO_WAIT_MS) {
      ctx.addIssue(mistake({ kind: 'scenarioWaits', maxMs: MAX_SCENARIO_WAIT_MS, totalMs: waits }, client.steps, ['client', 'steps']));
    }
  });

export type Scenario = z.output<typeof scenarioSchema>;

const message = z
  .string()
  .min(1)
  .superRefine((text, ctx) => {
    const nul = text.indexOf('\0');
    if (nul >= 0) ctx.addIssue(mistake({ kind: 'messageWithoutNul', at: nul + 1 }, text));
    const bytes = Buffer.byteLength(text, 'utf8');
    if (bytes > MAX_MESSAGE_BYTES) ctx.addIssue(mistake({ kind: 'messageTooLong', bytes, maxBytes: MAX_MESSAGE_BYTES }, text));
  });

export const labConfigSchema = z
  .object({
    name: z
      .string()
      .superRefine((name, ctx) => {
        if (!LAB_NAME_PATTERN.test(name)) ctx.addIssue(mistake({ kind: 'labName', maxChars: 40 }, name));
      })
      .default('handshake'),
    scenario: z
      .union([z.enum([...presetNames(), 'all']), scenarioSchema])
      .default('echo'),
    message: message.default('hello'),
    output: z.string().min(1).default('out'),
    server: z
      .object({
        port: z.number().int().min(1).max(65535).default(8899),
        backlog: z.number().int().min(1).max(4096).default(14),
      })
      .strict()
      .default({ port: 8899, backlog: 14 }),
    network: z
      .object({
        subnet: z
          .string()
          .superRefine((subnet, ctx) => {
            const problem = subnet === 'auto' ? undefined : subnetProblem(subnet);
            if (problem) ctx.addIssue(mistake({ kind: 'subnet', problem }, subnet));
          })
          .default('auto'),
      })
      .strict()
      .default({ subnet: 'auto' }),
    report: z
      .object({ lang: z.enum(['en', 'zh-CN']).default('en') })
      .strict()
      .default({ lang: 'en' }),
    /** The worksheet's questions for a class, in their order (`lab quiz`). */
    quiz: z
      .object({ questions: z.array(z.enum(QUESTION_IDS)).min(1) })
      .strict()
      .optional(),
  })
  .strict();

export type LabConfig = z.output<typeof labConfigSchema>;

/** The defaults, as if lab.yaml were empty. */
export function defaultLabConfig(): LabConfig {
  return labConfigSchema.parse({});
}
