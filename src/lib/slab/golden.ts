/** Projection of slab-evidence reports for golden files (what a reader can check against the log). */
import type { Report } from '../types.ts';

export function projectSlab(r: Report): Record<string, unknown> {
  const base = { kind: r.kind, title: r.title, frame: r.frame, lines: [r.startLine, r.endLine] };
  switch (r.kind) {
    case 'slab':
      return {
        ...base,
        source: r.slab.source,
        allocator: r.slab.allocator ?? null,
        sortKey: r.slab.sortKey ?? null,
        truncated: r.slab.truncated ?? false,
        caches: r.slab.caches.length,
        totalBytes: r.slab.totalBytes,
        top: r.slab.caches.slice(0, 5).map((c) => `${c.name} ${c.bytes}${c.knownLeak ? ' known-leak' : ''}`),
        growth: r.slab.growth?.slice(0, 3).map((g) => `${g.name} ${g.deltaBytes}`) ?? null,
      };
    case 'slab-trace':
      return {
        ...base,
        caches: r.slabTrace.caches,
        stacks: r.slabTrace.stacks.map(
          (s) => `${s.op} ${s.cache} x${s.count} out=${s.outstanding} ${s.frames.slice(0, 4).join('<')}`,
        ),
        leakSuspect: r.slabTrace.leakSuspect?.frames.slice(0, 4) ?? null,
      };
    case 'meminfo':
      return { ...base, fields: r.meminfo.fields, unreclaimableShare: r.meminfo.unreclaimableShare ?? null };
    case 'kmem-info':
      return {
        ...base,
        fields: r.kmemInfo.fields,
        commitRatio: r.kmemInfo.commitRatio ?? null,
        ps: r.kmemInfo.ps?.slice(0, 3).map((p) => `${p.pid} ${p.comm} ${p.rss}`) ?? null,
      };
    default:
      return base;
  }
}
