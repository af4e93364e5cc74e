import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { normalize } from '../text/normalize.ts';
import { splitFixture } from '../oom/golden.ts';
import type { Report } from '../types.ts';
import { findSlabReports } from './find.ts';
import { projectSlab } from './golden.ts';

const DIR = fileURLToPath(new URL('./testdata/', import.meta.url));
const SEEDS = fileURLToPath(new URL('../../../../shared/seeds/', import.meta.url));
const seed004 = readFileSync(SEEDS + '004_8ff3dd638468ff21.txt', 'utf8');
const seed001 = readFileSync(SEEDS + '001_772dd82a798f773a.txt', 'utf8');

function slab(text: string): Report[] {
  return findSlabReports(normalize(text).lines);
}

/** `UPDATE_GOLDEN=1 npx vitest run src/lib/slab` rewrites the expectations; review the diff by hand. */
const UPDATE = process.env['UPDATE_GOLDEN'] === '1';

function expectGolden(got: unknown, file: string): void {
  if (UPDATE) writeFileSync(file, JSON.stringify(got, null, 2) + '\n');
  expect(got).toEqual(JSON.parse(readFileSync(file, 'utf8')));
}

describe('slab golden files', () => {
  for (const f of readdirSync(DIR).filter((x) => x.endsWith('.log'))) {
    it(f, () => {
      const { header, body } = splitFixture(readFileSync(DIR + f, 'utf8'));
      expect(header['SOURCE']).toMatch(/^https:\/\/github\.com\//);
      expectGolden(slab(body).map(projectSlab), DIR + f.replace(/\.log$/, '.expected.json'));
    });
  }
  it('seed 004 (meminfo, slabtop -s c, slub_debug TRACE)', () => {
    expectGolden(slab(seed004).map(projectSlab), DIR + 'seed-004.expected.json');
  });
  it('seed 001 (crash kmem -i and ps)', () => {
    expectGolden(slab(seed001).map(projectSlab), DIR + 'seed-001.expected.json');
  });
});

describe('seed 004 facts, checked by hand', () => {
  const reports = slab(seed004);
  it('slub_debug TRACE: 7239 allocations against 5034 frees of kernfs_node_cache', () => {
    const t = reports.find((r) => r.kind === 'slab-trace');
    if (t?.kind !== 'slab-trace') throw new Error('no slab-trace report');
    expect(t.slabTrace.caches[0]).toMatchObject({
      name: 'kernfs_node_cache',
      allocs: 7239,
      frees: 5034,
      outstanding: 2205,
      tracedAllocs: 1,
      tracedFrees: 1,
    });
    expect(t.slabTrace.leakSuspect?.frames.slice(0, 4)).toEqual([
      '__kernfs_new_node',
      'kernfs_new_node',
      'kernfs_create_dir_ns',
      'cgroup_mkdir',
    ]);
    expect(t.frame).toBe('__kernfs_new_node');
  });
  it('slabtop: kernfs_node_cache 111088K is second, names_cache 252576K first', () => {
    const s = reports.find((r) => r.kind === 'slab');
    if (s?.kind !== 'slab') throw new Error('no slab report');
    expect(s.slab.caches.slice(0, 2).map((c) => [c.name, c.bytes / 1024])).toEqual([
      ['names_cache', 252576],
      ['kernfs_node_cache', 111088],
    ]);
    expect(s.slab.caches[1]?.knownLeak).toMatch(/cgroup/);
  });
  it('meminfo: SUnreclaim 738384 kB of Slab 913952 kB', () => {
    const m = reports.find((r) => r.kind === 'meminfo');
    if (m?.kind !== 'meminfo') throw new Error('no meminfo report');
    expect(m.meminfo.fields).toEqual({ Slab: 913952, SReclaimable: 175568, SUnreclaim: 738384 });
    expect(m.meminfo.verdicts[0]).toMatch(/81%/);
  });
});

describe('seed 001 kmem -i', () => {
  const k = slab(seed001).find((r) => r.kind === 'kmem-info');
  it('reads COMMITTED 7399654 pages = 373% of COMMIT LIMIT 1983528', () => {
    if (k?.kind !== 'kmem-info') throw new Error('no kmem-info report');
    expect(k.kmemInfo.fields['COMMITTED']).toEqual({ pages: 7399654, bytes: 7399654 * 4096, percent: 373 });
    expect(k.kmemInfo.commitRatio).toBe(3.73);
    expect(k.kmemInfo.fields['SLAB']?.pages).toBe(199579);
    expect(k.kmemInfo.ps?.[0]).toMatchObject({ pid: 29060, comm: 'Isolated Web Co', rss: 633720 });
  });
});

describe('slub_debug TRACE aggregation', () => {
  const stack = (fn: string) => [
    'Call trace:',
    'dump_backtrace+0x0/0x190',
    'kmem_cache_alloc+0x210/0x278',
    `${fn}+0x60/0x1f8`,
    'el0_svc+0x8/0xc',
  ];
  it('matches frees to allocations by object and finds the leaking stack', () => {
    const log = [
      'TRACE foo alloc 0x0000000000000001 inuse=1 fp=0x          (null)',
      ...stack('leaky_path'),
      'TRACE foo alloc 0x0000000000000002 inuse=2 fp=0x          (null)',
      ...stack('clean_path'),
      'TRACE foo alloc 0x0000000000000003 inuse=3 fp=0x          (null)',
      ...stack('leaky_path'),
      'TRACE foo free 0x0000000000000002 inuse=2 fp=0x0000000000000001',
      'Call trace:',
      'kmem_cache_free+0x200/0x220',
      'release+0x1/0x2',
    ].join('\n');
    const t = slab(log).find((r) => r.kind === 'slab-trace');
    if (t?.kind !== 'slab-trace') throw new Error('no slab-trace report');
    expect(t.slabTrace.caches[0]).toMatchObject({
      name: 'foo',
      allocs: 3,
      frees: 1,
      countSource: 'trace',
      outstanding: 2,
    });
    expect(t.slabTrace.leakSuspect).toMatchObject({ frames: ['leaky_path', 'el0_svc'], count: 2, outstanding: 2 });
    expect(t.slabTrace.stacks.find((s) => s.frames[0] === 'clean_path')?.outstanding).toBe(0);
  });
});

describe('two slab snapshots', () => {
  it('compares the second with the first (synthetic pair built from the xsos rows)', () => {
    const { body } = splitFixture(readFileSync(DIR + 'xsos-issue-194-slabinfo-slub.log', 'utf8'));
    const later = body.replace(
      'kernfs_node_cache  31144  31144    120   34    1 : tunables    0    0    0 : slabdata    916    916',
      'kernfs_node_cache  93432  93432    120   34    1 : tunables    0    0    0 : slabdata   2748   2748',
    );
    const rs = slab(`${body}\n\n${later}`).filter((r) => r.kind === 'slab');
    expect(rs.length).toBe(2);
    const second = rs[1];
    if (second?.kind !== 'slab') throw new Error('no second snapshot');
    expect(second.slab.growth?.[0]).toMatchObject({ name: 'kernfs_node_cache', deltaBytes: (2748 - 916) * 4096 });
  });
});

describe('slab parsers never throw', () => {
  it('on arbitrary text and on mangled seeds', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 2000 }), fc.nat(), (s, cut) => {
        slab(s);
        const ls = seed004.split('\n');
        ls.splice(cut % ls.length, 7, s);
        slab(ls.join('\n'));
      }),
      { numRuns: 60 },
    );
  }, 60000);
});
