// A self-contained page of tcp-lab: the shared style and script inline, nothing loaded from the network,
// so it works from disk, on a projector and on paper. The report uses it; so will the classroom's page.
import { escapeHtml as e } from '../escape-html.js';
import { PAGE_SCRIPT } from './page-script.js';
import { PAGE_STYLE } from './page-style.js';

export interface PageParts {
  lang: string;
  title: string;
  /** The page's own heading and lines under it. */
  header: string;
  /** Buttons (see toggleButton) shown in a toolbar under the header; hidden on paper. */
  controls: string[];
  /** The page's content, in pieces (see htmlPagePieces). */
  main: string[];
}

/** The page in pieces, in order, each one of `main` as it is: a report of many connections is larger than
 * the longest string V8 makes (2^29 characters), and is written out piece by piece. */
export function htmlPagePieces({ lang, title, header, controls, main }: PageParts): string[] {
  const toolbar = controls.length ? `<div class="toolbar">${controls.join('\n')}</div>` : '';
  const start = `<!doctype html>
<html lang="${e(lang)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${e(title)}</title>
<style>${PAGE_STYLE}</style>
</head>
<body>
<header>
${header}
${toolbar}
</header>
<main>
`;
  const end = `
</main>
<script>${PAGE_SCRIPT}</script>
</body>
</html>
`;
  return [start, ...main, end];
}
