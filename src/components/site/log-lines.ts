/**
 * Builds the HTML of a numbered, highlighted log block (AnnotatedLog and the evidence viewer).
 * Tokens come from Shiki (escaped); everything else here is escaped explicitly. Lines are joined
 * with no whitespace between them because the block is `white-space: pre`.
 */
import { highlightLines } from '~/shiki/highlight.ts';

export function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** `code` spans for `backticks` in a plain-text note; everything else escaped. */
export function inlineCodeHtml(text: string): string {
  return text
    .split('`')
    .map((part, i) => (i % 2 === 1 ? `<code>${escapeHtml(part)}</code>` : escapeHtml(part)))
    .join('');
}

export interface LogBlockOptions {
  /** 1-based number of the first line in `lines`. */
  firstLine: number;
  /** Line number → callout number. */
  callouts?: Map<number, number>;
  /** Give each line an id `L<n>` and make its number a link to itself. */
  anchors?: boolean;
  /** Highlighting language (default: the kernel-log grammar). */
  lang?: string;
}

export async function logBlockHtml(lines: string[], opts: LogBlockOptions): Promise<string> {
  const highlighted = await highlightLines(lines.join('\n'), opts.lang ?? 'kmsg');
  const out: string[] = [];
  lines.forEach((_, i) => {
    const no = opts.firstLine + i;
    const callout = opts.callouts?.get(no);
    const cls = callout ? 'log-line is-noted' : 'log-line';
    const id = opts.anchors ? ` id="L${no}"` : '';
    const num = opts.anchors
      ? `<a class="log-line__no" href="#L${no}" aria-hidden="true" tabindex="-1">${no}</a>`
      : `<span class="log-line__no" aria-hidden="true">${no}</span>`;
    const mark = callout ? `<span class="callout">${callout}</span>` : '';
    out.push(
      `<span class="${cls}"${id} data-line="${no}">${num}<span class="log-line__mark">${mark}</span><span data-code-line>${highlighted[i] ?? ''}</span></span>`,
    );
  });
  return out.join('');
}
