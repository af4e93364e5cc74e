import { describe, expect, it } from 'vitest';
import type { Analysis, CrashReport, OomReport, Report, SlabReport, SlabTraceReport } from '../types.ts';
import type { StackFrame } from '../oops/types.ts';
import type { CaseSignatures } from './signature-schema.ts';
import { baseFunction, matchCases } from './match.ts';
import { parseCaseSignatures } from './case-signatures.ts';

const frame = (func: string, line: number, reliable = true): StackFrame => ({ func, line, reliable });

function crash(
  p: Partial<CrashReport> & { frames?: StackFrame[]; fault?: string; regs?: [string, string][] },
): CrashReport {
  return {
    kind: p.kind ?? 'oops',
    title: p.title ?? 'BUG: unable to handle kernel NULL pointer dereference in kmem_cache_free',
    frame: p.frame === undefined ? 'kmem_cache_free' : p.frame,
    arch: p.arch ?? 'arm64',
    kernel: null,
    corrupted: false,
    startLine: p.startLine ?? 1,
    endLine: p.endLine ?? 40,
    crash: {
      header: 'Unable to handle kernel NULL pointer dereference',
      headerLine: 1,
      ...(p.fault !== undefined
        ? { faultAddress: { value: p.fault, meaning: '', class: 'null-offset' as const } }
        : {}),
      registers: (p.regs ?? []).map(([name, value]) => ({ name, value, flags: [] })),
      frames: p.frames ?? [],
      modules: [],
    },
  };
}

const analysis = (...reports: Report[]): Analysis => ({
  input: { bytes: 0, lines: 0, formats: [], notices: [] },
  reports,
  matches: [],
});

const EXT4: CaseSignatures = {
  slug: 'ext4-inode-double-free',
  signatures: [
    {
      kind: 'oops',
      reportKinds: ['oops'],
      frame: 'kmem_cache_free',
      frames: ['ext4_i_callback', 'rcu_do_batch'],
      nullOffset: '0xd0',
      arch: ['arm64'],
    },
    {
      kind: 'oops',
      reportKinds: ['warning'],
      frame: 'dentry_free',
      frames: ['prune_dcache_sb', 'shrink_slab', 'kswapd'],
      supporting: true,
    },
  ],
};
const OOM: CaseSignatures = { slug: 'oom-killer-report', signatures: [{ kind: 'oom' }] };
const KERNFS: CaseSignatures = {
  slug: 'kernfs-node-cache-leak',
  signatures: [
    { kind: 'slab', caches: ['kernfs_node_cache'], topN: 5 },
    { kind: 'slab-trace', caches: ['kernfs_node_cache'], frames: ['kernfs_new_node', 'cgroup_mkdir'] },
  ],
};

describe('matchCases', () => {
  it('is strong when the guilty frame, call chain and NULL offset of the case are all there', () => {
    const r = crash({
      fault: '0x00000000000000d0',
      frames: [frame('kmem_cache_free', 20), frame('ext4_i_callback', 21), frame('rcu_do_batch', 22)],
    });
    const [m] = matchCases(analysis(r), [EXT4, OOM]);
    expect(m?.case).toBe('ext4-inode-double-free');
    expect(m?.confidence).toBe('strong');
    expect(m?.evidence.find((e) => e.signal === 'NULL_OFFSET')?.line).toBe(1);
    expect(m?.evidence.find((e) => e.signal === 'SUPPORTING_FRAMES')?.line).toBe(21);
    expect(m?.reasons.join(' ')).toMatch(/NULL \+ 0xd0/);
  });

  it('a crash merely passing through kmem_cache_free is at most possible', () => {
    const r = crash({
      title: 'KASAN: use-after-free Read in tcp_close',
      frame: 'tcp_close',
      kind: 'kasan',
      arch: 'x86_64',
      frames: [frame('tcp_close', 3), frame('kmem_cache_free', 9)],
    });
    const ms = matchCases(analysis(r), [EXT4]);
    expect(ms.every((m) => m.confidence !== 'strong')).toBe(true);
  });

  it('a crash in kmem_cache_free without the ext4 chain or the 0xd0 offset is a near miss (possible)', () => {
    const r = crash({
      fault: '0x0000000000000010',
      frames: [frame('kmem_cache_free', 5), frame('ext4_i_callback', 6)],
    });
    const [m] = matchCases(analysis(r), [EXT4]);
    expect(m?.confidence).toBe('possible');
    expect(m?.evidence.some((e) => e.signal === 'NULL_OFFSET_OTHER')).toBe(true);
  });

  it('supporting signatures alone never make a case strong', () => {
    const r = crash({
      kind: 'warning',
      title: 'WARNING in dentry_free',
      frame: 'dentry_free',
      frames: [frame('dentry_free', 2), frame('prune_dcache_sb', 5), frame('shrink_slab', 6), frame('kswapd', 8)],
    });
    const [m] = matchCases(analysis(r), [EXT4]);
    expect(m?.confidence).toBe('possible');
  });

  it('any OOM report matches the OOM case strongly; its scope restricts when declared', () => {
    const oom: OomReport = {
      kind: 'oom',
      title: 'oom',
      frame: null,
      arch: null,
      kernel: null,
      corrupted: false,
      startLine: 4,
      endLine: 90,
      oom: {
        killed: { pid: 5532, comm: 'a.out' },
        ranking: [],
        scope: 'global',
        constraint: 'CONSTRAINT_NONE',
      } as unknown as OomReport['oom'],
    };
    const [m] = matchCases(analysis(oom), [OOM, EXT4]);
    expect(m).toMatchObject({ case: 'oom-killer-report', confidence: 'strong' });
    expect(m?.reasons[0]).toContain('a.out');
    const memcgOnly: CaseSignatures = { slug: 'memcg', signatures: [{ kind: 'oom', scope: ['memcg'] }] };
    expect(matchCases(analysis(oom), [memcgOnly])[0]?.confidence).toBe('possible');
    expect(matchCases(analysis({ ...oom, oom: { ...oom.oom, scope: 'memcg' } }), [memcgOnly])[0]?.confidence).toBe(
      'strong',
    );
  });

  it('slab: strong when the cache ranks in the top N; TRACE with more allocs than frees corroborates', () => {
    const slab: SlabReport = {
      kind: 'slab',
      title: 'slab',
      frame: null,
      arch: null,
      kernel: null,
      corrupted: false,
      startLine: 1,
      endLine: 20,
      slab: {
        source: 'slabtop',
        caches: [
          { name: 'dentry', bytes: 5e7 },
          { name: 'kernfs_node_cache', bytes: 1.1e8 },
        ],
        totalBytes: 1.6e8,
        verdicts: [],
      },
    };
    const trace: SlabTraceReport = {
      kind: 'slab-trace',
      title: 'trace',
      frame: null,
      arch: null,
      kernel: null,
      corrupted: false,
      startLine: 30,
      endLine: 50,
      slabTrace: {
        caches: [
          {
            name: 'kernfs_node_cache',
            allocs: 7239,
            frees: 5034,
            tracedAllocs: 7239,
            tracedFrees: 5034,
            countSource: 'trace',
            outstanding: 2205,
          },
        ],
        stacks: [],
        leakSuspect: null,
        verdicts: [],
      },
    };
    const lines = [
      { no: 33, text: ' kernfs_new_node+0x24/0x48' },
      { no: 34, text: ' cgroup_mkdir+0x2f0/0x4e8' },
    ];
    const [m] = matchCases(analysis(slab, trace), [KERNFS, OOM], lines);
    expect(m).toMatchObject({ case: 'kernfs-node-cache-leak', confidence: 'strong' });
    expect(m?.evidence.find((e) => e.signal === 'SLAB_TRACE_FRAMES')?.line).toBe(33);
    const notTop = {
      ...slab,
      slab: {
        ...slab.slab,
        caches: [
          ...Array.from({ length: 6 }, (_, i) => ({ name: `c${i}`, bytes: 1e9 })),
          { name: 'kernfs_node_cache', bytes: 1 },
        ],
      },
    };
    expect(matchCases(analysis(notTop), [KERNFS])[0]?.confidence).toBe('possible');
  });

  it('symptom lines cite their line; a bad pattern never throws', () => {
    const c: CaseSignatures = {
      slug: 's',
      signatures: [
        { kind: 'symptom', pattern: 'deferred_split_scan', description: 'x' },
        { kind: 'symptom', pattern: '(', description: 'broken' },
      ],
    };
    const [m] = matchCases(analysis(), [c], [{ no: 7, text: 'crash> dis deferred_split_scan' }]);
    expect(m).toMatchObject({ case: 's', confidence: 'strong' });
    expect(m?.evidence[0]?.line).toBe(7);
    expect(matchCases(analysis(), [c], [{ no: 1, text: 'x'.repeat(1e6) }])).toEqual([]);
  });

  it('strips compiler suffixes from function names', () => {
    expect(baseFunction('show_file_info_by_name.cold')).toBe('show_file_info_by_name');
    expect(baseFunction('foo.isra.0')).toBe('foo');
  });

  it('parseCaseSignatures names the field of a bad entry', () => {
    const r = parseCaseSignatures('slug: a\nsignatures:\n  - kind: slab\n    caches: []\n', 'a/case.yaml');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toContain('signatures.0.caches');
    const bad = parseCaseSignatures(
      "slug: a\nsignatures:\n  - kind: symptom\n    pattern: '('\n    description: d\n",
      'a/case.yaml',
    );
    expect(bad.ok).toBe(false);
  });
});
