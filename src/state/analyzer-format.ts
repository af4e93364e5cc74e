/** Small pure helpers the analyzer views share: Elixir links, sizes, translated reasons. */
import type { Lang } from '../i18n/index.ts';
import { t } from './analyzer-i18n.ts';
import type { CaseMatch, InputNotice, MatchReason } from '../lib/types.ts';

/** `5.10.0-136.75.0.155.u112.fos23.x86_64` → `v5.10`; `4.19.0-arm64-desktop` → `v4.19`; unknown → `latest`. */
export function elixirVersion(kernel: string | null | undefined): string {
  const m = kernel ? /^(\d+)\.(\d+)/.exec(kernel) : null;
  return m ? `v${m[1]}.${m[2]}` : 'latest';
}

/** Bootlin Elixir: the definition of `func` at that kernel version. */
export function elixirUrl(func: string, version: string): string {
  const name = func.split('.')[0] ?? func;
  return `https://elixir.bootlin.com/linux/${version}/A/ident/${encodeURIComponent(name)}`;
}

/** `fs/dcache.c:338` → a link to that line at that version. */
export function elixirSourceUrl(source: string, version: string): string | null {
  const m = /^([\w./+-]+\.[chS]):(\d+)/.exec(source);
  return m ? `https://elixir.bootlin.com/linux/${version}/source/${m[1]}#L${m[2]}` : null;
}

export function formatKb(kb: number | null | undefined): string {
  if (kb === null || kb === undefined || !Number.isFinite(kb)) return '–';
  if (kb >= 1048576) return `${(kb / 1048576).toFixed(1)} GiB`;
  if (kb >= 1024) return `${(kb / 1024).toFixed(1)} MiB`;
  return `${Math.round(kb)} kB`;
}

export function formatBytes(bytes: number | null | undefined): string {
  return bytes === null || bytes === undefined ? '–' : formatKb(bytes / 1024);
}

export function formatNumber(n: number | null | undefined, lang: Lang): string {
  return n === null || n === undefined ? '–' : n.toLocaleString(lang === 'zh' ? 'zh-CN' : 'en-US');
}

/** The reason in the page's language when its signal has a template; the engine's English otherwise. */
export function reasonText(lang: Lang, e: MatchReason): string {
  if (lang === 'en' || e.params === undefined) return e.text;
  if (e.signal === 'SYMPTOM_LINE') return String(e.params['descriptionZh'] ?? e.params['description'] ?? e.text);
  const key = `az.reason.${e.signal}`;
  const s = t(lang, key, e.params);
  return s === key ? e.text : s;
}

/**
 * A notice about the input in the page's language (the engine's English when there is no translation),
 * with its line appended unless the sentence already names it.
 */
export function noticeText(lang: Lang, n: InputNotice): string {
  let text = n.message;
  if (lang !== 'en') {
    const key = `az.notice.${n.code}`;
    const s = t(lang, key, { ...n.params, ...(n.line !== undefined ? { line: n.line } : {}) });
    if (s !== key && !/\{\w+\}/.test(s)) text = s;
  }
  if (n.line === undefined || new RegExp(`(?:^|\\D)${n.line}(?:\\D|$)`).test(text)) return text;
  return `${text} (${t(lang, 'az.line', { n: n.line })})`;
}

/** Register flags the engine sets: 'null', 'poison:…', 'user', 'non-canonical'. */
export function registerMark(flags: readonly string[]): 'null' | 'poison' | null {
  if (flags.some((f) => f.startsWith('poison'))) return 'poison';
  if (flags.includes('null')) return 'null';
  return null;
}

/** A case as the examples menu lists it. */
export interface ExampleCase {
  slug: string;
  title: string;
  /** `context`: not kernel evidence (see case-schema); listed last, never opened by default. */
  evidence: { file: string; title: string; context: boolean }[];
}

/** Lines of the paste that some match cites, for the line view's gutter. */
export function citedLines(matches: readonly CaseMatch[]): ReadonlySet<number> {
  const lines: number[] = [];
  for (const m of matches) for (const e of m.evidence) if (e.line !== undefined) lines.push(e.line);
  return new Set(lines);
}
