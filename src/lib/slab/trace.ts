/**
 * slub_debug TRACE records (mm/slub.c trace()):
 *
 *   TRACE <cache> alloc|free 0x<object> inuse=<n> fp=0x<freepointer>
 *   [Object …: hex dump, for frees]
 *   CPU: … / Hardware name: … / Call trace: + frames (dump_stack())
 *
 * Allocations and frees are counted per cache and per distinct call stack (frames without offsets,
 * the dump_stack/slub debug frames dropped). An object is matched between its alloc and free by its
 * printed address (hashed %p values are stable within one boot), so each allocation stack gets the
 * number of its objects that the paste never shows freed.
 */
import type { LogLine } from '../text/types.ts';
import type { SlabTraceCache, SlabTraceStack } from './types.ts';

const TRACE_RE = /^TRACE (\S{1,128}) (alloc|free) (0x[0-9a-fA-F ]{1,32}?)(?: inuse=(\d{1,9}))?(?: fp=|$)/;
const FRAME_RE = /^(?:\? )?([A-Za-z_.$][\w.$]{0,127})\+0x[0-9a-fA-F]{1,16}\/0x[0-9a-fA-F]{1,16}/;
/** Frames that only say "slub debug printed this": dropped from the stack key. */
const NOISE_FRAMES = new Set([
  'dump_backtrace',
  'show_stack',
  'dump_stack',
  'dump_stack_lvl',
  '__dump_stack',
  'alloc_debug_processing',
  'free_debug_processing',
  'trace',
  '___slab_alloc',
  '__slab_alloc',
  '__slab_free',
  'slab_alloc',
  'slab_alloc_node',
  'slab_free',
  'kmem_cache_alloc',
  'kmem_cache_alloc_node',
  'kmem_cache_alloc_trace',
  'kmem_cache_alloc_lru',
  'kmem_cache_free',
  '__kmalloc',
  '__kmalloc_node',
  'kmalloc_trace',
  'kfree',
]);
/** How many frames after a TRACE line are read at most. */
const MAX_STACK = 64;
/** How many lines between the TRACE line and its `Call trace:` are tolerated (hex dump, CPU line). */
const MAX_GAP = 24;

/** `grep "kernfs_node_cache alloc" kern.log | wc -l` followed by a count. */
const GREP_COUNT_RE = /^(?:\$ |# )?grep\s.{0,40}?["']?(\S{1,128}) (alloc|free)["']?\s.{0,200}\|\s*wc -l\s*$/;

function baseName(frame: string): string {
  // `___slab_alloc.constprop.34` → `___slab_alloc`; `oom_kill_process.cold` → `oom_kill_process`
  const dot = frame.indexOf('.');
  return dot > 0 ? frame.slice(0, dot) : frame;
}

export interface TraceResult {
  caches: SlabTraceCache[];
  stacks: SlabTraceStack[];
  startLine: number;
  endLine: number;
  records: number;
}

interface OpenRecord {
  cache: string;
  op: 'alloc' | 'free';
  object: string;
  frames: string[];
  line: number;
  sawCallTrace: boolean;
  gap: number;
}

export function parseSlubTrace(lines: LogLine[]): TraceResult | null {
  const cacheStats = new Map<
    string,
    { allocs: number; frees: number; grepAllocs: number | null; grepFrees: number | null }
  >();
  const stacks = new Map<string, SlabTraceStack>();
  /** object address → stack key of its live allocation */
  const live = new Map<string, string>();
  let open: OpenRecord | null = null;
  let startLine = 0;
  let endLine = 0;
  let records = 0;
  let pendingGrep: { cache: string; op: 'alloc' | 'free' } | null = null;

  const stat = (
    cache: string,
  ): { allocs: number; frees: number; grepAllocs: number | null; grepFrees: number | null } => {
    let s = cacheStats.get(cache);
    if (!s) {
      s = { allocs: 0, frees: 0, grepAllocs: null, grepFrees: null };
      cacheStats.set(cache, s);
    }
    return s;
  };

  const finish = (): void => {
    if (!open) return;
    const rec = open;
    open = null;
    const key = `${rec.op}|${rec.cache}|${rec.frames.join('<')}`;
    let st = stacks.get(key);
    if (!st) {
      st = { frames: rec.frames, cache: rec.cache, op: rec.op, count: 0, outstanding: 0, line: rec.line };
      stacks.set(key, st);
    }
    st.count++;
    const objKey = `${rec.cache}@${rec.object}`;
    if (rec.op === 'alloc') {
      st.outstanding++;
      live.set(objKey, key);
    } else {
      const allocKey = live.get(objKey);
      if (allocKey !== undefined) {
        const a = stacks.get(allocKey);
        if (a && a.outstanding > 0) a.outstanding--;
        live.delete(objKey);
      }
    }
  };

  for (const line of lines) {
    const text = line.text.length > 1024 ? line.text.slice(0, 1024) : line.text;
    if (pendingGrep) {
      const n = /^\s*(\d{1,12})\s*$/.exec(text);
      if (n?.[1]) {
        const s = stat(pendingGrep.cache);
        if (pendingGrep.op === 'alloc') s.grepAllocs = Number(n[1]);
        else s.grepFrees = Number(n[1]);
        endLine = Math.max(endLine, line.no);
        if (!startLine) startLine = line.no;
      }
      if (text.trim() !== '') pendingGrep = null;
      if (n) continue;
    }
    if (text.startsWith('TRACE ')) {
      const m = TRACE_RE.exec(text);
      if (m?.[1] && m[2] && m[3]) {
        finish();
        const op = m[2] === 'alloc' ? 'alloc' : 'free';
        open = {
          cache: m[1],
          op,
          object: m[3].replace(/\s+/g, ''),
          frames: [],
          line: line.no,
          sawCallTrace: false,
          gap: 0,
        };
        const s = stat(m[1]);
        if (op === 'alloc') s.allocs++;
        else s.frees++;
        records++;
        if (!startLine) startLine = line.no;
        endLine = line.no;
        continue;
      }
    }
    if (text.trimEnd().endsWith('wc -l') && text.includes('grep')) {
      const g = GREP_COUNT_RE.exec(text.trim());
      if (g?.[1] && g[2]) {
        finish();
        pendingGrep = { cache: g[1], op: g[2] === 'alloc' ? 'alloc' : 'free' };
        continue;
      }
    }
    if (!open) continue;
    const rec: OpenRecord = open;
    if (text.startsWith('Call trace:') || text.startsWith('Call Trace:')) {
      rec.sawCallTrace = true;
      endLine = line.no;
      continue;
    }
    const f = FRAME_RE.exec(text.trim());
    if (f?.[1]) {
      if (!rec.sawCallTrace && rec.frames.length === 0 && rec.gap > MAX_GAP) {
        finish();
        continue;
      }
      const name = baseName(f[1]);
      if (!text.trim().startsWith('?') && !NOISE_FRAMES.has(name) && rec.frames.length < MAX_STACK)
        rec.frames.push(name);
      endLine = line.no;
      continue;
    }
    if (rec.sawCallTrace && rec.frames.length > 0) {
      finish();
      continue;
    }
    if (++rec.gap > MAX_GAP) finish();
  }
  finish();
  if (records === 0 && [...cacheStats.values()].every((s) => s.grepAllocs === null && s.grepFrees === null))
    return null;

  const caches: SlabTraceCache[] = [];
  for (const [name, s] of cacheStats) {
    const useGrep = s.grepAllocs !== null || s.grepFrees !== null;
    const allocs = useGrep ? Math.max(s.grepAllocs ?? 0, s.allocs) : s.allocs;
    const frees = useGrep ? Math.max(s.grepFrees ?? 0, s.frees) : s.frees;
    caches.push({
      name,
      allocs,
      frees,
      tracedAllocs: s.allocs,
      tracedFrees: s.frees,
      countSource: useGrep ? 'grep-count' : 'trace',
      outstanding: allocs - frees,
    });
  }
  caches.sort((a, b) => b.outstanding - a.outstanding || b.allocs - a.allocs);
  const stackList = [...stacks.values()].sort((a, b) => b.outstanding - a.outstanding || b.count - a.count);
  return { caches, stacks: stackList, startLine, endLine, records };
}
