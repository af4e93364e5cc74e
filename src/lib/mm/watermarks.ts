/**
 * Zone watermarks (min / low / high) as the kernel derives them from `vm.min_free_kbytes`,
 * `vm.watermark_scale_factor` and each zone's managed pages.
 *
 * Follows `__setup_per_zone_wmarks()` in mm/page_alloc.c:
 *   - v4.6 … v5.x (incl. v4.19 and v5.10), https://elixir.bootlin.com/linux/v5.10/A/ident/__setup_per_zone_wmarks
 *       pages_min = min_free_kbytes >> (PAGE_SHIFT - 10)
 *       lowmem    = Σ managed pages of every zone that is not highmem
 *       share     = pages_min * managed / lowmem              (u64, do_div: floor)
 *       min       = share            (highmem: clamp(managed / 1024, SWAP_CLUSTER_MAX, 128))
 *       gap       = max(share >> 2, mult_frac(managed, watermark_scale_factor, 10000))
 *       low       = min + gap
 *       high      = min + 2 * gap
 *   - before v4.6 (no watermark_scale_factor, commit 795ae7a0de6b "mm: scale kswapd watermarks
 *     in proportion to memory"): low = min + share/4, high = min + share/2.
 *   - v5.0 added `watermark_boost` (commit 1c30844d2dfe): a temporary raise of the watermarks
 *     after fragmentation events; reports from 5.0 on print the boosted values, which this
 *     function cannot know. It computes the resting (unboosted) marks.
 *   - v5.18 added WMARK_PROMO = min + 3 * gap (memory tiering); shown as `promo` from 5.18.
 *
 * The rule of thumb "low = 1.25 × min, high = 1.5 × low" (seed 001) is wrong twice: the old
 * kernel rule was high = 1.5 × **min** (= min + min/2), and since 4.6 the gap is the larger of
 * min/4 and managed × watermark_scale_factor / 10000, so high = min + 2 × gap.
 * It also ignores that `min_free_kbytes` is split between zones in proportion to their
 * managed pages: no single zone's min equals min_free_kbytes.
 *
 * Also here: the default `min_free_kbytes` (`init_per_zone_wmark_min()`) and the value
 * khugepaged raises it to when transparent hugepages are enabled
 * (`set_recommended_min_free_kbytes()` in mm/khugepaged.c).
 */
import { atLeast, DEFAULT_KERNEL, parseKernelVersion, type KernelVersion } from './kernel-version.ts';

/** SWAP_CLUSTER_MAX (include/linux/swap.h): the floor of a highmem zone's min. */
const SWAP_CLUSTER_MAX = 32;
/** Ceiling of a highmem zone's min, in pages (`__setup_per_zone_wmarks`). */
const HIGHMEM_MIN_CAP = 128;
/** watermark_scale_factor is in units of 1/10000 of the zone. */
const SCALE_FACTOR_DIVISOR = 10000;
/** Default vm.watermark_scale_factor (0.1% of the zone). */
export const DEFAULT_WATERMARK_SCALE_FACTOR = 10;
/** Upper bound we accept: the sysctl allowed 1..1000 at 4.19/5.10, later kernels allow up to 3000. */
const MAX_SCALE_FACTOR = 3000;
/** Upper bound on any page count we accept: keeps products exact in BigInt and the UI sane. */
const MAX_PAGES = 2 ** 40;

export interface ZoneInput {
  /** Zone name as printed (DMA, DMA32, Normal, HighMem, Movable). */
  name: string;
  /** `managed` pages of the zone (OOM reports print it in kB: divide by the page size). */
  managedPages: number;
  /** True for ZONE_HIGHMEM (32-bit kernels). Defaults from the name. */
  highmem?: boolean;
}

export interface WatermarkInput {
  minFreeKbytes: number;
  watermarkScaleFactor?: number;
  zones: ZoneInput[];
  /** Page size in KiB (4 on x86_64, 4/16/64 on arm64). Default 4. */
  pageSizeKb?: number;
  /** Kernel release string; default 5.10. */
  kernel?: string;
}

export interface ZoneWatermarks {
  name: string;
  managedPages: number;
  highmem: boolean;
  /** This zone's proportional share of min_free_kbytes, in pages. */
  sharePages: number;
  minPages: number;
  lowPages: number;
  highPages: number;
  /** WMARK_PROMO (5.18+), else null. */
  promoPages: number | null;
  /** low − min. */
  gapPages: number;
  /** Which term won the max() that sets the gap. */
  gapSource: 'min/4' | 'scale-factor' | 'pre-4.6';
  minKb: number;
  lowKb: number;
  highKb: number;
  /** The seed's rule of thumb applied to this zone's min, for comparison. */
  ruleOfThumb: { lowKb: number; highKb: number };
}

export interface WatermarkResult {
  ok: boolean;
  /** Why the input could not be computed (ok = false). */
  error?: string;
  kernel: KernelVersion;
  pageSizeKb: number;
  pagesMin: number;
  lowmemPages: number;
  watermarkScaleFactor: number;
  zones: ZoneWatermarks[];
  totals: { minKb: number; lowKb: number; highKb: number };
  /** Version-specific remarks (boost, promo, pre-4.6 rule). */
  notes: string[];
}

function isNonNegInt(n: unknown, max = MAX_PAGES): n is number {
  return typeof n === 'number' && Number.isInteger(n) && n >= 0 && n <= max;
}

function isHighmemName(name: string): boolean {
  return /^high\s*mem$/i.test(name.trim());
}

function log2PageShift10(pageSizeKb: number): number | null {
  // PAGE_SHIFT - 10: 4 KiB → 2, 16 KiB → 4, 64 KiB → 6.
  const s = Math.log2(pageSizeKb);
  return Number.isInteger(s) && s >= 0 && s <= 10 ? s : null;
}

function emptyResult(kernel: KernelVersion, pageSizeKb: number, wsf: number, error: string): WatermarkResult {
  return {
    ok: false,
    error,
    kernel,
    pageSizeKb,
    pagesMin: 0,
    lowmemPages: 0,
    watermarkScaleFactor: wsf,
    zones: [],
    totals: { minKb: 0, lowKb: 0, highKb: 0 },
    notes: [],
  };
}

/** `__setup_per_zone_wmarks()` for the given inputs. Never throws; bad input gives ok = false. */
export function computeZoneWatermarks(input: WatermarkInput): WatermarkResult {
  const kernel = parseKernelVersion(input.kernel) ?? DEFAULT_KERNEL;
  const pageSizeKb = input.pageSizeKb ?? 4;
  const wsf = input.watermarkScaleFactor ?? DEFAULT_WATERMARK_SCALE_FACTOR;
  const shift = log2PageShift10(pageSizeKb);
  if (shift === null) return emptyResult(kernel, pageSizeKb, wsf, 'page size must be a power of two in KiB');
  if (!isNonNegInt(input.minFreeKbytes, 2 ** 31 - 1))
    return emptyResult(kernel, pageSizeKb, wsf, 'min_free_kbytes must be a non-negative integer');
  if (!isNonNegInt(wsf, MAX_SCALE_FACTOR) || wsf < 1)
    return emptyResult(kernel, pageSizeKb, wsf, `watermark_scale_factor must be 1..${MAX_SCALE_FACTOR}`);
  const zonesIn = Array.isArray(input.zones) ? input.zones : [];
  if (zonesIn.length === 0) return emptyResult(kernel, pageSizeKb, wsf, 'at least one zone is needed');
  for (const z of zonesIn) {
    if (!z || !isNonNegInt(z.managedPages))
      return emptyResult(kernel, pageSizeKb, wsf, 'managed pages must be non-negative integers');
  }

  const hasScaleFactor = atLeast(kernel, 4, 6);
  const hasPromo = atLeast(kernel, 5, 18);
  const pagesMin = Math.floor(input.minFreeKbytes / 2 ** shift);
  let lowmem = 0;
  for (const z of zonesIn) if (!(z.highmem ?? isHighmemName(z.name))) lowmem += z.managedPages;

  const zones: ZoneWatermarks[] = [];
  const totals = { minKb: 0, lowKb: 0, highKb: 0 };
  for (const z of zonesIn) {
    const highmem = z.highmem ?? isHighmemName(z.name);
    // u64 tmp = pages_min * managed; do_div(tmp, lowmem_pages): exact in BigInt.
    const share = lowmem > 0 ? Number((BigInt(pagesMin) * BigInt(z.managedPages)) / BigInt(lowmem)) : 0;
    const min = highmem
      ? Math.min(Math.max(Math.floor(z.managedPages / 1024), SWAP_CLUSTER_MAX), HIGHMEM_MIN_CAP)
      : share;
    let gap: number;
    let low: number;
    let high: number;
    let gapSource: ZoneWatermarks['gapSource'];
    if (hasScaleFactor) {
      const quarter = Math.floor(share / 4);
      // mult_frac(x, n, d) == floor(x * n / d) for non-negative integers.
      const scaled = Number((BigInt(z.managedPages) * BigInt(wsf)) / BigInt(SCALE_FACTOR_DIVISOR));
      gap = Math.max(quarter, scaled);
      gapSource = scaled > quarter ? 'scale-factor' : 'min/4';
      low = min + gap;
      high = min + 2 * gap;
    } else {
      gap = Math.floor(share / 4);
      gapSource = 'pre-4.6';
      low = min + gap;
      high = min + Math.floor(share / 2);
    }
    const minKb = min * pageSizeKb;
    zones.push({
      name: z.name,
      managedPages: z.managedPages,
      highmem,
      sharePages: share,
      minPages: min,
      lowPages: low,
      highPages: high,
      promoPages: hasPromo ? min + 3 * gap : null,
      gapPages: gap,
      gapSource,
      minKb,
      lowKb: low * pageSizeKb,
      highKb: high * pageSizeKb,
      ruleOfThumb: { lowKb: minKb * 1.25, highKb: minKb * 1.25 * 1.5 },
    });
    totals.minKb += minKb;
    totals.lowKb += low * pageSizeKb;
    totals.highKb += high * pageSizeKb;
  }

  const notes: string[] = [];
  if (!hasScaleFactor) notes.push('pre-4.6: low = min + min/4, high = min + min/2 (no watermark_scale_factor)');
  if (atLeast(kernel, 5, 0))
    notes.push(
      '5.0+: watermark_boost may raise these marks temporarily after fragmentation; reports print the boosted values',
    );
  if (hasPromo) notes.push('5.18+: WMARK_PROMO = min + 3 × gap (memory tiering)');
  return {
    ok: true,
    kernel,
    pageSizeKb,
    pagesMin,
    lowmemPages: lowmem,
    watermarkScaleFactor: wsf,
    zones,
    totals,
    notes,
  };
}

/** Integer square root, floor(sqrt(n)), as the kernel's int_sqrt(). */
export function intSqrt(n: number): number {
  if (!Number.isFinite(n) || n <= 0) return 0;
  let r = Math.floor(Math.sqrt(n));
  while (r * r > n) r--;
  while ((r + 1) * (r + 1) <= n) r++;
  return r;
}

/**
 * The boot-time default of `min_free_kbytes`: `init_per_zone_wmark_min()` in mm/page_alloc.c
 * (https://elixir.bootlin.com/linux/v5.10/A/ident/init_per_zone_wmark_min):
 * int_sqrt(lowmem_kbytes * 16), clamped to 128 … 65536 kB, an upper bound raised to 262144 kB
 * in v5.7 ("mm/page_alloc: increase default min_free_kbytes bound").
 * `lowmemKbytes` is nr_free_buffer_pages() × page size: the managed pages above the high
 * watermark of the zones GFP_USER can use, roughly MemTotal.
 */
export function defaultMinFreeKbytes(lowmemKbytes: number, kernel?: string): number {
  const v = parseKernelVersion(kernel) ?? DEFAULT_KERNEL;
  const cap = atLeast(v, 5, 7) ? 262144 : 65536;
  if (!Number.isFinite(lowmemKbytes) || lowmemKbytes < 0) return 128;
  return Math.min(Math.max(intSqrt(Math.floor(lowmemKbytes) * 16), 128), cap);
}

/** MIGRATE_PCPTYPES at 4.x–6.x (unmovable, movable, reclaimable). */
const MIGRATE_PCPTYPES = 3;

export interface ThpMinFreeInput {
  /** Populated zones up to ZONE_NORMAL, over all nodes (for_each_populated_zone). */
  populatedZones: number;
  /** Pages per pageblock: 512 with 4 KiB pages and 2 MiB huge pages. */
  pageblockPages?: number;
  /** nr_free_buffer_pages(); when given, the 5%-of-lowmem cap applies. */
  freeBufferPages?: number;
  pageSizeKb?: number;
}

/**
 * The value khugepaged raises `min_free_kbytes` to when THP is enabled:
 * `set_recommended_min_free_kbytes()` in mm/khugepaged.c
 * (https://elixir.bootlin.com/linux/v5.10/A/ident/set_recommended_min_free_kbytes):
 * pageblock × zones × 2 (two free pageblocks) + pageblock × zones × MIGRATE_PCPTYPES²,
 * capped at 5% of lowmem. 4 KiB pages, 3 zones: 512 × 3 × 11 pages = 67584 kB.
 */
export function thpRecommendedMinFreeKbytes(input: ThpMinFreeInput): number {
  const pb = input.pageblockPages ?? 512;
  const pageSizeKb = input.pageSizeKb ?? 4;
  const zones = input.populatedZones;
  if (!isNonNegInt(zones, 1024) || !isNonNegInt(pb, 2 ** 20)) return 0;
  let pages = pb * zones * 2 + pb * zones * MIGRATE_PCPTYPES * MIGRATE_PCPTYPES;
  if (input.freeBufferPages !== undefined && isNonNegInt(input.freeBufferPages)) {
    pages = Math.min(pages, Math.floor(input.freeBufferPages / 20));
  }
  return pages * pageSizeKb;
}

export interface ObservedZoneMin {
  name: string;
  managedPages: number;
  /** The zone's printed `min:` in pages. */
  minPages: number;
  highmem?: boolean;
}

/**
 * Which `min_free_kbytes` values reproduce the per-zone `min:` an OOM report printed: each
 * non-highmem zone gives an interval of pages_min; their intersection, in kB. Null when the
 * zones disagree (the report was boosted or hand-edited, or zones are missing).
 */
export function inferMinFreeKbytes(zones: ObservedZoneMin[], pageSizeKb = 4): { fromKb: number; toKb: number } | null {
  let lowmem = 0;
  for (const z of zones) {
    if (!isNonNegInt(z.managedPages) || !isNonNegInt(z.minPages)) return null;
    if (!(z.highmem ?? isHighmemName(z.name))) lowmem += z.managedPages;
  }
  if (lowmem === 0) return null;
  let lo = 0;
  let hi = Number.MAX_SAFE_INTEGER;
  for (const z of zones) {
    if (z.highmem ?? isHighmemName(z.name)) continue;
    if (z.managedPages === 0) continue;
    // floor(P * m / L) == min  ⇔  min * L / m <= P < (min + 1) * L / m
    const from = Math.ceil((z.minPages * lowmem) / z.managedPages);
    const to = Math.ceil(((z.minPages + 1) * lowmem) / z.managedPages) - 1;
    lo = Math.max(lo, from);
    hi = Math.min(hi, to);
  }
  if (lo > hi) return null;
  return { fromKb: lo * pageSizeKb, toKb: hi * pageSizeKb + (pageSizeKb - 1) };
}
