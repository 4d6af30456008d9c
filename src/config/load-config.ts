// Reads lab.yaml keeping source positions, so every mistake is reported as FILE:LINE:COLUMN.
import { readFile } from 'node:fs/promises';
import { isMap, isPair, isScalar, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import type { z } from 'zod';
import { ConfigError } from '../errors.js';
import { labConfigSchema, type LabConfig } from './lab-config.js';

/** Loads and validates a lab file; a missing file is an error only when the user named it. */
export async function loadConfigFile(file: string, { required }: { required: boolean }): Promise<LabConfig> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if (!required && (error as NodeJS.ErrnoException).code === 'ENOENT') return parseConfig('', file);
    throw new ConfigError(`cannot read the lab file (${(error as Error).message})`, file, 1, 1, '');
  }
  return parseConfig(text, file);
}

/** Parses lab.yaml text; throws the first mistake as a ConfigError with its position. */
export function parseConfig(text: string, file = 'lab.yaml'): LabConfig {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const syntaxError = doc.errors[0];
  if (syntaxError) {
    const { line, col } = lineCounter.linePos(syntaxError.pos[0]);
    throw new ConfigError(firstLine(syntaxError.message), file, line, col, '');
  }
  const value = doc.toJS() ?? {};
  const result = labConfigSchema.safeParse(value, { reportInput: true });
  if (result.success) return result.data;

  const issue = innermost(result.error.issues[0]!);
  const offset = offsetOfIssue(doc, issue);
  const { line, col } = lineCounter.linePos(offset);
  return throwConfigError(issue, file, line, col);
}

/** For a value that matched no branch of a union, the issue of the branch it was meant for: the one
 * that got past the type check (a mapping given for "scenario" is judged as a written-out scenario). */
function innermost(issue: z.core.$ZodIssue): z.core.$ZodIssue {
  if (issue.code !== 'invalid_union') return issue;
  const branch = issue.errors.find((errors) => errors.length && !(errors[0]!.code === 'invalid_type' && errors[0]!.path.length === 0));
  if (!branch) return issue;
  const inner = branch[0]!;
  return innermost({ ...inner, path: [...issue.path, ...inner.path] } as z.core.$ZodIssue);
}

function throwConfigError(issue: z.core.$ZodIssue, file: string, line: number, col: number): never {
  const path = issue.path.join('.');
  if (issue.code === 'unrecognized_keys') {
    const key = issue.keys[0]!;
    const where = path ? `${path}.${key}` : key;
    throw new ConfigError(`unknown key "${key}" (a typo?); expected one of: ${knownKeys(issue.path).join(', ')}`, file, line, col, where);
  }
  throw new ConfigError(describeIssue(issue), file, line, col, path || '(top level)');
}

/** "expected a number, got the string "abc"" rather than zod's default wording. */
function describeIssue(issue: z.core.$ZodIssue): string {
  const got = 'input' in issue ? describeValue(issue.input) : undefined;
  switch (issue.code) {
    case 'invalid_type':
      return issue.input == null ? `missing value: expected ${article(issue.expected)}` : `expected ${article(issue.expected)}, got ${got}`;
    case 'invalid_value':
      return `expected one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}, got ${got}`;
    case 'too_small':
    case 'too_big':
      return `${issue.message}, got ${got}`;
    case 'invalid_format':
    case 'custom':
      return `expected ${issue.message}, got ${got}`;
    case 'invalid_union':
      return `expected a preset name or a mapping with server.steps and client.steps, got ${got}`;
    default:
      return got ? `${issue.message}, got ${got}` : issue.message;
  }
}

function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') return `the string ${JSON.stringify(value)}`;
  return `${typeof value} ${String(value)}`;
}

function article(type: string): string {
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}

function knownKeys(path: PropertyKey[]): string[] {
  let shape: unknown = labConfigSchema;
  for (const key of path) shape = unwrap(shape)?.shape?.[key as string];
  return Object.keys(unwrap(shape)?.shape ?? {});
}

// Defaults and unions wrap an object schema; reach the object to list its keys.
function unwrap(schema: unknown): { shape?: Record<string, unknown> } | undefined {
  type Wrapped = { shape?: Record<string, unknown>; def?: { innerType?: unknown; options?: Wrapped[] } } | undefined;
  let s = schema as Wrapped;
  while (s && !s.shape && (s.def?.innerType || s.def?.options)) s = (s.def.innerType as Wrapped) ?? s.def.options!.find((o) => unwrap(o)?.shape);
  return s;
}

/** The source offset an issue points at: the offending key or value, else the nearest existing parent. */
function offsetOfIssue(doc: Document, issue: z.core.$ZodIssue): number {
  const path = issue.path as (string | number)[];
  if (issue.code === 'unrecognized_keys') {
    const parent = path.length ? doc.getIn(path, true) : doc.contents;
    if (isMap(parent)) {
      const pair = parent.items.find((item) => isPair(item) && isScalar(item.key) && item.key.value === issue.keys[0]);
      const keyNode = pair?.key as Node | undefined;
      if (keyNode?.range) return keyNode.range[0];
    }
  }
  for (let depth = path.length; depth >= 0; depth--) {
    const node = (depth === 0 ? doc.contents : doc.getIn(path.slice(0, depth), true)) as Node | null | undefined;
    if (node?.range) return node.range[0];
  }
  return 0;
}

function firstLine(message: string): string {
  return message.split('\n')[0]!;
}
