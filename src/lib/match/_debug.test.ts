import { readFileSync } from 'node:fs';
import { it } from 'vitest';
import { analyzeAndMatch, loadCases } from './test-cases.ts';
it('debug', () => {
  const cases = loadCases();
  const sigs = cases.map((c) => c.signatures);
  for (const c of cases) for (const ev of c.evidence) {
    const { analysis, matches } = analyzeAndMatch(readFileSync(ev.path, 'utf8'), sigs);
    const top = matches[0];
    const ok = top?.case === c.slug && top.confidence === 'strong';
    if (ok) continue;
    console.log(`${c.slug}/${ev.file}: reports=[${analysis.reports.map((r) => r.kind + ':' + r.title).join(' | ')}] matches=${matches.slice(0, 3).map((m) => `${m.case}:${m.confidence}:${m.score}[${m.evidence.map((e) => e.signal).join(',')}]`).join(' ; ')}`);
  }
});
