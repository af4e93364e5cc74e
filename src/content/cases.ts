/**
 * What pages need from the content collections: cases in reading order, the article for a language
 * (with fallback to the other language), neighbours and related cases, evidence text.
 */
import { getCollection, type CollectionEntry } from 'astro:content';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Lang } from '~/i18n';
import { contentDir } from './load-cases.ts';

export type CaseEntry = CollectionEntry<'cases'>;
export type CaseInfo = CaseEntry['data'];

/**
 * All published cases in reading order (the order of prev/next): dated investigations oldest first,
 * then undated ones; ties by slug.
 */
export async function getCases(): Promise<CaseInfo[]> {
  const entries = await getCollection('cases');
  const key = (c: CaseInfo) => `${c.date ?? '9999-99-99'} ${c.slug}`;
  return entries.map((e) => e.data).sort((a, b) => key(a).localeCompare(key(b)));
}

export interface ArticleChoice {
  entry: CollectionEntry<'articles'>;
  /** Language the article is written in; differs from the page language when untranslated. */
  lang: Lang;
  translated: boolean;
}

/** The article of `slug` in `lang`, or in the other language when that one is missing. */
export async function getArticle(slug: string, lang: Lang): Promise<ArticleChoice> {
  // getCollection rather than getEntry: a missing translation is expected, not worth a warning.
  const articles = await getCollection('articles');
  const own = articles.find((a) => a.id === `${slug}/${lang}`);
  if (own) return { entry: own, lang, translated: true };
  const otherLang: Lang = lang === 'en' ? 'zh' : 'en';
  const other = articles.find((a) => a.id === `${slug}/${otherLang}`);
  if (other) return { entry: other, lang: otherLang, translated: false };
  throw new Error(`content/cases/${slug}: no en.mdx or zh.mdx`);
}

export function neighbours(cases: CaseInfo[], slug: string): { prev?: CaseInfo; next?: CaseInfo } {
  const i = cases.findIndex((c) => c.slug === slug);
  const prev = i > 0 ? cases[i - 1] : undefined;
  const next = i >= 0 && i < cases.length - 1 ? cases[i + 1] : undefined;
  return { ...(prev ? { prev } : {}), ...(next ? { next } : {}) };
}

export function evidencePath(slug: string, file: string): string {
  if (!/^[a-z0-9-]+$/.test(slug) || !/^[a-z0-9][a-z0-9._-]*$/.test(file) || file.includes('..')) {
    throw new Error(`evidence: invalid slug or file name: ${slug}/${file}`);
  }
  return join(contentDir(), 'cases', slug, 'evidence', file);
}

/** The verbatim text of an evidence file; a missing file is a build error naming it. */
export function readEvidence(slug: string, file: string): string {
  const path = evidencePath(slug, file);
  try {
    return readFileSync(path, 'utf8');
  } catch {
    throw new Error(`evidence file content/cases/${slug}/evidence/${file} does not exist`);
  }
}

/** Split into lines without the trailing empty line a final newline produces. */
export function splitLines(text: string): string[] {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  if (lines.length > 1 && lines.at(-1) === '') lines.pop();
  return lines;
}

/** URL of the raw file (download) and of the viewer page. */
export function evidenceRawUrl(slug: string, file: string): string {
  return `/evidence/${slug}/${file}`;
}
export function evidenceViewUrl(lang: Lang, slug: string, file: string, line?: number): string {
  return `/${lang}/cases/${slug}/evidence/${file}/${line ? `#L${line}` : ''}`;
}
export function caseUrl(lang: Lang, slug: string): string {
  return `/${lang}/cases/${slug}/`;
}
