/**
 * The syzkaller corpus as a regression guard: run the engine on every dev record and score it with the
 * README's scorer. The floors are what the engine reaches today (rounded down), so a change that loses
 * titles, frames or corrupted flags fails here. Also checks the scorer itself against the specification.
 */
import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseRecord, readJsonl } from '../../cli/corpus.ts';
import { scoreCorpus, type ExpectedRecord } from './corpus-score.ts';

const DEV = fileURLToPath(new URL('../../../../shared/corpus/syzkaller-linux-dev.jsonl', import.meta.url));

/** Achieved on the dev split (see `npm run corpus`); raise them when the engine improves. */
const FLOORS = {
  detection: 0.99,
  exactTitle: 0.97,
  family: 0.99,
  frame: 0.975,
  corrupted: 0.965,
};

describe.skipIf(!existsSync(DEV))('syzkaller dev corpus', () => {
  it('reaches the floors', () => {
    const expected = readJsonl<ExpectedRecord & { log: string }>(readFileSync(DEV, 'utf8'));
    const outputs = expected.map((r) => parseRecord(r.id, r.log));
    const s = scoreCorpus(expected, outputs);
    expect(s.records).toBe(354);
    expect(s.detection.rate).toBeGreaterThanOrEqual(FLOORS.detection);
    expect(s.exactTitle.rate).toBeGreaterThanOrEqual(FLOORS.exactTitle);
    expect(s.family.rate).toBeGreaterThanOrEqual(FLOORS.family);
    expect(s.frame.rate).toBeGreaterThanOrEqual(FLOORS.frame);
    expect(s.corrupted.rate).toBeGreaterThanOrEqual(FLOORS.corrupted);
  }, 60_000);
});

describe('corpus scorer', () => {
  const exp = (id: string, title: string | null, extra: Partial<ExpectedRecord> = {}): ExpectedRecord => ({
    id,
    title,
    alt_titles: [],
    type: null,
    frame: title === null ? null : (title.split(' in ').pop() ?? null),
    corrupted: false,
    ...extra,
  });

  it('treats a missing output as no crash and derives frames and families from titles', () => {
    const s = scoreCorpus(
      [exp('1', 'WARNING in foo'), exp('2', null), exp('10', 'KCSAN: data-race in a / b', { frame: 'a' })],
      [
        { id: '1', title: 'WARNING in bar' },
        { id: '10', title: 'KCSAN: data-race in a / c' },
      ],
    );
    expect(s.detection).toMatchObject({ num: 3, den: 3 });
    expect(s.exactTitle).toMatchObject({ num: 1, den: 3, mismatches: ['1', '10'] });
    expect(s.family).toMatchObject({ num: 3, den: 3 });
    expect(s.frame).toMatchObject({ num: 1, den: 2, mismatches: ['1'] });
  });

  it('scores the corrupted class with precision and recall', () => {
    const s = scoreCorpus(
      [exp('1', 'A in x', { corrupted: true }), exp('2', 'B in y'), exp('3', 'C in z', { corrupted: true })],
      [
        { id: '1', title: 'A in x', corrupted: true },
        { id: '2', title: 'B in y', corrupted: true },
        { id: '3', title: 'C in z' },
      ],
    );
    expect(s.corrupted).toMatchObject({ num: 1, den: 3 });
    expect(s.corruptedPrecision).toMatchObject({ num: 1, den: 2, rate: 0.5 });
    expect(s.corruptedRecall).toMatchObject({ num: 1, den: 2, rate: 0.5 });
    expect(s.corruptedF1).toBe(0.5);
  });

  it('rejects duplicate and unknown ids', () => {
    expect(() =>
      scoreCorpus(
        [exp('1', null)],
        [
          { id: '1', title: null },
          { id: '1', title: null },
        ],
      ),
    ).toThrow(/duplicate/);
    expect(() => scoreCorpus([exp('1', null)], [{ id: '2', title: null }])).toThrow(/not in expectations/);
  });

  it('sorts mismatching ids numerically', () => {
    const s = scoreCorpus([exp('10', 'x'), exp('9', 'y'), exp('100', 'z')], []);
    expect(s.exactTitle.mismatches).toEqual(['9', '10', '100']);
  });
});
