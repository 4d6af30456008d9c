// Text lined up in a monospace font (the terminal, a Markdown code block): a Chinese character takes two
// columns, not one, so padding counts display columns, never characters.
import stringWidth from 'string-width';

export { stringWidth as displayWidth };

/** `text` followed by spaces up to `columns` display columns. */
export function padEndTo(text: string, columns: number): string {
  return text + ' '.repeat(Math.max(0, columns - stringWidth(text)));
}

/** Spaces, then `text`, up to `columns` display columns. */
export function padStartTo(text: string, columns: number): string {
  return ' '.repeat(Math.max(0, columns - stringWidth(text))) + text;
}
