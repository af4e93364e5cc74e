import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeAndMatch, loadCases, REPO } from '../../../tests/unit/match-cases.ts';

const CORPUS = join(REPO, '..', 'shared', 'corpus', 'syzkaller-linux-dev.jsonl');

describe('real syzkaller crashes match no case strongly', () => {
  it.skipIf(!existsSync(CORPUS))(
    '354 dev crashes: 0 strong matches',
    () => {
      const sigs = loadCases().map((c) => c.signatures);
      const records = readFileSync(CORPUS, 'utf8')
        .split('\n')
        .filter((l) => l.trim() !== '')
        .map((l) => JSON.parse(l) as { id: string; log: string });
      let strong = 0;
      let possible = 0;
      let reports = 0;
      const strongIds: string[] = [];
      for (const rec of records) {
        const { analysis, matches } = analyzeAndMatch(rec.log, sigs);
        reports += analysis.reports.length;
        for (const m of matches) {
          if (m.confidence === 'strong') {
            strong++;
            strongIds.push(`${rec.id}→${m.case} (${m.reasons.join('; ')})`);
          } else possible++;
        }
      }
      console.log(
        `corpus: ${records.length} crashes, ${reports} reports, ${strong} strong matches, ${possible} possible matches`,
      );
      if (strongIds.length > 0) console.log(strongIds.join('\n'));
      expect(records.length).toBe(354);
      expect(reports).toBeGreaterThan(0);
      expect(strong).toBe(0);
    },
    120_000,
  );
});
