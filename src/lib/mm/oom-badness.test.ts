import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { badnessFormula, oomBadness } from './oom-badness.ts';

describe("seed 003's OOM report (5.10.0-60.18.0.50.oe2203, no swap)", () => {
  // Task table line 130: [ 5532] 0 5532 2884233 2793370 22437888 0 0 a.out; totalram_pages = 3145595 RAM
  // − 214081 reserved = 2931514 (= the zones' managed kB / 4), total swap 0.
  const seed = { swapPages: 0, oomScoreAdj: 0, totalPages: 2931514, kernel: '5.10.0-60.18.0.50.oe2203.x86_64' };
  it('gives a.out 2,798,848 points and oom_score 1302, as the article states', () => {
    const r = oomBadness({ ...seed, rssPages: 2793370, pgtableBytes: 22437888 });
    expect(r).toMatchObject({ points: 2798848, oomScore: 1302, excluded: false, formula: '5.9+-signed' });
  });
  it('gives the runners-up firewalld 7,393 and targetclid 5,404 points', () => {
    expect(oomBadness({ ...seed, rssPages: 7350, pgtableBytes: 176128 }).points).toBe(7393);
    expect(oomBadness({ ...seed, rssPages: 5367, pgtableBytes: 151552 }).points).toBe(5404);
  });
});

describe('oomBadness per kernel range', () => {
  const base = { rssPages: 1000, swapPages: 100, pgtableBytes: 8192, oomScoreAdj: 0, totalPages: 100000 };
  it('5.9+: pages, signed, oom_score = (1000 + p*1000/total) * 2/3', () => {
    const r = oomBadness({ ...base, kernel: '5.10.0' });
    expect(r.points).toBe(1102);
    expect(r.oomScore).toBe(Math.trunc(((1000 + 11) * 2) / 3));
    expect(oomBadness({ ...base, oomScoreAdj: -500, kernel: '6.1' }).points).toBe(1102 - 500 * 100);
  });
  it('4.17–5.8: no admin bonus, clamp to 1, oom_score = p*1000/total', () => {
    expect(oomBadness({ ...base, kernel: '4.19.0', capSysAdmin: true })).toMatchObject({ points: 1102, oomScore: 11 });
    expect(oomBadness({ ...base, oomScoreAdj: -999, kernel: '5.4' }).points).toBe(1);
  });
  it('3.14–4.16: 3% of the points off for CAP_SYS_ADMIN', () => {
    expect(oomBadness({ ...base, kernel: '4.14.0', capSysAdmin: true }).points).toBe(1102 - 33);
  });
  it('3.10–3.13: CAP_SYS_ADMIN lowers adj by 30 before scaling', () => {
    expect(oomBadness({ ...base, kernel: '3.10.0-514.el7', capSysAdmin: true }).points).toBe(1); // 1102 − 3000, clamped to 1
    expect(oomBadness({ ...base, kernel: '3.10.0-514.el7', capSysAdmin: true, rssPages: 5000 }).points).toBe(
      5102 - 3000,
    );
  });
  it('2.6.36–3.9: normalised 0..1000 with −30 for admin', () => {
    expect(oomBadness({ ...base, kernel: '3.2.0' })).toMatchObject({ points: 11, oomScore: 11 });
    expect(oomBadness({ ...base, kernel: '2.6.38', capSysAdmin: true }).points).toBe(1);
  });
  it('before 2.6.36: refuses to guess', () => {
    const r = oomBadness({ ...base, kernel: '2.6.32-431.el6' });
    expect(r.points).toBeNull();
    expect(r.notes.join(' ')).toMatch(/2\.6\.36/);
  });
  it('−1000 excludes', () => {
    expect(oomBadness({ ...base, oomScoreAdj: -1000, kernel: '5.10' })).toMatchObject({ excluded: true, oomScore: 0 });
  });
  it('maps versions to formulas', () => {
    expect(['2.6.32', '2.6.36', '3.10', '3.14', '4.17', '5.9', undefined].map((k) => badnessFormula(k))).toEqual([
      'pre-2.6.36-heuristic',
      '2.6.36-3.9-normalised',
      '3.10-3.13-pages-admin-adj',
      '3.14-4.16-pages-admin-3pct',
      '4.17-5.8-pages',
      '5.9+-signed',
      '5.9+-signed',
    ]);
  });
  it('never throws and oom_score stays in range', () => {
    fc.assert(
      fc.property(
        fc.record({
          rssPages: fc.double(),
          swapPages: fc.integer(),
          pgtableBytes: fc.integer(),
          oomScoreAdj: fc.integer({ min: -2000, max: 2000 }),
          totalPages: fc.integer({ min: -5, max: 1e9 }),
          kernel: fc.constantFrom('2.6.32', '3.2', '3.10', '4.14', '4.19', '5.10', '6.6', 'garbage', ''),
          capSysAdmin: fc.boolean(),
        }),
        (input) => {
          const r = oomBadness(input);
          if (r.oomScore !== null) expect(r.oomScore).toBeGreaterThanOrEqual(0);
        },
      ),
    );
  });
});
