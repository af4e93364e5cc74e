/** Slab, meminfo and kmem -i evidence. Owned by the slab parsers; first draft — extend, don't rename. */
export interface SlabCache {
  name: string;
  /** Bytes used by the cache's slabs. */
  bytes: number;
  objects?: number;
  activeObjects?: number;
  objectSize?: number;
  /** Slabs (SLUB: slabs of 2^order pages) as printed. */
  slabs?: number;
  objectsPerSlab?: number;
  pagesPerSlab?: number;
  /** Share of the snapshot's total slab bytes, 0..1. */
  share?: number;
  /** Known-leak note when the name is one of the caches in known-leaks.ts. */
  knownLeak?: string;
  /** 1-based input line. */
  line?: number;
}

export interface SlabCacheGrowth {
  name: string;
  beforeBytes: number;
  afterBytes: number;
  deltaBytes: number;
  beforeObjects?: number;
  afterObjects?: number;
}

export interface SlabDetails {
  source: 'slabtop' | 'slabinfo';
  caches: SlabCache[];
  /** SLAB or SLUB, when /proc/slabinfo's tunables tell (SLUB prints 0 0 0). */
  allocator?: 'SLAB' | 'SLUB' | null;
  /** Sum of the caches' bytes (slabtop: its `Active / Total Size` total when printed). */
  totalBytes: number;
  /** slabtop summary lines (`Active / Total Objects` …), when printed. */
  summary?: Record<string, { active: number; total: number }>;
  /** slabtop sort key, when the command line was pasted (`-s c`). */
  sortKey?: string | null;
  /** Caches listed in the snapshot only partly (`slabtop … | head`). */
  truncated?: boolean;
  /** Growth per cache when the paste holds a second snapshot of the same format. */
  growth?: SlabCacheGrowth[];
  /** Verdict sentences. */
  verdicts: string[];
}

export interface SlabTraceStack {
  /** Frames without offsets, allocator and debug frames removed, innermost first. */
  frames: string[];
  cache: string;
  op: 'alloc' | 'free';
  count: number;
  /** Objects allocated from this stack not freed later in the paste (alloc stacks only). */
  outstanding: number;
  /** First input line of an example. */
  line: number;
}

export interface SlabTraceCache {
  name: string;
  allocs: number;
  frees: number;
  /** TRACE records actually in the paste (allocs/frees may come from quoted grep counts instead). */
  tracedAllocs: number;
  tracedFrees: number;
  /** 'trace' when allocs/frees were counted from TRACE lines, 'grep-count' when a pasted `grep … | wc -l` gave them. */
  countSource: 'trace' | 'grep-count';
  /** allocs − frees. */
  outstanding: number;
}

export interface SlabTraceDetails {
  caches: SlabTraceCache[];
  stacks: SlabTraceStack[];
  /** The allocation stack with most objects never freed in the paste. */
  leakSuspect: SlabTraceStack | null;
  verdicts: string[];
}

export interface MeminfoDetails {
  /** kB values by /proc/meminfo key. */
  fields: Record<string, number>;
  /** SUnreclaim / MemTotal, when both are there. */
  unreclaimableShare?: number;
  /** Slab / MemTotal. */
  slabShare?: number;
  verdicts: string[];
}

export interface CrashPsTask {
  pid: number;
  ppid: number;
  cpu: number;
  task: string;
  state: string;
  memPercent: number;
  /** kB. */
  vsz: number;
  /** kB. */
  rss: number;
  comm: string;
  active: boolean;
  line: number;
}

export interface KmemInfoDetails {
  fields: Record<string, { pages: number; bytes: number; percent?: number }>;
  /** COMMITTED / COMMIT LIMIT, 0..n (3.73 for 373%). */
  commitRatio?: number;
  /** `crash> ps` rows, largest RSS first, when the paste has them. */
  ps?: CrashPsTask[];
  verdicts: string[];
}
