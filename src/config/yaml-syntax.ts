// A YAML syntax error as facts: the yaml library's error code, which the CLI words in the user's language,
// and the library's English message, shown only for a code the CLI does not know.
import type { YAMLError } from 'yaml';
import type { ConfigDetail } from './config-detail.js';

/** The library's messages can run on with a source excerpt; the first line says what is wrong. */
const MESSAGE_CHARS = 200;

export function yamlSyntaxDetail(error: YAMLError): ConfigDetail {
  const message = error.message.split('\n')[0]!;
  return { kind: 'yamlSyntax', code: error.code, message: message.length > MESSAGE_CHARS ? `${message.slice(0, MESSAGE_CHARS - 1)}…` : message };
}
