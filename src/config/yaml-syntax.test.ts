// A YAML syntax error as facts: the library's code, and only the first line of its English message, cut
// at 200 characters (shown for a code the CLI does not word itself).
import { YAMLParseError } from 'yaml';
import { expect, it } from 'vitest';
import { yamlSyntaxDetail } from './yaml-syntax.js';

const error = (message: string) => new YAMLParseError([0, 1], 'BAD_INDENT', message);

it('keeps the code and the first line of the message, up to 200 characters', () => {
  expect(yamlSyntaxDetail(error('Bad indentation\n\n  a: b\n  ^'))).toEqual({ kind: 'yamlSyntax', code: 'BAD_INDENT', message: 'Bad indentation' });
  expect(yamlSyntaxDetail(error('m'.repeat(200)))).toMatchObject({ message: 'm'.repeat(200) });
  expect(yamlSyntaxDetail(error('m'.repeat(201)))).toMatchObject({ message: `${'m'.repeat(199)}…` });
});
