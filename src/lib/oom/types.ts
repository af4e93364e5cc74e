/** Details of one OOM event. Owned by the OOM parser; first draft — extend, don't rename. */
export interface OomTaskScore {
  pid: number;
  comm: string;
  /** Recomputed badness (pages + scaled oom_score_adj), highest first in `ranking`. */
  points: number;
  /** The value /proc/<pid>/oom_score would show at that kernel version (0–1000; 0–2000 from 5.9 on, where 1000 is neutral). */
  oomScore?: number;
  /** Share of totalpages the task's pages amount to, 0..1 (before oom_score_adj). */
  share?: number;
}

/** One row of the OOM task dump, whatever the column layout of that kernel. */
export interface OomTask {
  pid: number;
  uid: number | null;
  tgid: number | null;
  /** Pages. */
  totalVm: number | null;
  /** Resident pages (anon + file + shmem). */
  rss: number | null;
  rssAnon: number | null;
  rssFile: number | null;
  rssShmem: number | null;
  /** Page-table pages (nr_ptes) of 3.x/4.x tables. */
  nrPtes: number | null;
  /** PMD pages (nr_pmds) of 4.1–4.14 tables. */
  nrPmds: number | null;
  /** Page-table bytes of 4.15+ tables. */
  pgtablesBytes: number | null;
  swapents: number | null;
  oomScoreAdj: number | null;
  /** Legacy oom_adj (−17..15) of 2.6.x tables. */
  oomAdj: number | null;
  comm: string;
  /** 1-based input line. */
  line: number;
}

export type OomScope = 'global' | 'memcg' | 'cpuset' | 'mempolicy' | 'sysrq' | 'unknown';

export interface GfpInfo {
  /** As printed, e.g. `0x100cca`. */
  mask: string;
  value: number | null;
  /** Flag names: the kernel's own symbolic print when present, else decoded from the number. */
  flags: string[];
  /** Where `flags` came from. */
  flagsSource: 'printed' | 'decoded' | 'unknown';
  /** Which bit table decoded the number (e.g. `gfp.h 4.4–4.9`), when decoded. */
  table?: string;
  /** DMA | DMA32 | Normal | HighMem | Movable: the highest zone the request may use. */
  zoneClass: string | null;
}

export interface OomAllocation {
  gfp: GfpInfo | null;
  /** −1 for a sysrq / memcg-less manual OOM (no allocation). */
  order: number | null;
  /** PAGE_SIZE << order, null for order −1. */
  bytes: number | null;
  nodemask?: string;
  oomScoreAdj?: number;
  oomAdj?: number;
}

export interface OomZoneBuddy {
  /** Free blocks per order (index = order). */
  counts: number[];
  /** Migrate types per order as printed, e.g. `UME`. */
  types: string[];
  totalKb: number | null;
}

export interface OomZone {
  node: number;
  name: string;
  /** kB. */
  free: number | null;
  min: number | null;
  low: number | null;
  high: number | null;
  managed: number | null;
  present: number | null;
  /** Every `key:NkB` on the zone line (kB), for the record. */
  fields: Record<string, number>;
  /** Pages held back from allocations that could be served by higher zones, indexed by classzone. */
  lowmemReserve: number[] | null;
  allUnreclaimable: boolean | null;
  buddy: OomZoneBuddy | null;
  line: number;
}

export interface OomNode {
  node: number;
  /** kB values of the per-node line. */
  fields: Record<string, number>;
  allUnreclaimable: boolean | null;
  line: number;
}

export interface OomMemcg {
  /** cgroup v1 or v2, when the printout tells. */
  version: 1 | 2 | null;
  /** The cgroup whose limit was hit. */
  path: string | null;
  /** The victim's cgroup. */
  taskPath: string | null;
  /** kB counters as printed: `memory`, `memory+swap`, `kmem`, `swap`. */
  counters: Record<string, { usage: number; limit: number; failcnt: number }>;
  /** `Memory cgroup stats for …` values (kB for v1, bytes for v2 keys as printed). */
  stats: Record<string, number>;
}

export interface OomKilled {
  pid: number;
  comm: string;
  /** kB. */
  totalVm: number | null;
  anonRss: number | null;
  fileRss: number | null;
  shmemRss: number | null;
  uid: number | null;
  pgtables: number | null;
  oomScoreAdj: number | null;
  line: number;
}

export interface OomZoneVerdict {
  node: number;
  zone: string;
  /** Pages. */
  free: number;
  watermark: number;
  /** Which watermark the allocator tested (`min` after kswapd was woken and the slow path ran). */
  watermarkName: 'min' | 'low' | 'high';
  reserve: number;
  /** free > watermark + reserve for order 0. */
  passesOrder0: boolean;
  /** Free pages in blocks of at least `order` (null when no buddy list was printed). */
  freeAtOrder: number | null;
  /** Would `__zone_watermark_ok()` have said yes for this order? null when unknown. */
  ok: boolean | null;
  reason: string;
}

export interface OomSummary {
  /** Memory accounting from Mem-Info (kB). */
  memory: Record<string, number>;
  /** Largest consumers by recomputed badness, with kB. */
  largest: { pid: number; comm: string; kb: number }[];
  /** kB the victim freed (anon + file + shmem at kill time). */
  freedKb: number | null;
  verdicts: string[];
}

export interface OomDetails {
  killed: { pid: number; comm: string } | null;
  trigger?: { pid?: number; comm: string; gfpMask?: string; order?: number };
  ranking: OomTaskScore[];

  scope: OomScope;
  /** `CONSTRAINT_NONE`, `CONSTRAINT_MEMCG`, … from the `oom-kill:` line, when printed. */
  constraint: string | null;
  /** `oom-kill:constraint=…` fields. */
  oomKillLine: Record<string, string> | null;
  allocation: OomAllocation | null;
  /** `Out of memory: Kill process N (x) score S or sacrifice child` — the task chosen, which may differ from the one killed. */
  selected: { pid: number; comm: string; score: number | null } | null;
  /** `Killed process …` — the task actually killed. */
  killedProcess: OomKilled | null;
  reaped: {
    pid: number;
    comm: string;
    anonRss: number | null;
    fileRss: number | null;
    shmemRss: number | null;
    line: number;
  } | null;
  memcg: OomMemcg | null;
  /** Mem-Info page counters. */
  memInfo: Record<string, number>;
  nodes: OomNode[];
  zones: OomZone[];
  hugepages: { node: number; total: number; free: number; surp: number; sizeKb: number }[];
  swap: { freeKb: number | null; totalKb: number | null; cachePages: number | null };
  pagecachePages: number | null;
  pagesRam: number | null;
  pagesReserved: number | null;
  pagesHighMem: number | null;
  tasks: OomTask[];
  /** Column names of the task table header, as printed. */
  taskColumns: string[];
  /** No task table printed (oom_dump_tasks=0 or truncated paste). */
  noTaskTable: boolean;
  unreclaimableSlab: { name: string; usedKb: number; totalKb: number }[];
  /** Panic text when the OOM ended in a panic (no killable processes, panic_on_oom). */
  panic: string | null;
  /** How the ranking was computed. */
  badness: {
    totalPages: number | null;
    totalPagesSource: string;
    formula: string;
    notes: string[];
  };
  /** Is the kernel's victim the top of the recomputed ranking? */
  victimCheck: { topPid: number | null; victimIsTop: boolean | null; reason: string | null };
  zoneVerdicts: OomZoneVerdict[];
  summary: OomSummary;
}
