/**
 * Overcommit accounting: the CommitLimit of /proc/meminfo and `crash> kmem -i`, and what each
 * `vm.overcommit_memory` mode does with a request for more address space.
 *
 * Follows, in mm/util.c (v4.19, v5.10; https://elixir.bootlin.com/linux/v5.10/A/ident/__vm_enough_memory):
 *   vm_commit_limit():
 *       allowed = overcommit_kbytes ? overcommit_kbytes >> (PAGE_SHIFT - 10)
 *                                   : (totalram_pages - hugetlb_total_pages) * overcommit_ratio / 100
 *       allowed += total_swap_pages
 *   __vm_enough_memory(mm, pages, cap_sys_admin), after vm_acct_memory(pages):
 *       mode 1 (OVERCOMMIT_ALWAYS): always yes.
 *       mode 0 (OVERCOMMIT_GUESS), v5.2 and later (commit 8c7829b04c52 "mm: fix false-positive
 *           OVERCOMMIT_GUESS failures"): no only if pages > totalram_pages + total_swap_pages.
 *       mode 0 before v5.2 (so at 4.19): free = NR_FREE_PAGES + NR_FILE_PAGES − NR_SHMEM
 *           + free swap + NR_SLAB_RECLAIMABLE (+ reclaimable kernel misc);
 *           no if free <= totalreserve_pages; free −= totalreserve_pages;
 *           free −= admin_reserve_kbytes (unless CAP_SYS_ADMIN); yes if free > pages.
 *       mode 2 (OVERCOMMIT_NEVER): allowed = vm_commit_limit()
 *           − admin_reserve_kbytes (unless CAP_SYS_ADMIN) − min(total_vm / 32, user_reserve_kbytes);
 *           yes if Committed_AS (already including the request) < allowed.
 *
 * Only mode 2 enforces CommitLimit. In modes 0 and 1, Committed_AS above CommitLimit (seed 001:
 * COMMITTED 373% of the limit) is normal and says nothing about the crash by itself.
 */
import { atLeast, DEFAULT_KERNEL, parseKernelVersion, type KernelVersion } from './kernel-version.ts';

/** Default vm.overcommit_ratio. */
export const DEFAULT_OVERCOMMIT_RATIO = 50;
/** Default vm.admin_reserve_kbytes: min(3% of free pages, 8 MiB) at boot; 8 MiB on any real machine. */
export const DEFAULT_ADMIN_RESERVE_KBYTES = 8192;
/** Default vm.user_reserve_kbytes: min(3% of free pages, 128 MiB). */
export const DEFAULT_USER_RESERVE_KBYTES = 131072;
const MAX_PAGES = 2 ** 44;

export type OvercommitMode = 0 | 1 | 2;

export interface CommitLimitInput {
  /** totalram_pages: MemTotal in pages (`kmem -i` TOTAL MEM). */
  totalRamPages: number;
  /** hugetlb_total_pages(): persistent huge pages × pages per huge page. */
  hugetlbPages?: number;
  /** total_swap_pages (SwapTotal in pages). */
  totalSwapPages?: number;
  overcommitRatio?: number;
  /** vm.overcommit_kbytes; when non-zero it replaces the ratio. */
  overcommitKbytes?: number;
  pageSizeKb?: number;
}

export interface CommitLimitResult {
  ok: boolean;
  error?: string;
  pages: number;
  kb: number;
  source: 'ratio' | 'kbytes';
  /** The RAM part before swap is added. */
  ramPartPages: number;
}

function nonNegInt(n: unknown, max = MAX_PAGES): n is number {
  return typeof n === 'number' && Number.isInteger(n) && n >= 0 && n <= max;
}

function shiftFor(pageSizeKb: number): number | null {
  const s = Math.log2(pageSizeKb);
  return Number.isInteger(s) && s >= 0 && s <= 10 ? s : null;
}

/** vm_commit_limit(). Never throws. */
export function commitLimit(input: CommitLimitInput): CommitLimitResult {
  const pageSizeKb = input.pageSizeKb ?? 4;
  const bad = (error: string): CommitLimitResult => ({
    ok: false,
    error,
    pages: 0,
    kb: 0,
    source: 'ratio',
    ramPartPages: 0,
  });
  const shift = shiftFor(pageSizeKb);
  if (shift === null) return bad('page size must be a power of two in KiB');
  const ram = input.totalRamPages;
  const huge = input.hugetlbPages ?? 0;
  const swap = input.totalSwapPages ?? 0;
  const ratio = input.overcommitRatio ?? DEFAULT_OVERCOMMIT_RATIO;
  const kbytes = input.overcommitKbytes ?? 0;
  if (!nonNegInt(ram) || !nonNegInt(huge) || !nonNegInt(swap)) return bad('page counts must be non-negative integers');
  if (!nonNegInt(ratio, 1e6)) return bad('overcommit_ratio must be a non-negative integer');
  if (!nonNegInt(kbytes, MAX_PAGES * 1024)) return bad('overcommit_kbytes must be a non-negative integer');
  let ramPart: number;
  let source: CommitLimitResult['source'];
  if (kbytes > 0) {
    ramPart = Math.floor(kbytes / 2 ** shift);
    source = 'kbytes';
  } else {
    // unsigned long arithmetic: a hugetlb pool larger than RAM would wrap; treat as zero.
    ramPart = Math.floor((Math.max(ram - huge, 0) * ratio) / 100);
    source = 'ratio';
  }
  const pages = ramPart + swap;
  return { ok: true, pages, kb: pages * pageSizeKb, source, ramPartPages: ramPart };
}

/** COMMITTED as a percentage of the limit, as `crash> kmem -i` prints it (integer, truncated). */
export function committedPercent(committedPages: number, limitPages: number): number | null {
  if (!Number.isFinite(committedPages) || !Number.isFinite(limitPages) || limitPages <= 0) return null;
  return Math.floor((committedPages * 100) / limitPages);
}

/** The counters mode 0 looked at before v5.2 (pages). Unknown ones count as 0. */
export interface GuessCounters {
  freePages?: number;
  filePages?: number;
  shmemPages?: number;
  freeSwapPages?: number;
  slabReclaimablePages?: number;
  /** NR_INDIRECTLY_RECLAIMABLE_BYTES / NR_KERNEL_MISC_RECLAIMABLE, in pages. */
  kernelMiscReclaimablePages?: number;
  totalReservePages?: number;
}

export interface OvercommitRequest {
  mode: OvercommitMode;
  /** Size of the request in pages (mmap/brk length / page size). */
  requestPages: number;
  limit: CommitLimitInput;
  /** Committed_AS before the request, pages. */
  committedPages?: number;
  /** The caller has CAP_SYS_ADMIN (root): the admin reserve is not subtracted. */
  capSysAdmin?: boolean;
  /** The requesting mm's total_vm in pages (its VmSize); omitted = no mm (kernel-internal). */
  totalVmPages?: number;
  adminReserveKbytes?: number;
  userReserveKbytes?: number;
  /** Pre-5.2 mode 0 only. */
  guess?: GuessCounters;
  kernel?: string;
}

export interface OvercommitDecision {
  ok: boolean;
  error?: string;
  allowed: boolean;
  mode: OvercommitMode;
  kernel: KernelVersion;
  /** Which rule decided: 'always', 'guess-total', 'guess-free', 'never'. */
  rule: 'always' | 'guess-total' | 'guess-free' | 'never' | 'invalid';
  /** The quantity the request (or Committed_AS) was compared against, pages. */
  thresholdPages: number | null;
  /** The left-hand side of the comparison (request, or Committed_AS + request), pages. */
  comparedPages: number | null;
  commitLimitPages: number;
  /** The terms, in order, so a UI can show the sum. */
  terms: { label: string; pages: number }[];
}

/** __vm_enough_memory() for one request. Never throws. */
export function vmEnoughMemory(req: OvercommitRequest): OvercommitDecision {
  const kernel = parseKernelVersion(req.kernel) ?? DEFAULT_KERNEL;
  const pageSizeKb = req.limit?.pageSizeKb ?? 4;
  const shift = shiftFor(pageSizeKb) ?? 2;
  const limit = commitLimit(req.limit ?? { totalRamPages: -1 });
  const invalid = (error: string): OvercommitDecision => ({
    ok: false,
    error,
    allowed: false,
    mode: req.mode,
    kernel,
    rule: 'invalid',
    thresholdPages: null,
    comparedPages: null,
    commitLimitPages: limit.pages,
    terms: [],
  });
  if (!limit.ok) return invalid(limit.error ?? 'bad limit');
  if (req.mode !== 0 && req.mode !== 1 && req.mode !== 2) return invalid('mode must be 0, 1 or 2');
  if (!nonNegInt(req.requestPages)) return invalid('request must be a non-negative number of pages');
  const pages = req.requestPages;
  const base = { ok: true, mode: req.mode, kernel, commitLimitPages: limit.pages };
  const adminReserve = Math.floor((req.adminReserveKbytes ?? DEFAULT_ADMIN_RESERVE_KBYTES) / 2 ** shift);
  const userReserve = Math.floor((req.userReserveKbytes ?? DEFAULT_USER_RESERVE_KBYTES) / 2 ** shift);

  if (req.mode === 1) {
    return { ...base, allowed: true, rule: 'always', thresholdPages: null, comparedPages: pages, terms: [] };
  }

  if (req.mode === 0) {
    const ram = req.limit.totalRamPages;
    const swap = req.limit.totalSwapPages ?? 0;
    if (atLeast(kernel, 5, 2) || !req.guess) {
      const threshold = ram + swap;
      return {
        ...base,
        allowed: !(pages > threshold),
        rule: 'guess-total',
        thresholdPages: threshold,
        comparedPages: pages,
        terms: [
          { label: 'totalram_pages', pages: ram },
          { label: 'total_swap_pages', pages: swap },
        ],
      };
    }
    const g = req.guess;
    const v = (n: number | undefined): number => (nonNegInt(n) ? n : 0);
    const terms = [
      { label: 'NR_FREE_PAGES', pages: v(g.freePages) },
      { label: 'NR_FILE_PAGES', pages: v(g.filePages) },
      { label: '− NR_SHMEM', pages: -v(g.shmemPages) },
      { label: 'free swap', pages: v(g.freeSwapPages) },
      { label: 'NR_SLAB_RECLAIMABLE', pages: v(g.slabReclaimablePages) },
      { label: 'reclaimable kernel misc', pages: v(g.kernelMiscReclaimablePages) },
    ];
    let free = terms.reduce((s, t) => s + t.pages, 0);
    const reserve = v(g.totalReservePages);
    if (free <= reserve) {
      return {
        ...base,
        allowed: false,
        rule: 'guess-free',
        thresholdPages: free - reserve,
        comparedPages: pages,
        terms: [...terms, { label: '− totalreserve_pages', pages: -reserve }],
      };
    }
    free -= reserve;
    terms.push({ label: '− totalreserve_pages', pages: -reserve });
    if (!req.capSysAdmin) {
      free -= adminReserve;
      terms.push({ label: '− admin_reserve_kbytes', pages: -adminReserve });
    }
    return { ...base, allowed: free > pages, rule: 'guess-free', thresholdPages: free, comparedPages: pages, terms };
  }

  // mode 2
  const terms = [{ label: 'CommitLimit', pages: limit.pages }];
  let allowed = limit.pages;
  if (!req.capSysAdmin) {
    allowed -= adminReserve;
    terms.push({ label: '− admin_reserve_kbytes', pages: -adminReserve });
  }
  if (req.totalVmPages !== undefined && nonNegInt(req.totalVmPages)) {
    const cut = Math.min(Math.floor(req.totalVmPages / 32), userReserve);
    allowed -= cut;
    terms.push({ label: '− min(total_vm/32, user_reserve_kbytes)', pages: -cut });
  }
  const committed = nonNegInt(req.committedPages) ? req.committedPages : 0;
  const after = committed + pages;
  return {
    ...base,
    allowed: after < allowed,
    rule: 'never',
    thresholdPages: allowed,
    comparedPages: after,
    terms,
  };
}
