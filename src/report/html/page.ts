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
  main: string;
}

export function htmlPage({ lang, title, header, controls, main }: PageParts): string {
  const toolbar = controls.length ? `<div class="toolbar">${controls.join('\n')}</div>` : '';
  return `<!doctype html>
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
${main}
</main>
<script>${PAGE_SCRIPT}</script>
</body>
</html>
`;
}
