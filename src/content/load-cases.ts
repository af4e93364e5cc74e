/**
 * Reads and validates every `content/cases/<slug>/case.yaml` (Node, build time).
 *
 * A broken case must stop the build with a message a content author can act on: which file, which
 * field, what was wrong and what was found. So this does its own YAML parsing and zod validation
 * instead of relying on the generic content-layer error, and it checks what a schema cannot:
 * the slug equals the folder, every evidence file exists, related slugs are well formed.
 *
 * Folders that hold no case.yaml and no article yet (a case being written) are skipped with a
 * warning; a case.yaml without any article is skipped too, so parallel authoring never breaks the site.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parseDocument } from 'yaml';
import { CaseSchema, type CaseData } from './case-schema.ts';

export interface LoadedCase {
  data: CaseData;
  /** Languages that have an article (`en.mdx` / `zh.mdx`). */
  articles: ('en' | 'zh')[];
  /** Evidence file name → number of lines, for the evidence list. */
  evidenceLines: Record<string, number>;
}

export interface LoadResult {
  cases: LoadedCase[];
  warnings: string[];
}

/** Thrown for any broken case; `message` lists every problem, one per line. */
export class CaseContentError extends Error {
  readonly problems: string[];
  constructor(problems: string[]) {
    super(`Broken case content:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'CaseContentError';
    this.problems = problems;
  }
}

/** The content folder: `KMEM_CONTENT_DIR` (tests point it at a fixture) or `content/`. */
export function contentDir(root: string = process.cwd()): string {
  const fromEnv = process.env['KMEM_CONTENT_DIR'];
  return fromEnv ? (fromEnv.startsWith('/') ? fromEnv : join(root, fromEnv)) : join(root, 'content');
}

function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out ? `.${String(part)}` : String(part);
  }
  return out || '(top level)';
}

function valueAt(data: unknown, path: readonly PropertyKey[]): unknown {
  let cur: unknown = data;
  for (const part of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<PropertyKey, unknown>)[part];
  }
  return cur;
}

function describeValue(v: unknown): string {
  if (v === undefined) return 'nothing (the field is missing)';
  const s = JSON.stringify(v);
  return s.length > 80 ? `${s.slice(0, 77)}...` : s;
}

/** Validate one parsed case.yaml; returns problems (empty when valid) and the parsed data. */
export function validateCase(
  raw: unknown,
  file: string,
  folderSlug: string,
  evidenceDir: string,
): { data?: CaseData; problems: string[] } {
  const problems: string[] = [];
  // zod drops unknown keys silently; a misspelt optional field ("relatd:") must not vanish.
  if (raw !== null && typeof raw === 'object' && !Array.isArray(raw)) {
    const known = Object.keys(CaseSchema.shape);
    for (const key of Object.keys(raw)) {
      if (!known.includes(key)) problems.push(`${file}: field "${key}": unknown field (known: ${known.join(', ')})`);
    }
  } else {
    problems.push(`${file}: the file must be a YAML mapping of fields; found ${describeValue(raw)}`);
    return { problems };
  }
  const parsed = CaseSchema.safeParse(raw);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const got = valueAt(raw, issue.path);
      problems.push(`${file}: field "${formatPath(issue.path)}": ${issue.message}; found ${describeValue(got)}`);
    }
    return { problems };
  }
  if (problems.length) return { problems };
  const data = parsed.data;
  if (data.slug !== folderSlug) {
    problems.push(`${file}: field "slug": must equal the folder name "${folderSlug}"; found "${data.slug}"`);
  }
  data.evidence.forEach((ev, i) => {
    const path = join(evidenceDir, ev.file);
    if (!existsSync(path) || !statSync(path).isFile()) {
      problems.push(`${file}: field "evidence[${i}].file": evidence file "evidence/${ev.file}" does not exist`);
    }
  });
  const seen = new Set<string>();
  data.evidence.forEach((ev, i) => {
    if (seen.has(ev.file)) problems.push(`${file}: field "evidence[${i}].file": "${ev.file}" is listed twice`);
    seen.add(ev.file);
  });
  data.related.forEach((slug, i) => {
    if (!/^[a-z0-9-]+$/.test(slug)) problems.push(`${file}: field "related[${i}]": not a case slug; found "${slug}"`);
    if (slug === data.slug) problems.push(`${file}: field "related[${i}]": a case cannot be related to itself`);
  });
  return problems.length ? { problems } : { data, problems };
}

function countLines(text: string): number {
  if (text.length === 0) return 0;
  const n = text.split('\n').length;
  return text.endsWith('\n') ? n - 1 : n;
}

/** Load every case under `<contentDir>/cases`. Throws CaseContentError listing all problems. */
export function loadCases(dir: string = contentDir()): LoadResult {
  const casesDir = join(dir, 'cases');
  const rel = (p: string) => relative(process.cwd(), p) || p;
  const problems: string[] = [];
  const warnings: string[] = [];
  const cases: LoadedCase[] = [];
  if (!existsSync(casesDir)) return { cases, warnings: [`${rel(casesDir)} does not exist: no cases`] };

  for (const slug of readdirSync(casesDir).sort()) {
    const folder = join(casesDir, slug);
    if (!statSync(folder).isDirectory()) continue;
    const yamlPath = join(folder, 'case.yaml');
    const file = rel(yamlPath);
    const articles = (['en', 'zh'] as const).filter((l) => existsSync(join(folder, `${l}.mdx`)));
    if (!existsSync(yamlPath)) {
      if (articles.length > 0) problems.push(`${file}: missing (the folder has an article but no case.yaml)`);
      else warnings.push(`${rel(folder)}: no case.yaml and no article yet, skipped`);
      continue;
    }
    const doc = parseDocument(readFileSync(yamlPath, 'utf8'), { prettyErrors: true });
    if (doc.errors.length > 0) {
      for (const err of doc.errors) problems.push(`${file}: invalid YAML: ${err.message.split('\n')[0]}`);
      continue;
    }
    const raw: unknown = doc.toJS();
    const evidenceDir = join(folder, 'evidence');
    const { data, problems: caseProblems } = validateCase(raw, file, slug, evidenceDir);
    problems.push(...caseProblems);
    if (!data) continue;
    if (articles.length === 0) {
      warnings.push(`${rel(folder)}: case.yaml but no en.mdx or zh.mdx yet, not published`);
      continue;
    }
    const evidenceLines: Record<string, number> = {};
    for (const ev of data.evidence)
      evidenceLines[ev.file] = countLines(readFileSync(join(evidenceDir, ev.file), 'utf8'));
    cases.push({ data, articles, evidenceLines });
  }
  // Related slugs must name a case that exists (published or not): a typo is an error, a case still
  // being written is fine; pages only link the published ones.
  const known = new Set(readdirSync(casesDir));
  for (const c of cases) {
    c.data.related.forEach((slug, i) => {
      if (!known.has(slug)) {
        problems.push(
          `${rel(join(casesDir, c.data.slug, 'case.yaml'))}: field "related[${i}]": no case folder "${slug}"`,
        );
      }
    });
  }
  if (problems.length) throw new CaseContentError(problems);
  return { cases, warnings };
}
