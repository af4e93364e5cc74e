/** Rows for the slab views: growth between two snapshots, TRACE allocation stacks. Pure. */
import type { SlabReport, SlabTraceReport } from '../lib/types.ts';

export interface GrowthRow {
  name: string;
  before: number;
  after: number;
}
export interface StackRow {
  cache: string;
  op: 'alloc' | 'free';
  frames: string[];
  count: number;
  outstanding: number;
  line: number;
}

const GROWTH_ROWS = 15;
const STACK_ROWS = 30;

export function slabGrowth(r: SlabReport): GrowthRow[] {
  return [...(r.slab.growth ?? [])]
    .sort((a, b) => Math.abs(b.deltaBytes) - Math.abs(a.deltaBytes))
    .slice(0, GROWTH_ROWS)
    .map((g) => ({ name: g.name, before: g.beforeBytes, after: g.afterBytes }));
}

/** Allocation stacks with most objects outstanding first, then frees. */
export function traceStacks(r: SlabTraceReport): StackRow[] {
  return [...r.slabTrace.stacks]
    .sort((a, b) => (a.op === b.op ? b.outstanding - a.outstanding || b.count - a.count : a.op === 'alloc' ? -1 : 1))
    .slice(0, STACK_ROWS)
    .map((s) => ({
      cache: s.cache,
      op: s.op,
      frames: s.frames,
      count: s.count,
      outstanding: s.outstanding,
      line: s.line,
    }));
}
