/**
 * Highlighting outside Markdown fences (AnnotatedLog, the evidence viewer): one cached highlighter
 * with the same themes, grammar and CSP-safe transformer as the fences.
 */
import { createHighlighter, type Highlighter } from 'shiki';
import { shikiConfig } from './config.ts';

let highlighter: Promise<Highlighter> | undefined;

function getHighlighter(): Promise<Highlighter> {
  highlighter ??= createHighlighter({
    themes: Object.values(shikiConfig.themes),
    langs: [...shikiConfig.langs, 'c', 'sh', 'diff'],
  });
  return highlighter;
}

/**
 * Highlight `code` as `lang` and return one HTML string per source line (the inner tokens only), so
 * callers can wrap lines with numbers and callouts. Input is escaped by Shiki; never raw HTML.
 */
export async function highlightLines(code: string, lang = 'kmsg'): Promise<string[]> {
  const hl = await getHighlighter();
  // One trailing newline ends the last line; it does not start another.
  const html = hl.codeToHtml(code.replace(/\r?\n$/, ''), {
    lang,
    themes: shikiConfig.themes,
    defaultColor: shikiConfig.defaultColor,
    transformers: shikiConfig.transformers,
  });
  const inner = /<code[^>]*>([\s\S]*)<\/code>/.exec(html)?.[1] ?? '';
  // Shiki emits one <span class="line">…</span> per line, separated by "\n".
  return inner.split('\n').map((line) => line.replace(/^<span class="line">/, '').replace(/<\/span>$/, ''));
}
