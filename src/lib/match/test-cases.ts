/**
 * Test-only helpers (Node): the cases of content/cases with their signatures and evidence, and the
 * one way tests run a paste through the engine and the matcher. Not imported by the site or worker.
 */
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { analyze } from '../analyze.ts';
import { normalize } from '../text/normalize.ts';
import type { Analysis, CaseMatch } from '../types.ts';
import { parseCaseSignatures } from './case-signatures.ts';
import { matchCases } from './match.ts';
import type { CaseSignatures } from './signature-schema.ts';

export const REPO = join(import.meta.dirname, '..', '..', '..');
export const CASES_DIR = join(REPO, 'content', 'cases');

export interface TestCase {
  slug: string;
  signatures: CaseSignatures;
  evidence: { file: string; path: string }[];
}

export function loadCases(): TestCase[] {
  const out: TestCase[] = [];
  for (const slug of readdirSync(CASES_DIR).sort()) {
    const yamlPath = join(CASES_DIR, slug, 'case.yaml');
    if (!existsSync(yamlPath)) continue;
    const text = readFileSync(yamlPath, 'utf8');
    const parsed = parseCaseSignatures(text, `content/cases/${slug}/case.yaml`);
    if (!parsed.ok) throw new Error(parsed.error);
    const doc = parse(text) as { evidence?: { file: string }[] };
    const evidence = (doc.evidence ?? []).map((e) => ({ file: e.file, path: join(CASES_DIR, slug, 'evidence', e.file) }));
    out.push({ slug, signatures: parsed.value, evidence });
  }
  return out;
}

/** The engine's analysis with matches recomputed from the normalised lines (symptom patterns need them). */
export function analyzeAndMatch(text: string, cases: readonly CaseSignatures[]): { analysis: Analysis; matches: CaseMatch[] } {
  const analysis = analyze(text, { cases: [...cases] });
  const matches = matchCases(analysis, cases, normalize(text).lines);
  return { analysis, matches };
}
