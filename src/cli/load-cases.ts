/**
 * Case signatures for the CLI: every `content/cases/<slug>/case.yaml` of this checkout, read with the
 * same reader the site uses. A case that fails to parse is skipped with a warning, never fatal.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseCaseSignatures } from '../lib/match/case-signatures.ts';
import type { CaseSignatures } from '../lib/match/signature-schema.ts';

export const CASES_DIR = fileURLToPath(new URL('../../content/cases/', import.meta.url));

export async function loadCases(dir: string = CASES_DIR): Promise<{ cases: CaseSignatures[]; warnings: string[] }> {
  const cases: CaseSignatures[] = [];
  const warnings: string[] = [];
  let slugs: string[];
  try {
    slugs = (await readdir(dir, { withFileTypes: true }))
      .filter((d) => d.isDirectory())
      .map((d) => d.name)
      .sort();
  } catch {
    return { cases, warnings }; // No content folder (engine used on its own): analyse without cases.
  }
  for (const slug of slugs) {
    const file = join(dir, slug, 'case.yaml');
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch {
      continue;
    }
    const r = parseCaseSignatures(text, `content/cases/${slug}/case.yaml`);
    if (r.ok) cases.push(r.value);
    else warnings.push(r.error.split('\n').join(' '));
  }
  return { cases, warnings };
}
