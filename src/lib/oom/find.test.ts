import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { normalize } from '../text/normalize.ts';
import type { LogLine } from '../text/types.ts';
import { findOomReports } from './find.ts';
import { splitFixture } from './golden.ts';

const DIR = fileURLToPath(new URL('./testdata/', import.meta.url));
const SEED_003 = fileURLToPath(new URL('../../../../shared/seeds/003_cb28da46b3d72b2f.txt', import.meta.url));
const FIXTURES = [
  readFileSync(SEED_003, 'utf8'),
  ...readdirSync(DIR)
    .filter((f) => f.endsWith('.log'))
    .map((f) => splitFixture(readFileSync(DIR + f, 'utf8')).body),
];

function lines(text: string): LogLine[] {
  return normalize(text).lines;
}

/** The invariant the issue asks for: every task of the table that the kernel could pick is ranked. */
function checkInvariants(text: string): void {
  const reports = findOomReports(lines(text));
  for (const r of reports) {
    expect(r.kind).toBe('oom');
    expect(r.startLine).toBeLessThanOrEqual(r.endLine);
    const o = r.oom;
    if (o.badness.formula === 'pre-2.6.36-heuristic') {
      expect(o.ranking).toEqual([]);
      continue;
    }
    const eligible = o.tasks.filter((t) => (t.oomScoreAdj ?? (t.oomAdj === -17 ? -1000 : 0)) !== -1000);
    expect(o.ranking.length).toBe(eligible.length);
    for (let i = 1; i < o.ranking.length; i++)
      expect(o.ranking[i - 1]!.points).toBeGreaterThanOrEqual(o.ranking[i]!.points);
    expect(new Set(o.ranking.map((t) => t.pid)).size).toBeLessThanOrEqual(o.ranking.length);
  }
}

describe('findOomReports properties', () => {
  it('never throws on arbitrary text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 2000 }), (s) => {
        findOomReports(lines(s));
      }),
      { numRuns: 300 },
    );
  }, 60000);

  it('never throws and keeps the ranking complete on cut, shuffled and mixed real reports', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...FIXTURES),
        fc.array(fc.nat(), { maxLength: 8 }),
        fc.array(
          fc.constantFrom(
            'Mem-Info:',
            '[ pid ]   uid  tgid total_vm      rss name',
            'x invoked oom-killer: gfp_mask=0x0, order=9',
            'Killed process 1 (x)',
            'Node 0 DMA: 1*4kB',
            'lowmem_reserve[]: 9',
            '[  1] 0 1 2',
            '',
          ),
          { maxLength: 6 },
        ),
        (text, cuts, noise) => {
          const ls = text.split('\n');
          for (const c of cuts) if (ls.length) ls.splice(c % ls.length, 1 + (c % 3));
          for (let i = 0; i < noise.length; i++) ls.splice((i * 37) % (ls.length + 1), 0, noise[i]!);
          checkInvariants(ls.join('\n'));
        },
      ),
      { numRuns: 120 },
    );
  }, 60000);

  it('holds the invariants on every fixture as is', () => {
    for (const f of FIXTURES) checkInvariants(f);
  });

  it('ignores user-space "Out of memory" text and debug-object messages', () => {
    expect(
      findOomReports(
        lines('[  404.700173] ODEBUG: Out of memory. ODEBUG disabled\nmysqld: Out of memory (Needed 1234 bytes)\n'),
      ),
    ).toEqual([]);
  });

  it('reads reports quoted in mail (> prefixes) and with CRLF', () => {
    const seed = FIXTURES[0]!
      .split('\n')
      .slice(30, 134)
      .map((l) => `> ${l}`)
      .join('\r\n');
    const r = findOomReports(lines(seed));
    expect(r.map((x) => x.oom.killed?.pid)).toContain(5532);
  });

  it('stays linear: a 20 000-task table and 5 000 repeated kills parse quickly', () => {
    const rows = Array.from(
      { length: 20000 },
      (_, i) =>
        `[${String(i + 10).padStart(7)}]     0 ${i + 10}     1000      ${i % 997}    40960        0             0 worker-${i}`,
    );
    const big = [
      'w invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=0',
      '[  pid  ]   uid  tgid total_vm      rss pgtables_bytes swapents oom_score_adj name',
      ...rows,
      'Out of memory: Killed process 1006 (worker-996) total-vm:4000kB, anon-rss:3984kB, file-rss:0kB, shmem-rss:0kB, UID:0 pgtables:40kB oom_score_adj:0',
    ].join('\n');
    const kills = Array.from(
      { length: 5000 },
      (_, i) =>
        `Out of memory: Killed process ${i} (p) total-vm:1kB, anon-rss:1kB, file-rss:0kB, shmem-rss:0kB\noom_reaper: reaped process ${i} (p), now anon-rss:0kB, file-rss:0kB, shmem-rss:0kB`,
    ).join('\n');
    const t0 = performance.now();
    const r1 = findOomReports(lines(big));
    const r2 = findOomReports(lines(kills));
    // A generous bound: it only has to catch quadratic behaviour (20 000² steps), not measure speed on a busy machine.
    expect(performance.now() - t0).toBeLessThan(15000);
    expect(r1[0]?.oom.ranking.length).toBe(20000);
    expect(r1[0]?.oom.ranking[0]?.points).toBe(996 + 10);
    expect(r2.length).toBe(5000);
  }, 60000);
});

describe('event boundaries', () => {
  it('does not merge an earlier show_mem() (allocation-failure warning) into the next OOM', () => {
    const seed = FIXTURES[0]!.split('\n');
    // lines 62–78 of seed 003: Mem-Info, per-node, zones, lowmem_reserve and buddy lists
    const memDump = seed.slice(61, 78).join('\n');
    const text = [
      ...seed.slice(30, 32), // the tail of the earlier kill (5515)
      'kworker/u8:1: page allocation failure: order:4, mode:0x40cc0(GFP_KERNEL|__GFP_COMP)',
      memDump,
      ...seed.slice(32), // the full report of 5532
    ].join('\n');
    const reports = findOomReports(lines(text));
    expect(reports.map((r) => r.oom.killed?.pid)).toEqual([5515, 5532]);
    expect(reports[1]?.oom.zones.length).toBe(3);
  });
});
