// answers.yaml: the student's answers, tied to their capture by its SHA-256. Read with positions, so a
// mistake is reported as FILE:LINE:COLUMN like lab.yaml's.
import { readFileSync } from 'node:fs';
import { isMap, isPair, isScalar, LineCounter, parseDocument, type Node } from 'yaml';
import { ConfigError, LabError, systemReason } from '../errors.js';
import type { ConfigDetail } from '../config/config-detail.js';
import { yamlSyntaxDetail } from '../config/yaml-syntax.js';
import { isQuestionId, QUESTION_IDS, type QuestionId } from './question-ids.js';

export interface Answers {
  student: string;
  captureSha256: string;
  /** In the file's order; an empty answer is ''. */
  answers: Map<QuestionId, string>;
}

/** The file a worksheet hands out: every question with an empty answer, its prompt as a comment. */
export function answersTemplate(header: string, captureSha256: string, questions: { id: QuestionId; prompt: string }[]): string {
  const comment = (text: string) => `# ${text.replace(/\n/g, ' ')}`;
  const width = Math.max(...questions.map((q) => q.id.length)) + 2;
  return [
    comment(header),
    'student: ""',
    `capture_sha256: ${captureSha256}`,
    'answers:',
    ...questions.map((q) => `  ${`${q.id}:`.padEnd(width)} ${comment(q.prompt)}`),
    '',
  ].join('\n');
}

export function parseAnswers(text: string, file: string): Answers {
  const lineCounter = new LineCounter();
  // The failsafe schema keeps every scalar a string: "0x1A" and "00042" stay as the student wrote them.
  const doc = parseDocument(text, { lineCounter, schema: 'failsafe', uniqueKeys: true, prettyErrors: false });
  const fail = (detail: ConfigDetail, node: Node | null | undefined, path: string): never => {
    const { line, col } = lineCounter.linePos(node?.range?.[0] ?? 0);
    throw new ConfigError(detail, file, line, col, path);
  };
  const syntaxError = doc.errors[0];
  if (syntaxError) {
    const { line, col } = lineCounter.linePos(syntaxError.pos[0]);
    throw new ConfigError(yamlSyntaxDetail(syntaxError), file, line, col, '');
  }
  const root = doc.contents;
  if (!isMap(root)) return fail({ kind: 'expected', expected: { kind: 'answersFile' } }, root, '(top level)');
  const scalarAt = (key: string): string | undefined => {
    const node = root.get(key, true) as Node | undefined;
    if (node === undefined) return undefined;
    if (!isScalar(node)) return fail({ kind: 'expected', expected: { kind: 'singleValue' } }, node, key);
    return String(node.value ?? '');
  };
  const captureSha256 = scalarAt('capture_sha256');
  if (!captureSha256 || !/^[0-9a-f]{64}$/i.test(captureSha256)) {
    fail({ kind: 'expected', expected: { kind: 'captureSha256' } }, (root.get('capture_sha256', true) as Node) ?? root, 'capture_sha256');
  }
  const answersNode = root.get('answers', true) as Node | null | undefined;
  // `answers:` with every line deleted is a worksheet with nothing answered, not a broken file.
  if (answersNode === null || (isScalar(answersNode) && (answersNode.value ?? '') === '')) return { student: scalarAt('student') ?? '', captureSha256: captureSha256!.toLowerCase(), answers: new Map() };
  if (!isMap(answersNode)) return fail({ kind: 'expected', expected: { kind: 'answersMapping' } }, answersNode ?? root, 'answers');
  const answers = new Map<QuestionId, string>();
  for (const pair of answersNode.items) {
    if (!isPair(pair) || !isScalar(pair.key)) return fail({ kind: 'expected', expected: { kind: 'questionId' } }, answersNode, 'answers');
    const id = String(pair.key.value);
    if (!isQuestionId(id)) fail({ kind: 'unknownQuestion', id: id.slice(0, 40), known: [...QUESTION_IDS] }, pair.key as Node, `answers.${id.slice(0, 40)}`);
    const value = pair.value as Node | null;
    if (value !== null && !isScalar(value)) fail({ kind: 'expected', expected: { kind: 'oneAnswer' } }, value, `answers.${id}`);
    answers.set(id as QuestionId, value === null ? '' : String((value as { value: unknown }).value ?? ''));
  }
  return { student: scalarAt('student') ?? '', captureSha256: captureSha256!.toLowerCase(), answers };
}

/** Reads and parses an answers file; one that cannot be read is a usage error naming it. */
export function readAnswersFile(file: string): Answers {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new LabError('answersUnreadable', { file, reason: systemReason(error) });
  }
  return parseAnswers(text, file);
}
