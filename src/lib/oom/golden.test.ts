import { describe, expect, it } from 'vitest';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { normalize } from '../text/normalize.ts';
import { findOomReports } from './find.ts';
import { projectOom, splitFixture } from './golden.ts';

const DIR = fileURLToPath(new URL('./testdata/', import.meta.url));
const SEED_003 = fileURLToPath(new URL('../../../../shared/seeds/003_cb28da46b3d72b2f.txt', import.meta.url));

function oomOf(text: string) {
  return findOomReports(normalize(text).lines);
}

/** `UPDATE_GOLDEN=1 npx vitest run src/lib/oom` rewrites the expectations; review the diff by hand. */
const UPDATE = process.env['UPDATE_GOLDEN'] === '1';

function expectGolden(got: unknown, file: string): void {
  if (UPDATE) writeFileSync(file, JSON.stringify(got, null, 2) + '\n');
  expect(got).toEqual(JSON.parse(readFileSync(file, 'utf8')));
}

describe('OOM golden files', () => {
  const logs = readdirSync(DIR).filter((f) => f.endsWith('.log'));
  it('has at least ten real fixtures, each with its source recorded', () => {
    expect(logs.length).toBeGreaterThanOrEqual(10);
    for (const f of logs) {
      const { header } = splitFixture(readFileSync(DIR + f, 'utf8'));
      expect(header['SOURCE'], f).toMatch(/^https:\/\/github\.com\//);
      expect(header['CHECKS'], f).toBeTruthy();
    }
  });
  for (const f of logs) {
    it(f, () => {
      const { body } = splitFixture(readFileSync(DIR + f, 'utf8'));
      expectGolden(oomOf(body).map(projectOom), DIR + f.replace(/\.log$/, '.expected.json'));
    });
  }
  it('seed 003 (two events: the tail of an earlier kill, then a full 5.10 report)', () => {
    expectGolden(oomOf(readFileSync(SEED_003, 'utf8')).map(projectOom), DIR + 'seed-003.expected.json');
  });
});

describe('seed 003 facts, checked by hand against the log', () => {
  const reports = oomOf(readFileSync(SEED_003, 'utf8'));
  const main = reports[1];
  it('finds both kills', () => {
    expect(reports.map((r) => r.oom.killed?.pid)).toEqual([5515, 5532]);
    expect(reports[0]?.corrupted).toBe(true);
  });
  it('recomputes a.out: rss 2793370 + 22437888 B / 4096 = 2798848 pages', () => {
    expect(main?.oom.ranking[0]).toEqual({ pid: 5532, comm: 'a.out', points: 2798848, oomScore: 1302, share: 0.9547 });
    // firewalld: 7350 + 176128/4096 (43) = 7393; (1000 + 7393*1000/2931514) * 2/3 = 668
    expect(main?.oom.ranking[1]).toMatchObject({ pid: 1204, points: 7393, oomScore: 668 });
  });
  it('ranks every eligible task: 39 rows minus 3 with oom_score_adj −1000', () => {
    expect(main?.oom.tasks.length).toBe(39);
    expect(main?.oom.ranking.length).toBe(36);
    expect(main?.oom.ranking.some((r) => [818, 1022, 1228].includes(r.pid))).toBe(false);
  });
  it('totalpages = managed 15360+2503388+9207308 kB / 4 = 2931514 (no swap)', () => {
    expect(main?.oom.badness.totalPages).toBe(2931514);
  });
  it('explains the failure per zone with lowmem_reserve of the Normal classzone', () => {
    const v = main?.oom.zoneVerdicts.map((z) => [z.zone, z.free, z.watermark, z.reserve, z.ok]);
    expect(v).toEqual([
      ['DMA', 3324, 36, 11403, false],
      ['DMA32', 14975, 6011, 8991, false],
      ['Normal', 22047, 22111, 0, false],
    ]);
  });
  it('reports the victim as the top of the ranking and what it freed', () => {
    expect(main?.oom.victimCheck.victimIsTop).toBe(true);
    expect(main?.oom.summary.freedKb).toBe(11172224 + 1256);
    expect(main?.oom.reaped?.pid).toBe(5532);
  });
});

describe('OOMAnalyser RHEL 7 example (3.10): the printed score is reproduced', () => {
  const { body } = splitFixture(readFileSync(DIR + 'oomanalyser-example-rhel7-3.10.log', 'utf8'));
  const r = oomOf(body)[0];
  it('mysqld: (5157063 + 15483 + 1527848) * 1000 / (8186847 + 2097151) = 651, as the kernel printed', () => {
    expect(r?.oom.badness.totalPages).toBe(8186847 + 2097151);
    expect(r?.oom.ranking[0]).toMatchObject({ pid: 6576, points: 6700394, oomScore: 651 });
    expect(r?.oom.selected?.score).toBe(651);
  });
  it('decodes 0x201da with the 2.6.32–4.3 table', () => {
    expect(r?.oom.allocation?.gfp?.flags).toEqual(['GFP_HIGHUSER_MOVABLE', '__GFP_COLD']);
    expect(r?.oom.allocation?.gfp?.table).toBe('gfp.h 2.6.32–4.3');
  });
  it('reads lowmem_reserve printed on the zone line', () => {
    expect(r?.oom.zones[0]?.lowmemReserve).toEqual([0, 2780, 15835, 15835]);
  });
});

describe('scopes built from seed 003 (edited copies; the real fixtures cover the rest)', () => {
  const seed = readFileSync(SEED_003, 'utf8');
  it('CONSTRAINT_CPUSET: totalpages = present pages of the allowed nodes + swap (constrained_alloc)', () => {
    const r = oomOf(seed.replace('constraint=CONSTRAINT_NONE', 'constraint=CONSTRAINT_CPUSET'))[1];
    expect(r?.oom.scope).toBe('cpuset');
    // present 15992 + 3129204 + 9437184 kB on node 0 = 3145595 pages, the same as "pages RAM"
    expect(r?.oom.badness.totalPages).toBe(3145595);
  });
  it('sysrq f: order −1 from moom_callback, no watermark verdicts', () => {
    const text = seed
      .replace(
        'a.out invoked oom-killer: gfp_mask=0x100cca(GFP_HIGHUSER_MOVABLE), order=0',
        'kworker/2:3 invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=-1',
      )
      .replace('__alloc_pages+0xe78/0xf50', 'moom_callback+0x79/0xb0');
    const r = oomOf(text)[1];
    expect(r?.oom.scope).toBe('sysrq');
    expect(r?.oom.allocation?.bytes).toBeNull();
    expect(r?.oom.zoneVerdicts).toEqual([]);
    expect(r?.title).toBe('Manual OOM (sysrq f): Killed process a.out');
  });
});
