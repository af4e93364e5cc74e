/**
 * Why the allocation failed, zone by zone, the way mm/page_alloc.c `__zone_watermark_ok()` decides:
 *
 *   free_pages -= (1 << order) - 1;
 *   if (alloc_flags & ALLOC_HIGH)   min -= min / 2;      // __GFP_HIGH (GFP_ATOMIC)
 *   if (alloc_flags & ALLOC_HARDER) min -= min / 4;      // atomic, cannot reclaim
 *   if (free_pages <= min + z->lowmem_reserve[classzone_idx]) return false;
 *   if (!order) return true;
 *   for (o = order; o < MAX_ORDER; o++) if (area[o] has a free block of a usable migratetype) return true;
 *   return false;
 *
 * By the time the OOM killer runs, the slow path has retried with ALLOC_WMARK_MIN, so the watermark
 * tested is `min`. Only zones the request may use (up to its gfp zone class) are checked; the
 * reserve index is the highest zone the request may use (classzone), found from where each zone's
 * lowmem_reserve[] row stops being zero.
 */
import type { GfpInfo, OomZone, OomZoneVerdict } from './types.ts';
import { ZONE_NAMES } from './parse-lines.ts';
import { gfpIsAtomic, gfpIsHigh } from './gfp.ts';

function rank(zone: string): number {
  const i = (ZONE_NAMES as readonly string[]).indexOf(zone);
  return i < 0 ? 99 : i;
}

/** Index of each printed zone in lowmem_reserve[], per node, learnt from the rows themselves. */
function reserveIndexes(zones: OomZone[]): Map<OomZone, number> {
  const out = new Map<OomZone, number>();
  const byNode = new Map<number, OomZone[]>();
  for (const z of zones) {
    const list = byNode.get(z.node) ?? [];
    list.push(z);
    byNode.set(z.node, list);
  }
  for (const list of byNode.values()) {
    list.sort((a, b) => rank(a.name) - rank(b.name));
    let idx = 0;
    for (let i = 0; i < list.length; i++) {
      const z = list[i];
      if (!z) continue;
      out.set(z, idx);
      // lowmem_reserve[j] is 0 up to the zone's own index and becomes non-zero at the next populated zone.
      const row = z.lowmemReserve;
      const next = row ? row.findIndex((v, j) => j > idx && v > 0) : -1;
      idx = next > idx ? next : idx + 1;
    }
  }
  return out;
}

export function checkZones(
  zones: OomZone[],
  gfp: GfpInfo | null,
  order: number | null,
  pageKb: number,
): { verdicts: OomZoneVerdict[]; notes: string[] } {
  const notes: string[] = [];
  const verdicts: OomZoneVerdict[] = [];
  if (zones.length === 0 || order === null || order < 0) return { verdicts, notes };
  const zoneClass = gfp?.zoneClass ?? 'Normal';
  if (!gfp?.zoneClass) notes.push('The gfp zone class is unknown; zones up to Normal were checked.');
  const limit = rank(zoneClass);
  const indexes = reserveIndexes(zones);
  const high = gfp ? gfpIsHigh(gfp) : false;
  const harder = gfp ? gfpIsAtomic(gfp) : false;

  // The classzone of each node: the highest printed zone the request may use.
  const classIdx = new Map<number, number>();
  for (const z of zones) {
    if (rank(z.name) > limit) continue;
    const idx = indexes.get(z) ?? 0;
    classIdx.set(z.node, Math.max(classIdx.get(z.node) ?? 0, idx));
  }

  for (const z of zones) {
    if (rank(z.name) > limit) continue;
    if (z.free === null || z.min === null) continue;
    const free = Math.floor(z.free / pageKb);
    let min = Math.floor(z.min / pageKb);
    if (high) min -= Math.floor(min / 2);
    if (harder) min -= Math.floor(min / 4);
    const ci = classIdx.get(z.node) ?? 0;
    const row = z.lowmemReserve;
    const reserve = row && row.length > 0 ? (row[Math.min(ci, row.length - 1)] ?? 0) : 0;
    const afterOrder = free - ((1 << order) - 1);
    const passesOrder0 = afterOrder > min + reserve;
    let freeAtOrder: number | null = null;
    let hasBlock: boolean | null = null;
    if (z.buddy) {
      freeAtOrder = 0;
      hasBlock = false;
      for (let o = order; o < z.buddy.counts.length; o++) {
        const c = z.buddy.counts[o] ?? 0;
        freeAtOrder += c * (1 << o);
        const types = z.buddy.types[o] ?? '';
        // H (highatomic) and C (CMA) blocks are off limits for an ordinary request.
        if (c > 0 && (types === '' || /[UME]/.test(types))) hasBlock = true;
      }
    }
    let ok: boolean | null;
    let reason: string;
    const wm = `min ${min}${high || harder ? ' (lowered for an atomic/high-priority request)' : ''}`;
    if (!passesOrder0) {
      ok = false;
      reason = `free ${afterOrder} pages ≤ ${wm} + lowmem_reserve ${reserve} = ${min + reserve}`;
    } else if (order === 0) {
      ok = true;
      reason = `free ${afterOrder} pages > ${wm} + lowmem_reserve ${reserve}: this zone could still serve the request`;
    } else if (hasBlock === null) {
      ok = null;
      reason = `free pages pass the watermark, but no buddy list was printed to tell whether an order-${order} block is free`;
    } else if (hasBlock) {
      ok = true;
      reason = `free pages pass the watermark and a free block of order ≥ ${order} exists`;
    } else {
      ok = false;
      reason = `free pages pass the watermark but no free block of order ≥ ${order} exists: fragmentation`;
    }
    verdicts.push({
      node: z.node,
      zone: z.name,
      free,
      watermark: min,
      watermarkName: 'min',
      reserve,
      passesOrder0,
      freeAtOrder,
      ok,
      reason,
    });
  }
  return { verdicts, notes };
}
