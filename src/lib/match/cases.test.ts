import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeAndMatch, loadCases, REPO } from '../../../tests/unit/match-cases.ts';

const cases = loadCases();
const sigs = cases.map((c) => c.signatures);

describe('every evidence log matches its own case first and strong', () => {
  for (const c of cases) {
    for (const ev of c.evidence.filter((e) => !e.context)) {
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

describe('context files (marked `context: true` in case.yaml) point strongly to no other case', () => {
  for (const c of cases) {
    for (const ev of c.evidence.filter((e) => e.context)) {
      it(`${c.slug}/${ev.file}`, () => {
        const { matches } = analyzeAndMatch(readFileSync(ev.path, 'utf8'), sigs);
        expect(matches.filter((m) => m.confidence === 'strong' && m.case !== c.slug)).toEqual([]);
      });
    }
  }
  it('most evidence is kernel evidence, not context', () => {
    const all = cases.flatMap((c) => c.evidence);
    expect(all.filter((e) => !e.context).length).toBeGreaterThan(all.length / 2);
  });
});

/** OOM report fixtures of the OOM parser, plus every case's evidence (the engine decides which hold an OOM). */
function oomCandidates(): string[] {
  const files: string[] = [];
  for (const d of [join(REPO, 'src/lib/oom/testdata'), join(REPO, 'src/lib/oom/fixtures')]) {
    if (!existsSync(d)) continue;
    for (const f of readdirSync(d, { recursive: true }).map(String).sort())
      if (/\.(log|txt)$/.test(f)) files.push(join(d, f));
  }
  for (const c of cases) for (const ev of c.evidence) files.push(ev.path);
  const seeds = join(REPO, '..', 'shared', 'seeds');
  if (existsSync(seeds)) for (const f of readdirSync(seeds).sort()) if (f.endsWith('.txt')) files.push(join(seeds, f));
  return files;
}

describe('every OOM report matches oom-killer-report strongly', () => {
  let withOom = 0;
  for (const f of oomCandidates()) {
    it(f.startsWith(REPO) ? f.slice(REPO.length + 1) : f.slice(f.indexOf('shared')), () => {
      const { analysis, matches } = analyzeAndMatch(readFileSync(f, 'utf8'), sigs);
      if (!analysis.reports.some((r) => r.kind === 'oom')) return;
      withOom++;
      const m = matches.find((x) => x.case === 'oom-killer-report');
      expect(m?.confidence, JSON.stringify(matches.slice(0, 2))).toBe('strong');
    });
  }
  it('found OOM reports to check', () => {
    console.log(`OOM reports checked: ${withOom} files`);
    expect(withOom).toBeGreaterThan(0);
  });
});
