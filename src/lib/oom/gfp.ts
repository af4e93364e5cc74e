/**
 * GFP mask decoding for OOM headers.
 *
 * Kernels since 4.6-ish print the flags symbolically (`gfp_mask=0x100cca(GFP_HIGHUSER_MOVABLE)`,
 * via `%pGg`); we take those names as printed. Older kernels print only the number, and the bit
 * layout of include/linux/gfp.h changed over time, so a number is decoded with the table of its
 * kernel version:
 *
 * - `gfp.h 2.6.32–4.3`: __GFP_WAIT at 0x10, __GFP_RECLAIMABLE at 0x80000 (v3.10 include/linux/gfp.h).
 * - `gfp.h 4.4–4.9`: __GFP_WAIT split into __GFP_DIRECT_RECLAIM 0x400000 + __GFP_KSWAPD_RECLAIM
 *   0x2000000, __GFP_RECLAIMABLE moved to 0x10, __GFP_ATOMIC 0x80000, __GFP_ACCOUNT 0x100000
 *   (v4.4 include/linux/gfp.h; GFP_HIGHUSER_MOVABLE = 0x24200ca as 4.4–4.9 logs print it).
 * - `gfp.h 4.10–4.14`: __GFP_OTHER_NODE dropped, __GFP_WRITE 0x800000, __GFP_KSWAPD_RECLAIM 0x1000000
 *   (GFP_HIGHUSER_MOVABLE = 0x14200ca); 4.13 renamed __GFP_REPEAT to __GFP_RETRY_MAYFAIL.
 * - `gfp.h 4.15–5.0`: __GFP_COLD and __GFP_NOTRACK gone, __GFP_WRITE 0x100, __GFP_DIRECT_RECLAIM
 *   0x200000, __GFP_KSWAPD_RECLAIM 0x400000 (GFP_KERNEL = 0x6000c0, GFP_HIGHUSER_MOVABLE = 0x6200ca).
 * - `gfp.h 5.1+`: reordered so GFP_KERNEL = 0xcc0 and GFP_HIGHUSER_MOVABLE = 0x100cca (as 5.4/5.10/6.x
 *   print them next to the names). The 5.0/5.1 boundary is inferred from logs, not from a tag; those
 *   kernels print the names anyway, so the table is only a fallback.
 *
 * The four zone-modifier bits (DMA 0x1, HIGHMEM 0x2, DMA32 0x4, MOVABLE 0x8) never moved, so the
 * zone class is read from the number whatever the version.
 */
import type { GfpInfo } from './types.ts';
import { kernelVersion } from '../mm/oom-badness.ts';

type BitTable = readonly (readonly [number, string])[];

const ZONE_BITS: BitTable = [
  [0x01, '__GFP_DMA'],
  [0x02, '__GFP_HIGHMEM'],
  [0x04, '__GFP_DMA32'],
  [0x08, '__GFP_MOVABLE'],
];

const GFP_2_6_32: BitTable = [
  ...ZONE_BITS,
  [0x10, '__GFP_WAIT'],
  [0x20, '__GFP_HIGH'],
  [0x40, '__GFP_IO'],
  [0x80, '__GFP_FS'],
  [0x100, '__GFP_COLD'],
  [0x200, '__GFP_NOWARN'],
  [0x400, '__GFP_REPEAT'],
  [0x800, '__GFP_NOFAIL'],
  [0x1000, '__GFP_NORETRY'],
  [0x2000, '__GFP_MEMALLOC'],
  [0x4000, '__GFP_COMP'],
  [0x8000, '__GFP_ZERO'],
  [0x10000, '__GFP_NOMEMALLOC'],
  [0x20000, '__GFP_HARDWALL'],
  [0x40000, '__GFP_THISNODE'],
  [0x80000, '__GFP_RECLAIMABLE'],
  [0x100000, '__GFP_KMEMCG'],
  [0x200000, '__GFP_NOTRACK'],
  [0x400000, '__GFP_NO_KSWAPD'],
  [0x800000, '__GFP_OTHER_NODE'],
  [0x1000000, '__GFP_WRITE'],
];

const GFP_4_4: BitTable = [
  ...ZONE_BITS,
  [0x10, '__GFP_RECLAIMABLE'],
  [0x20, '__GFP_HIGH'],
  [0x40, '__GFP_IO'],
  [0x80, '__GFP_FS'],
  [0x100, '__GFP_COLD'],
  [0x200, '__GFP_NOWARN'],
  [0x400, '__GFP_REPEAT'],
  [0x800, '__GFP_NOFAIL'],
  [0x1000, '__GFP_NORETRY'],
  [0x2000, '__GFP_MEMALLOC'],
  [0x4000, '__GFP_COMP'],
  [0x8000, '__GFP_ZERO'],
  [0x10000, '__GFP_NOMEMALLOC'],
  [0x20000, '__GFP_HARDWALL'],
  [0x40000, '__GFP_THISNODE'],
  [0x80000, '__GFP_ATOMIC'],
  [0x100000, '__GFP_ACCOUNT'],
  [0x200000, '__GFP_NOTRACK'],
  [0x400000, '__GFP_DIRECT_RECLAIM'],
  [0x800000, '__GFP_OTHER_NODE'],
  [0x1000000, '__GFP_WRITE'],
  [0x2000000, '__GFP_KSWAPD_RECLAIM'],
];

const GFP_4_10: BitTable = [
  ...GFP_4_4.filter(([bit]) => bit < 0x800000),
  [0x800000, '__GFP_WRITE'],
  [0x1000000, '__GFP_KSWAPD_RECLAIM'],
];

const GFP_4_15: BitTable = [
  ...ZONE_BITS,
  [0x10, '__GFP_RECLAIMABLE'],
  [0x20, '__GFP_HIGH'],
  [0x40, '__GFP_IO'],
  [0x80, '__GFP_FS'],
  [0x100, '__GFP_WRITE'],
  [0x200, '__GFP_NOWARN'],
  [0x400, '__GFP_RETRY_MAYFAIL'],
  [0x800, '__GFP_NOFAIL'],
  [0x1000, '__GFP_NORETRY'],
  [0x2000, '__GFP_MEMALLOC'],
  [0x4000, '__GFP_COMP'],
  [0x8000, '__GFP_ZERO'],
  [0x10000, '__GFP_NOMEMALLOC'],
  [0x20000, '__GFP_HARDWALL'],
  [0x40000, '__GFP_THISNODE'],
  [0x80000, '__GFP_ATOMIC'],
  [0x100000, '__GFP_ACCOUNT'],
  [0x200000, '__GFP_DIRECT_RECLAIM'],
  [0x400000, '__GFP_KSWAPD_RECLAIM'],
];

const GFP_5_1: BitTable = [
  ...ZONE_BITS,
  [0x10, '__GFP_RECLAIMABLE'],
  [0x20, '__GFP_HIGH'],
  [0x40, '__GFP_IO'],
  [0x80, '__GFP_FS'],
  [0x100, '__GFP_ZERO'],
  [0x200, '__GFP_ATOMIC'],
  [0x400, '__GFP_DIRECT_RECLAIM'],
  [0x800, '__GFP_KSWAPD_RECLAIM'],
  [0x1000, '__GFP_WRITE'],
  [0x2000, '__GFP_NOWARN'],
  [0x4000, '__GFP_RETRY_MAYFAIL'],
  [0x8000, '__GFP_NOFAIL'],
  [0x10000, '__GFP_NORETRY'],
  [0x20000, '__GFP_MEMALLOC'],
  [0x40000, '__GFP_COMP'],
  [0x80000, '__GFP_NOMEMALLOC'],
  [0x100000, '__GFP_HARDWALL'],
  [0x200000, '__GFP_THISNODE'],
  [0x400000, '__GFP_ACCOUNT'],
];

interface GfpTable {
  name: string;
  bits: BitTable;
  /** Composite names, largest first, as the kernel's %pGg prints them. */
  composites: readonly (readonly [number, string])[];
}

function composites(t: BitTable): (readonly [number, string])[] {
  const bit = (n: string): number => t.find(([, name]) => name === n)?.[0] ?? 0;
  const reclaim = bit('__GFP_WAIT') || bit('__GFP_DIRECT_RECLAIM') | bit('__GFP_KSWAPD_RECLAIM');
  const kernel = reclaim | bit('__GFP_IO') | bit('__GFP_FS');
  const user = kernel | bit('__GFP_HARDWALL');
  const list: [number, string][] = [
    [user | bit('__GFP_HIGHMEM') | bit('__GFP_MOVABLE'), 'GFP_HIGHUSER_MOVABLE'],
    [user | bit('__GFP_HIGHMEM'), 'GFP_HIGHUSER'],
    [user, 'GFP_USER'],
    [bit('__GFP_ACCOUNT') ? kernel | bit('__GFP_ACCOUNT') : 0, 'GFP_KERNEL_ACCOUNT'],
    [kernel, 'GFP_KERNEL'],
    [reclaim | bit('__GFP_IO'), 'GFP_NOFS'],
    [reclaim, 'GFP_NOIO'],
    [bit('__GFP_HIGH') | bit('__GFP_ATOMIC') | bit('__GFP_KSWAPD_RECLAIM'), 'GFP_ATOMIC'],
    [bit('__GFP_KSWAPD_RECLAIM'), 'GFP_NOWAIT'],
  ];
  return list.filter(([v]) => v !== 0);
}

const TABLES: GfpTable[] = [
  { name: 'gfp.h 2.6.32–4.3', bits: GFP_2_6_32, composites: composites(GFP_2_6_32) },
  { name: 'gfp.h 4.4–4.9', bits: GFP_4_4, composites: composites(GFP_4_4) },
  { name: 'gfp.h 4.10–4.14', bits: GFP_4_10, composites: composites(GFP_4_10) },
  { name: 'gfp.h 4.15–5.0', bits: GFP_4_15, composites: composites(GFP_4_15) },
  { name: 'gfp.h 5.1+', bits: GFP_5_1, composites: composites(GFP_5_1) },
];

function tableFor(kernel: string | null): GfpTable | null {
  const v = kernelVersion(kernel);
  if (!v) return null;
  const [a, b] = v;
  const ge = (x: number, y: number): boolean => a > x || (a === x && b >= y);
  if (ge(5, 1)) return TABLES[4] ?? null;
  if (ge(4, 15)) return TABLES[3] ?? null;
  if (ge(4, 10)) return TABLES[2] ?? null;
  if (ge(4, 4)) return TABLES[1] ?? null;
  if (ge(2, 6)) return TABLES[0] ?? null;
  return null;
}

/** Decode a number with one table: composite name first, then the remaining single bits. */
export function decodeGfpNumber(value: number, table: GfpTable): string[] {
  const out: string[] = [];
  let rest = value >>> 0;
  for (const [mask, name] of table.composites) {
    if (mask !== 0 && (rest & mask) === mask) {
      out.push(name);
      rest &= ~mask;
      break;
    }
  }
  for (const [bit, name] of table.bits) {
    if (rest & bit) {
      out.push(name);
      rest &= ~bit;
    }
  }
  if (rest) out.push(`0x${(rest >>> 0).toString(16)}`);
  return out;
}

/** Highest zone the request may be served from, from the zone modifier bits. */
export function gfpZoneClass(value: number | null, flags: string[]): string | null {
  if (value !== null) {
    if (value & 0x01) return 'DMA';
    if (value & 0x04) return 'DMA32';
    if ((value & 0x0a) === 0x0a) return 'Movable';
    if (value & 0x02) return 'HighMem';
    return 'Normal';
  }
  const s = flags.join('|');
  if (/GFP_DMA32/.test(s)) return 'DMA32';
  if (/GFP_DMA\b/.test(s)) return 'DMA';
  if (/HIGHUSER_MOVABLE|__GFP_HIGHMEM\|__GFP_MOVABLE/.test(s)) return 'Movable';
  if (/HIGHUSER|__GFP_HIGHMEM/.test(s)) return 'HighMem';
  return flags.length ? 'Normal' : null;
}

/**
 * Parse `0x100cca(GFP_HIGHUSER_MOVABLE)` or a bare `0x201da`.
 * `kernel` picks the bit table for bare numbers.
 */
export function decodeGfp(mask: string, printed: string | null, kernel: string | null): GfpInfo {
  const hex = /^0x([0-9a-fA-F]{1,16})$/.exec(mask.trim());
  const value = hex?.[1] !== undefined ? parseInt(hex[1], 16) : null;
  const safeValue = value !== null && Number.isSafeInteger(value) ? value : null;
  if (printed !== null && printed.trim() !== '' && printed.trim() !== '0') {
    const flags = printed
      .split('|')
      .map((s) => s.trim())
      .filter(Boolean);
    return { mask, value: safeValue, flags, flagsSource: 'printed', zoneClass: gfpZoneClass(safeValue, flags) };
  }
  if (safeValue === null) return { mask, value: null, flags: [], flagsSource: 'unknown', zoneClass: null };
  const table = tableFor(kernel);
  if (!table) {
    return { mask, value: safeValue, flags: [], flagsSource: 'unknown', zoneClass: gfpZoneClass(safeValue, []) };
  }
  return {
    mask,
    value: safeValue,
    flags: decodeGfpNumber(safeValue, table),
    flagsSource: 'decoded',
    table: table.name,
    zoneClass: gfpZoneClass(safeValue, []),
  };
}

/** True when the request may not sleep (no direct reclaim): __zone_watermark_ok() then lets it dig deeper. */
export function gfpIsAtomic(info: GfpInfo): boolean {
  const s = info.flags.join('|');
  if (/GFP_ATOMIC|__GFP_ATOMIC|GFP_NOWAIT/.test(s)) return true;
  if (info.flagsSource === 'printed' || info.flagsSource === 'decoded') {
    return !/GFP_KERNEL|GFP_USER|GFP_HIGHUSER|GFP_NOFS|GFP_NOIO|__GFP_DIRECT_RECLAIM|__GFP_WAIT/.test(s);
  }
  return false;
}

export function gfpIsHigh(info: GfpInfo): boolean {
  return /GFP_ATOMIC|__GFP_HIGH\b/.test(info.flags.join('|'));
}
