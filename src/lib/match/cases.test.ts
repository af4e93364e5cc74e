import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeAndMatch, loadCases, REPO } from './test-cases.ts';

const cases = loadCases();
const sigs = cases.map((c) => c.signatures);

describe('every evidence log matches its own case first and strong', () => {
  for (const c of cases) {
    for (const ev of c.evidence) {
      it(`${c.slug}/${ev.file}`, () => {
        const { matches } = analyzeAndMatch(readFileSync(ev.path, 'utf8'), sigs);
        const top = matches[0];
        expect(top, `no match at all for ${c.slug}/${ev.file}`).toBeDefined();
        expect(top?.case, `${c.slug}/${ev.file}: ${JSON.stringify(matches.slice(0, 2))}`).toBe(c.slug);
        expect(top?.confidence).toBe('strong');
        expect(top?.evidence.every((e) => e.line === undefined || e.line >= 1)).toBe(true);
      });
    }
  }
});

/** OOM report fixtures of the OOM parser (and the OOM case's own report). */
function oomFixtures(): string[] {
  const dirs = [join(REPO, 'src/lib/oom/testdata')];
  const files: string[] = [];
  for (const d of dirs) {
    if (!existsSync(d)) continue;
    for (const f of readdirSync(d).sort()) if (/\.(log|txt)$/.test(f)) files.push(join(d, f));
  }
  return files;
}

describe('every OOM report matches oom-killer-report strongly', () => {
  const files = oomFixtures();
  it('has OOM fixtures', () => expect(files.length).toBeGreaterThan(0));
  for (const f of files) {
    it(f.slice(REPO.length + 1), () => {
      const { analysis, matches } = analyzeAndMatch(readFileSync(f, 'utf8'), sigs);
      if (!analysis.reports.some((r) => r.kind === 'oom')) return; // a fixture that asserts "no OOM here"
      const m = matches.find((x) => x.case === 'oom-killer-report');
      expect(m?.confidence).toBe('strong');
    });
  }
});
