// The shape of lab.yaml, with its defaults: the single source of truth for what the file may hold.
import { z } from 'zod';

const ipv4Cidr = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;

/** The steps the programs understand (images/common/steps.h). */
export const STEP_PATTERN = /^(read|write|echo|echo-full|read-until-eof|shutdown|linger0|close|settle|sleep:\d{1,5})$/;
const step = z
  .string()
  .regex(STEP_PATTERN, 'a step: read, write, echo, echo-full, read-until-eof, shutdown, linger0, close, settle or sleep:MS');
const steps = z.array(step).min(1).max(30);

/** A scenario written out in lab.yaml instead of a preset's name. */
export const scenarioSchema = z
  .object({
    server: z
      .object({
        steps,
        /** Drop the first SYN or FIN that reaches the server (iptables in its namespace); the capture still sees it. */
        dropFirst: z.enum(['syn', 'fin']).optional(),
      })
      .strict(),
    client: z
      .object({
        steps,
        /** How many clients connect at once. */
        count: z.number().int().min(1).max(20).optional(),
        /** Connect to the server's port, or to a port where nothing listens. */
        target: z.enum(['server', 'closed-port']).optional(),
      })
      .strict(),
    ipv6: z.boolean().optional(),
  })
  .strict();

export type Scenario = z.output<typeof scenarioSchema>;

export const labConfigSchema = z
  .object({
    name: z
      .string()
      .regex(/^[a-z0-9][a-z0-9_-]{0,39}$/, 'a name of lowercase letters, digits, "-" or "_" (at most 40)')
      .default('handshake'),
    scenario: z.union([z.string().min(1), scenarioSchema]).default('echo'),
    message: z.string().min(1).max(1000).default('hello'),
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
          .refine((v) => v === 'auto' || ipv4Cidr.test(v), '"auto" or an IPv4 CIDR such as 10.77.0.0/24')
          .default('auto'),
      })
      .strict()
      .default({ subnet: 'auto' }),
    report: z
      .object({ lang: z.enum(['en', 'zh-CN']).default('en') })
      .strict()
      .default({ lang: 'en' }),
  })
  .strict();

export type LabConfig = z.output<typeof labConfigSchema>;

/** The defaults, as if lab.yaml were empty. */
export function defaultLabConfig(): LabConfig {
  return labConfigSchema.parse({});
}
