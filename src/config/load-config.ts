// Reads lab.yaml keeping source positions, so every mistake is reported as FILE:LINE:COLUMN.
import { readFile } from 'node:fs/promises';
import { networkInterfaces } from 'node:os';
import { isMap, isPair, isScalar, LineCounter, parseDocument, visit, type Alias, type Document, type Node } from 'yaml';
import type { z } from 'zod';
import { ConfigError, systemReason } from '../errors.js';
import { nearestWord } from '../nearest-word.js';
import type { ConfigDetail, Expectation, ShownValue } from './config-detail.js';
import { attachOrigin } from './config-origin.js';
import { labConfigSchema, type LabConfig } from './lab-config.js';
import { firstOverlap, interfaceSubnets, subnetTakenDetail, type NamedSubnet } from './subnet-rules.js';
import { yamlSyntaxDetail } from './yaml-syntax.js';

/** More aliases than this in one file is an alias bomb (a few lines that expand to gigabytes). */
const MAX_ALIAS_COUNT = 100;
/** How much of a value an error message repeats. */
const SHOWN_VALUE_CHARS = 60;

/** Loads and validates a lab file; a missing file is an error only when the user named it. */
export async function loadConfigFile(file: string, { required }: { required: boolean }): Promise<LabConfig> {
  const host = { hostSubnets: interfaceSubnets(networkInterfaces()) };
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if (!required && (error as NodeJS.ErrnoException).code === 'ENOENT') return parseConfig('', file, host);
    throw new ConfigError({ kind: 'unreadable', reason: systemReason(error) }, file, 1, 1, '');
  }
  return parseConfig(text, file, host);
}

export interface HostFacts {
  /** The subnets of this machine's interfaces, which a lab's network must not overlap. */
  hostSubnets: readonly NamedSubnet[];
}

/** Parses lab.yaml text; throws the first mistake as a ConfigError with its position. */
export function parseConfig(text: string, file = 'lab.yaml', host: HostFacts = { hostSubnets: [] }): LabConfig {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const syntaxError = doc.errors[0];
  if (syntaxError) {
    const { line, col } = lineCounter.linePos(syntaxError.pos[0]);
    throw new ConfigError(yamlSyntaxDetail(syntaxError), file, line, col, '');
  }
  const value = toPlainValue(doc, lineCounter, file);
  const result = labConfigSchema.safeParse(value, { reportInput: true });
  if (result.success) {
    const positionOf = (path: readonly (string | number)[]) => {
      const node = doc.getIn(path, true) as Node | undefined;
      if (!node?.range) return undefined;
      const { line, col } = lineCounter.linePos(node.range[0]);
      return { line, column: col };
    };
    const config = attachOrigin(result.data, { file, positionOf });
    const taken = config.network.subnet === 'auto' ? undefined : firstOverlap(config.network.subnet, host.hostSubnets);
    if (taken) {
      const { line, column } = positionOf(['network', 'subnet'])!;
      throw new ConfigError(subnetTakenDetail(config.network.subnet, taken), file, line, column, 'network.subnet');
    }
    return config;
  }

  // zod lists mistakes in the schema's order; the user reads the file from the top. On one line, the most
  // specific mistake (a step rather than the list that holds it) comes first.
  const [{ issue, line, col }] = result.error.issues
    .map((found) => innermost(found))
    .map((found) => ({ issue: found, ...lineCounter.linePos(offsetOfIssue(doc, found)) }))
    .sort((a, b) => a.line - b.line || b.issue.path.length - a.issue.path.length || a.col - b.col) as [{ issue: z.core.$ZodIssue; line: number; col: number }];
  return throwConfigError(issue, file, line, col);
}

/** For a value that matched no branch of a union, the issue of the branch it was meant for: the one
 * that got past the type check (a mapping given for "scenario" is judged as a written-out scenario). */
function innermost(issue: z.core.$ZodIssue): z.core.$ZodIssue {
  if (issue.code !== 'invalid_union') return issue;
  const wrongType = (e: z.core.$ZodIssue) => e.path.length === 0 && (e.code === 'invalid_type' || (e.code === 'invalid_value' && typeof e.input !== 'string'));
  const branch = issue.errors.find((errors) => errors.length && !wrongType(errors[0]!));
  if (!branch) return issue;
  const inner = branch[0]!;
  return innermost({ ...inner, path: [...issue.path, ...inner.path] } as z.core.$ZodIssue);
}

function throwConfigError(issue: z.core.$ZodIssue, file: string, line: number, col: number): never {
  const path = issue.path.join('.');
  if (issue.code === 'unrecognized_keys') {
    const key = issue.keys[0]!;
    const where = cut(path ? `${path}.${key}` : key, SHOWN_VALUE_CHARS);
    const known = knownKeys(issue.path);
    const nearest = nearestWord(key, known);
    throw new ConfigError({ kind: 'unknownKey', key: cut(key, SHOWN_VALUE_CHARS), known, ...(nearest && { nearest }) }, file, line, col, where);
  }
  throw new ConfigError(issueDetail(issue), file, line, col, path || '(top level)');
}

/** The facts of the first issue with a value given outside lab.yaml (a command-line option). */
export function overrideIssueDetail(error: z.ZodError): { path: string; detail: ConfigDetail } {
  const issue = innermost(error.issues[0]!);
  return { path: issue.path.join('.'), detail: issueDetail(issue) };
}

/** The facts of a zod issue: what was expected, and the value found (zod's own wording is not used). */
function issueDetail(issue: z.core.$ZodIssue): ConfigDetail {
  const input = 'input' in issue ? issue.input : undefined;
  const got = input === undefined ? undefined : shownValue(input);
  const expected = expectationOf(issue);
  if (issue.code === 'invalid_type' && input == null) return { kind: 'missing', expected };
  if (issue.code === 'custom' && input === undefined) return { kind: 'missing', expected };
  if (issue.code === 'custom' && typeof input === 'object' && input !== null) return { kind: 'expected', expected };
  return got ? { kind: 'expected', expected, got } : { kind: 'expected', expected };
}

function expectationOf(issue: z.core.$ZodIssue): Expectation {
  switch (issue.code) {
    case 'invalid_type':
      return { kind: 'type', type: issue.expected };
    case 'invalid_value':
      return { kind: 'oneOf', values: issue.values };
    case 'too_small':
    case 'too_big': {
      const of = issue.origin === 'number' ? 'number' : issue.origin === 'string' ? 'string' : issue.origin === 'array' ? 'list' : 'value';
      const limit = Number(issue.code === 'too_small' ? issue.minimum : issue.maximum);
      return { kind: 'bound', bound: issue.code === 'too_small' ? 'min' : 'max', of, limit, inclusive: issue.inclusive ?? true };
    }
    case 'custom':
      return (issue.params?.expected as Expectation | undefined) ?? { kind: 'acceptableValue' };
    case 'invalid_union':
      return { kind: 'scenario' };
    default:
      return { kind: 'acceptableValue' };
  }
}

function shownValue(value: unknown): ShownValue {
  if (value === null) return { type: 'null' };
  if (Array.isArray(value)) return { type: 'list' };
  if (typeof value === 'object') return { type: 'mapping' };
  if (typeof value === 'string') return { type: 'string', text: cut(value, SHOWN_VALUE_CHARS), length: value.length, cut: value.length > SHOWN_VALUE_CHARS };
  if (typeof value === 'number' || typeof value === 'boolean') return { type: typeof value as 'number' | 'boolean', text: String(value) };
  return { type: 'other', text: String(value) };
}

/** A long value shortened for a message: its start and "…". */
function cut(text: string, chars: number): string {
  return text.length > chars ? `${[...text.slice(0, chars)].slice(0, -1).join('')}…` : text;
}

/** The document as plain data. An alias that names no anchor before it, and an alias bomb, are mistakes in
 * the file, reported at that alias and at the first alias. */
function toPlainValue(doc: Document, lineCounter: LineCounter, file: string): unknown {
  try {
    return doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT }) ?? {};
  } catch (error) {
    let first: Alias | undefined;
    let unresolved: Alias | undefined;
    visit(doc, {
      Alias(_key, node) {
        first ??= node;
        if (node.resolve(doc)) return undefined;
        unresolved = node;
        return visit.BREAK;
      },
    });
    const at = (node: Alias | undefined) => lineCounter.linePos(node?.range?.[0] ?? 0);
    if (unresolved) {
      const { line, col } = at(unresolved);
      throw new ConfigError({ kind: 'unresolvedAlias', alias: cut(unresolved.source, SHOWN_VALUE_CHARS) }, file, line, col, '');
    }
    const { line, col } = at(first);
    const detail: ConfigDetail = /excessive alias count/i.test((error as Error).message) ? { kind: 'aliasBomb', maxAliases: MAX_ALIAS_COUNT } : { kind: 'notData', message: cut((error as Error).message, 200) };
    throw new ConfigError(detail, file, line, col, '');
  }
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
