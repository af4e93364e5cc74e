/**
 * OOM badness and /proc/<pid>/oom_score, as the kernel computed them at a given version.
 *
 * The formula changed several times; each branch below follows mm/oom_kill.c `oom_badness()` and
 * fs/proc/base.c `proc_oom_score()` of that range (read them on elixir.bootlin.com):
 *
 * - before 2.6.36: the old heuristic (total_vm of the task and its children, CPU time, run time,
 *   nice, oom_adj as a bit shift). A task dump does not print the inputs it needs, so we refuse to
 *   guess and return `points: null`.
 * - 2.6.36 – 3.9 (v2.6.36 mm/oom_kill.c): `points = (rss + nr_ptes + swapents) * 1000 / totalpages`,
 *   `points -= 30` for CAP_SYS_ADMIN, `points += oom_score_adj`, then clamped to 1..1000. The
 *   badness already is the 0–1000 oom_score.
 * - 3.10 – 3.13 (commit "mm, oom: normalize oom scores to oom_score_adj scale only for userspace
 *   output"): badness in pages, `rss + nr_ptes + swapents`; CAP_SYS_ADMIN gives `adj -= 30` before
 *   `adj *= totalpages / 1000`; `points += adj`; at least 1. oom_score = points * 1000 / totalpages.
 * - 3.14 – 4.16 ("mm, oom: base root bonus on current usage"): the root bonus becomes
 *   `points -= points * 3 / 100`. 4.0 adds nr_pmds; 4.15 replaces nr_ptes + nr_pmds by
 *   `mm_pgtables_bytes() / PAGE_SIZE` ("mm: consolidate page table accounting").
 * - 4.17 – 5.8 ("mm, oom: remove 3% bonus for CAP_SYS_ADMIN processes"): no bonus.
 * - 5.9 and later ("mm, oom: make the calculation of oom badness more accurate"): badness is a signed
 *   long, no clamp to 1; unkillable tasks return LONG_MIN; /proc shows
 *   `(1000 + badness * 1000 / totalpages) * 2 / 3` (so 0..1333, 666 for a task using nothing).
 *
 * Boundaries checked against the patches' dates: "base root bonus on current usage" (778c14affaf9) was
 * posted in January 2014 and merged for 3.14; "remove 3% bonus" was posted in March 2018 and merged with
 * akpm's batch for 4.17. Distribution kernels backport such changes (RHEL 7's 3.10 may carry the 3.14
 * rule), so for a vendor kernel the result is the upstream formula of its base version.
 *
 * oom_score_adj −1000 (OOM_SCORE_ADJ_MIN) always excludes the task (oom_score 0).
 * All divisions are C integer divisions (truncation toward zero), as the kernel does them.
 */

export interface OomBadnessInput {
  /** Resident pages (the task dump's `rss`, = anon + file + shmem). */
  rssPages: number;
  /** Swap entries (`swapents`), pages. */
  swapPages: number;
  /**
   * Page-table bytes (`pgtables_bytes` of 4.15+). For older dumps pass (nr_ptes + nr_pmds) × page size.
   */
  pgtableBytes: number;
  /** −1000..1000. */
  oomScoreAdj: number;
  /** RAM + swap pages for a global OOM, the memcg limit for a memcg OOM, the allowed nodes for cpuset/mempolicy. */
  totalPages: number;
  /** Kernel release (`uname -r`); unknown → the current formula. */
  kernel?: string;
  /** Whether the task held CAP_SYS_ADMIN (only matters 2.6.36 – 4.16). */
  capSysAdmin?: boolean;
  /** Page size in bytes (default 4096). */
  pageSize?: number;
}

export interface OomBadnessResult {
  /** Badness as oom_badness() returned it (pages from 3.10 on, 0–1000 before); null when not computable. */
  points: number | null;
  /** What /proc/<pid>/oom_score would show; null when not computable. */
  oomScore: number | null;
  /** oom_score_adj −1000: never selected. */
  excluded: boolean;
  /** Which kernel range's formula was applied. */
  formula: OomBadnessFormula;
  notes: string[];
}

export type OomBadnessFormula =
  | 'pre-2.6.36-heuristic'
  | '2.6.36-3.9-normalised'
  | '3.10-3.13-pages-admin-adj'
  | '3.14-4.16-pages-admin-3pct'
  | '4.17-5.8-pages'
  | '5.9+-signed';

export const OOM_SCORE_ADJ_MIN = -1000;
export const OOM_SCORE_ADJ_MAX = 1000;
const DEFAULT_PAGE_SIZE = 4096;

/** `5.10.0-60.18…` → [5, 10]; null when the string holds no version. */
let lastKernel: string | null = null;
let lastVersion: [number, number, number] | null = null;

export function kernelVersion(kernel: string | undefined | null): [number, number, number] | null {
  if (!kernel) return null;
  // Ranking a task table asks for the same release once per task.
  if (kernel === lastKernel) return lastVersion;
  lastKernel = kernel;
  lastVersion = parseKernelVersion(kernel);
  return lastVersion;
}

function parseKernelVersion(kernel: string): [number, number, number] | null {
  const m = /^(?:v|Linux version )?(\d{1,2})\.(\d{1,3})(?:\.(\d{1,4}))?/.exec(kernel.slice(0, 64).trim());
  if (!m) return null;
  return [Number(m[1]), Number(m[2]), m[3] !== undefined ? Number(m[3]) : 0];
}

function atLeast(v: [number, number, number], major: number, minor: number, patch = 0): boolean {
  if (v[0] !== major) return v[0] > major;
  if (v[1] !== minor) return v[1] > minor;
  return v[2] >= patch;
}

/** Which formula a kernel release used. */
export function badnessFormula(kernel: string | undefined | null): OomBadnessFormula {
  const v = kernelVersion(kernel);
  if (!v) return '5.9+-signed';
  if (!atLeast(v, 2, 6, 36)) return 'pre-2.6.36-heuristic';
  if (!atLeast(v, 3, 10)) return '2.6.36-3.9-normalised';
  if (!atLeast(v, 3, 14)) return '3.10-3.13-pages-admin-adj';
  if (!atLeast(v, 4, 17)) return '3.14-4.16-pages-admin-3pct';
  if (!atLeast(v, 5, 9)) return '4.17-5.8-pages';
  return '5.9+-signed';
}

/** C-style integer division (truncates toward zero). */
function cdiv(a: number, b: number): number {
  return Math.trunc(a / b);
}

function finite(n: number, fallback: number): number {
  return Number.isFinite(n) ? n : fallback;
}

/** Badness and oom_score of one task. Pure; never throws. */
export function oomBadness(input: OomBadnessInput): OomBadnessResult {
  const notes: string[] = [];
  const formula = badnessFormula(input.kernel);
  if (!input.kernel || !kernelVersion(input.kernel)) notes.push('Kernel version unknown: the 5.9+ formula was used.');
  const pageSize = input.pageSize && input.pageSize > 0 ? input.pageSize : DEFAULT_PAGE_SIZE;
  const rss = Math.max(0, finite(input.rssPages, 0));
  const swap = Math.max(0, finite(input.swapPages, 0));
  const pgtables = cdiv(Math.max(0, finite(input.pgtableBytes, 0)), pageSize);
  const adjRaw = Math.trunc(finite(input.oomScoreAdj, 0));
  const adj = Math.min(OOM_SCORE_ADJ_MAX, Math.max(OOM_SCORE_ADJ_MIN, adjRaw));
  if (adj !== adjRaw) notes.push(`oom_score_adj ${adjRaw} is outside −1000..1000; clamped to ${adj}.`);
  let totalPages = Math.trunc(finite(input.totalPages, 0));
  if (totalPages <= 0) {
    // oom_kill.c guards a memcg limit of 0 the same way.
    notes.push('totalpages was 0 or unknown; 1 was used, as the kernel does for a zero memcg limit.');
    totalPages = 1;
  }
  const excluded = adj === OOM_SCORE_ADJ_MIN;
  const base = rss + swap + pgtables;

  if (formula === 'pre-2.6.36-heuristic') {
    notes.push(
      'Before 2.6.36 badness() used total_vm including children, CPU and run time, nice and oom_adj; the task dump does not print those, so no score is computed.',
    );
    return { points: null, oomScore: null, excluded, formula, notes };
  }
  if (excluded) {
    notes.push('oom_score_adj is −1000 (OOM_SCORE_ADJ_MIN): the task is never selected.');
    return { points: formula === '5.9+-signed' ? null : 0, oomScore: 0, excluded, formula, notes };
  }

  if (formula === '2.6.36-3.9-normalised') {
    let points = cdiv(base * 1000, totalPages);
    if (input.capSysAdmin) points -= 30;
    points += adj;
    if (points <= 0) points = 1;
    if (points > 1000) points = 1000;
    return { points, oomScore: points, excluded, formula, notes };
  }

  if (formula === '5.9+-signed') {
    const points = base + adj * cdiv(totalPages, 1000);
    const oomScore = Math.max(0, cdiv((1000 + cdiv(points * 1000, totalPages)) * 2, 3));
    return { points, oomScore, excluded, formula, notes };
  }

  let points = base;
  let a = adj;
  if (input.capSysAdmin) {
    if (formula === '3.10-3.13-pages-admin-adj') a -= 30;
    else if (formula === '3.14-4.16-pages-admin-3pct') points -= cdiv(points * 3, 100);
  }
  points += a * cdiv(totalPages, 1000);
  if (points <= 0) points = 1;
  // proc_oom_score: unsigned long points * 1000 / totalpages.
  const oomScore = cdiv(points * 1000, totalPages);
  return { points, oomScore, excluded, formula, notes };
}
