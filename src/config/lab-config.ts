// The shape of lab.yaml, with its defaults: the single source of truth for what the file may hold.
import { z } from 'zod';

const ipv4Cidr = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;

export const labConfigSchema = z
  .object({
    name: z
      .string()
      .regex(/^[a-z0-9][a-z0-9_-]{0,39}$/, 'a name of lowercase letters, digits, "-" or "_" (at most 40)')
      .default('handshake'),
    scenario: z.string().min(1).default('echo'),
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
          .union([z.literal('auto'), z.string().regex(ipv4Cidr, 'an IPv4 CIDR such as 10.77.0.0/24')])
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
