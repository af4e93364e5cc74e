/**
 * Rune state of the memory calculators (islands in src/components/islands/*Calculator.svelte,
 * EsrDecoder.svelte). Each class holds the reader's inputs as $state and derives the engine's
 * answer; the islands only bind inputs and render. All arithmetic lives in src/lib/mm.
 */
import { computeZoneWatermarks, defaultMinFreeKbytes, thpRecommendedMinFreeKbytes } from '~/lib/mm/watermarks.ts';
import { commitLimit, committedPercent, vmEnoughMemory, type OvercommitMode } from '~/lib/mm/overcommit.ts';
import { decodeSysrq, parseSysrqValue, SYSRQ_BITS, sysrqValueFor } from '~/lib/mm/sysrq.ts';
import { decodeEsr } from '~/lib/oops/details/arm64-esr.ts';
import { oomBadness } from '~/lib/mm/oom-badness.ts';
import { atLeast, DEFAULT_KERNEL, parseKernelVersion } from '~/lib/mm/kernel-version.ts';

/** Numeric text field → integer or null (empty / not a number). Accepts spaces and _ as separators. */
export function toInt(text: string | number | null | undefined): number | null {
  if (typeof text === 'number') return Number.isSafeInteger(text) ? text : null;
  const t = String(text ?? '')
    .slice(0, 32)
    .replace(/[\s_,]/g, '');
  if (!/^\d+$/.test(t)) return null;
  const n = Number(t);
  return Number.isSafeInteger(n) ? n : null;
}

export interface ZoneRow {
  name: string;
  /** managed, kB, as OOM reports print it. */
  managedKb: string;
  /** The report's printed min/low/high (kB), to compare against; optional. */
  printed?: { min?: number | undefined; low?: number | undefined; high?: number | undefined } | undefined;
  /** The zone's free kB (the report's `free:`), to place against its own marks; '' = unknown. */
  freeKb: string;
}

export interface WatermarkInit {
  minFreeKbytes?: number;
  watermarkScaleFactor?: number;
  kernel?: string;
  pageSizeKb?: number;
  zones?: { name: string; managedKb: number; min?: number; low?: number; high?: number; free?: number }[];
  freeKb?: number;
}

export class WatermarkCalc {
  minFreeKbytes = $state('67584');
  watermarkScaleFactor = $state('10');
  kernel = $state('5.10');
  pageSizeKb = $state('4');
  zones = $state<ZoneRow[]>([]);
  freeKb = $state('');

  constructor(init: WatermarkInit) {
    if (init.minFreeKbytes !== undefined) this.minFreeKbytes = String(init.minFreeKbytes);
    if (init.watermarkScaleFactor !== undefined) this.watermarkScaleFactor = String(init.watermarkScaleFactor);
    if (init.kernel) this.kernel = init.kernel;
    if (init.pageSizeKb) this.pageSizeKb = String(init.pageSizeKb);
    if (init.freeKb !== undefined) this.freeKb = String(init.freeKb);
    this.zones = (init.zones ?? [{ name: 'Normal', managedKb: 15868228 }]).map((z) => ({
      name: z.name,
      managedKb: String(z.managedKb),
      printed:
        z.min !== undefined || z.low !== undefined || z.high !== undefined
          ? { min: z.min, low: z.low, high: z.high }
          : undefined,
      freeKb: z.free === undefined ? '' : String(z.free),
    }));
  }

  page = $derived(toInt(this.pageSizeKb) ?? 0);

  result = $derived.by(() => {
    const page = this.page;
    const zones = this.zones.map((z) => {
      const kb = toInt(z.managedKb);
      return { name: z.name || '?', managedPages: kb === null || page <= 0 ? Number.NaN : Math.floor(kb / page) };
    });
    return computeZoneWatermarks({
      minFreeKbytes: toInt(this.minFreeKbytes) ?? -1,
      watermarkScaleFactor: toInt(this.watermarkScaleFactor) ?? 0,
      zones,
      pageSizeKb: page,
      kernel: this.kernel,
    });
  });

  /** Default min_free_kbytes for this much lowmem, and khugepaged's THP value for these zones. */
  defaults = $derived.by(() => {
    const r = this.result;
    if (!r.ok) return null;
    const lowmemKb = r.lowmemPages * r.pageSizeKb;
    return {
      sqrtDefault: defaultMinFreeKbytes(lowmemKb, this.kernel),
      thp: thpRecommendedMinFreeKbytes({
        populatedZones: r.zones.filter((z) => !z.highmem && z.managedPages > 0).length,
        pageSizeKb: r.pageSizeKb,
      }),
    };
  });

  free = $derived(toInt(this.freeKb));

  /** Where each zone's free memory sits against its own computed marks (null: no free given). */
  zoneStates = $derived.by(() =>
    this.result.zones.map((z, i) => {
      const f = toInt(this.zones[i]?.freeKb ?? '');
      if (f === null) return null;
      const state: 'below-min' | 'below-low' | 'below-high' | 'above-high' =
        f < z.minKb ? 'below-min' : f < z.lowKb ? 'below-low' : f < z.highKb ? 'below-high' : 'above-high';
      return { freeKb: f, state };
    }),
  );

  addZone(): void {
    this.zones.push({ name: 'Normal', managedKb: '0', freeKb: '' });
  }
  removeZone(i: number): void {
    if (this.zones.length > 1) this.zones.splice(i, 1);
  }
}

export interface OvercommitInit {
  memTotalKb?: number;
  swapTotalKb?: number;
  hugetlbKb?: number;
  overcommitRatio?: number;
  overcommitKbytes?: number;
  committedKb?: number;
  requestKb?: number;
  totalVmKb?: number;
  root?: boolean;
  kernel?: string;
  pageSizeKb?: number;
  mode?: OvercommitMode;
  /** Pre-5.2 mode-0 counters, kB. */
  memFreeKb?: number;
  fileKb?: number;
  shmemKb?: number;
  swapFreeKb?: number;
  sreclaimableKb?: number;
  totalReserveKb?: number;
}

export class OvercommitCalc {
  memTotalKb = $state('');
  swapTotalKb = $state('0');
  hugetlbKb = $state('0');
  overcommitRatio = $state('50');
  overcommitKbytes = $state('0');
  committedKb = $state('0');
  requestKb = $state('1048576');
  totalVmKb = $state('');
  root = $state(false);
  kernel = $state('5.10');
  pageSizeKb = $state('4');
  mode = $state<OvercommitMode>(0);
  memFreeKb = $state('0');
  fileKb = $state('0');
  shmemKb = $state('0');
  swapFreeKb = $state('0');
  sreclaimableKb = $state('0');
  totalReserveKb = $state('0');

  constructor(init: OvercommitInit) {
    const s = (n: number | undefined, d: string): string => (n === undefined ? d : String(n));
    this.memFreeKb = s(init.memFreeKb, '0');
    this.fileKb = s(init.fileKb, '0');
    this.shmemKb = s(init.shmemKb, '0');
    this.swapFreeKb = s(init.swapFreeKb, '0');
    this.sreclaimableKb = s(init.sreclaimableKb, '0');
    this.totalReserveKb = s(init.totalReserveKb, '0');
    this.memTotalKb = s(init.memTotalKb, '16777216');
    this.swapTotalKb = s(init.swapTotalKb, '0');
    this.hugetlbKb = s(init.hugetlbKb, '0');
    this.overcommitRatio = s(init.overcommitRatio, '50');
    this.overcommitKbytes = s(init.overcommitKbytes, '0');
    this.committedKb = s(init.committedKb, '0');
    this.requestKb = s(init.requestKb, '1048576');
    this.totalVmKb = s(init.totalVmKb, '');
    this.root = init.root ?? false;
    this.kernel = init.kernel ?? '5.10';
    this.pageSizeKb = s(init.pageSizeKb, '4');
    this.mode = init.mode ?? 0;
  }

  page = $derived(toInt(this.pageSizeKb) ?? 0);

  private pages(kbText: string): number {
    const kb = toInt(kbText);
    const page = this.page;
    return kb === null || page <= 0 ? Number.NaN : Math.floor(kb / page);
  }

  limitInput = $derived({
    totalRamPages: this.pages(this.memTotalKb),
    hugetlbPages: this.pages(this.hugetlbKb || '0'),
    totalSwapPages: this.pages(this.swapTotalKb || '0'),
    overcommitRatio: toInt(this.overcommitRatio) ?? Number.NaN,
    overcommitKbytes: toInt(this.overcommitKbytes || '0') ?? Number.NaN,
    pageSizeKb: this.page,
  });

  limit = $derived(commitLimit(this.limitInput));

  /** Mode 0 used the free-memory heuristic before 5.2. */
  oldGuess = $derived(!atLeast(parseKernelVersion(this.kernel) ?? DEFAULT_KERNEL, 5, 2));

  percent = $derived(this.limit.ok ? committedPercent(this.pages(this.committedKb || '0'), this.limit.pages) : null);

  /** The decision in every mode, so the reader sees what switching the sysctl would change. */
  decisions = $derived.by(() =>
    ([0, 1, 2] as const).map((mode) => {
      const totalVm = this.totalVmKb.trim() === '' ? undefined : this.pages(this.totalVmKb);
      return vmEnoughMemory({
        mode,
        requestPages: this.pages(this.requestKb),
        limit: this.limitInput,
        committedPages: this.pages(this.committedKb || '0'),
        capSysAdmin: this.root,
        ...(totalVm === undefined ? {} : { totalVmPages: totalVm }),
        ...(this.oldGuess
          ? {
              guess: {
                freePages: this.pages(this.memFreeKb || '0'),
                filePages: this.pages(this.fileKb || '0'),
                shmemPages: this.pages(this.shmemKb || '0'),
                freeSwapPages: this.pages(this.swapFreeKb || '0'),
                slabReclaimablePages: this.pages(this.sreclaimableKb || '0'),
                totalReservePages: this.pages(this.totalReserveKb || '0'),
              },
            }
          : {}),
        kernel: this.kernel,
      });
    }),
  );
}

export class SysrqCalc {
  text = $state('1');
  keys = $state('');

  constructor(value: number | string | undefined) {
    if (value !== undefined) this.text = String(value);
  }

  parsed = $derived(parseSysrqValue(this.text));
  decoded = $derived(this.parsed.ok ? decodeSysrq(this.parsed.value) : null);
  fromKeys = $derived(sysrqValueFor(Array.from(this.keys.slice(0, 64)).filter((c) => c.trim() !== '' && c !== ',')));

  /** Flip one function bit; from "1" (all) start at 0 so the bits mean what they show. */
  toggleBit(bitValue: number): void {
    const cur = this.parsed.ok ? this.parsed.value : 0;
    const base = cur === 1 ? 0 : cur;
    const next = base ^ bitValue;
    this.text = String(next);
  }

  setAll(): void {
    this.text = '1';
  }
  setNone(): void {
    this.text = '0';
  }
  useKeys(): void {
    this.text = String(this.fromKeys.value);
  }

  static readonly bits = SYSRQ_BITS;
}

export class EsrCalc {
  text = $state('0x96000005');
  constructor(value: string | undefined) {
    if (value) this.text = value;
  }
  decoded = $derived(this.text.trim() === '' ? null : decodeEsr(this.text.trim().slice(0, 40)));
}

export interface OomScoreInit {
  /** Resident pages (task dump `rss`). */
  rss?: number;
  /** Swap entries, pages (`swapents`). */
  swap?: number;
  /** Page-table bytes (`pgtables_bytes`), or (nr_ptes + nr_pmds) × page size on older dumps. */
  pgtablesBytes?: number;
  /** oom_score_adj, −1000..1000. */
  adj?: number;
  /** totalpages: RAM + swap pages for a global OOM, the memcg limit for a memcg OOM. */
  totalPages?: number;
  kernel?: string;
  capSysAdmin?: boolean;
  pageSize?: number;
}

export class OomScoreCalc {
  rss = $state('0');
  swap = $state('0');
  pgtablesBytes = $state('0');
  adj = $state('0');
  totalPages = $state('0');
  kernel = $state('5.10');
  capSysAdmin = $state(false);
  pageSize = $state('4096');

  constructor(init: OomScoreInit) {
    const s = (n: number | undefined, d: string): string => (n === undefined ? d : String(n));
    this.rss = s(init.rss, '0');
    this.swap = s(init.swap, '0');
    this.pgtablesBytes = s(init.pgtablesBytes, '0');
    this.adj = s(init.adj, '0');
    this.totalPages = s(init.totalPages, '4194304');
    this.kernel = init.kernel ?? '5.10';
    this.capSysAdmin = init.capSysAdmin ?? false;
    this.pageSize = s(init.pageSize, '4096');
  }

  /** oom_score_adj may be negative. */
  adjValue = $derived.by(() => {
    const t = this.adj.trim();
    return /^[-−]?\d{1,4}$/.test(t) ? Number(t.replace('−', '-')) : null;
  });

  result = $derived.by(() => {
    const rss = toInt(this.rss);
    const swap = toInt(this.swap || '0');
    const pg = toInt(this.pgtablesBytes || '0');
    const total = toInt(this.totalPages);
    const adj = this.adjValue;
    if (rss === null || swap === null || pg === null || total === null || adj === null) return null;
    return oomBadness({
      rssPages: rss,
      swapPages: swap,
      pgtableBytes: pg,
      oomScoreAdj: adj,
      totalPages: total,
      kernel: this.kernel,
      capSysAdmin: this.capSysAdmin,
      pageSize: toInt(this.pageSize) ?? 4096,
    });
  });
}
