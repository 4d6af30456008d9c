// Text from outside the report (file names, the programs' events) into Markdown, safely: it must stay
// one inline run of text, whatever it holds — no line breaks that start a heading or a list, no HTML,
// no links, no emphasis, no table cell boundaries.

/** Control characters (a newline included) become visible escapes, as JSON writes them. */
function visibleControls(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f\u2028\u2029]/g, (c) => JSON.stringify(c).slice(1, -1));
}

/**
 * Plain text: the characters that open inline markup are backslash-escaped, and so is a start that would
 * open a block (heading, list, quote). Table pipes are left to the table writer.
 */
export function markdownText(text: string | number): string {
  return visibleControls(String(text))
    .replace(/[\\`*_[\]<>!&~]/g, '\\$&')
    .replace(/^(\s*)([#=+-])/, '$1\\$2')
    .replace(/^(\s*\d+)([.)])/, '$1\\$2');
}

/** A code span that holds any text: the fence is one backtick longer than the longest run inside. */
export function markdownCode(text: string): string {
  const inner = visibleControls(text);
  const longest = Math.max(0, ...(inner.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  const pad = inner.startsWith('`') || inner.endsWith('`') || /^ .* $/.test(inner) ? ' ' : '';
  return `${fence}${pad}${inner}${pad}${fence}`;
}
