/**
 * Test-only helpers (Node): the cases of content/cases with their signatures and evidence, and the
 * one way tests run a paste through the engine and the matcher. Not imported by the site or worker.
 */
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { analyze } from '../../src/lib/analyze.ts';
import type { Analysis, CaseMatch } from '../../src/lib/types.ts';
import { parseCaseSignatures } from '../../src/lib/match/case-signatures.ts';
import type { CaseSignatures } from '../../src/lib/match/signature-schema.ts';

export const REPO = join(import.meta.dirname, '..', '..');
export const CASES_DIR = join(REPO, 'content', 'cases');

export interface TestCase {
  slug: string;
  signatures: CaseSignatures;
  evidence: { file: string; path: string; context: boolean }[];
}

export function loadCases(): TestCase[] {
  const out: TestCase[] = [];
  for (const slug of readdirSync(CASES_DIR).sort()) {
    const yamlPath = join(CASES_DIR, slug, 'case.yaml');
    if (!existsSync(yamlPath)) continue;
    const text = readFileSync(yamlPath, 'utf8');
    const parsed = parseCaseSignatures(text, `content/cases/${slug}/case.yaml`);
    if (!parsed.ok) throw new Error(parsed.error);
    const doc = parse(text) as { evidence?: { file: string; context?: boolean }[] };
    const evidence = (doc.evidence ?? []).map((e) => ({
      file: e.file,
      path: join(CASES_DIR, slug, 'evidence', e.file),
      context: e.context === true,
    }));
    out.push({ slug, signatures: parsed.value, evidence });
  }
  return out;
}

/** The engine's analysis of a paste with the cases matched (analyze() hands the matcher its normalised lines). */
export function analyzeAndMatch(
  text: string,
  cases: readonly CaseSignatures[],
): { analysis: Analysis; matches: CaseMatch[] } {
  const analysis = analyze(text, { cases: [...cases] });
  return { analysis, matches: analysis.matches };
}
