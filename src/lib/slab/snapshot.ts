/**
 * `slabtop -o` and `/proc/slabinfo` snapshots.
 *
 * slabtop rows: `OBJS ACTIVE USE OBJ SIZE SLABS OBJ/SLAB CACHE SIZE NAME`, e.g.
 *   `229119 223856  97%    0.48K   6943       33    111088K kernfs_node_cache`
 * (procps prints the same columns whatever the sort key; the sort only changes the order).
 *
 * /proc/slabinfo 2.1 rows (mm/slab_common.c cache_show()):
 *   `name <active_objs> <num_objs> <objsize> <objperslab> <pagesperslab> : tunables <limit> <batchcount> <sharedfactor> : slabdata <active_slabs> <num_slabs> <sharedavail>`
 * SLUB prints its tunables as `0 0 0`; SLAB prints real limits. Memory = num_slabs × pagesperslab × PAGE_SIZE.
 */
import type { SlabCache } from './types.ts';

const SLABTOP_ROW =
  /^\s*(\d{1,12})\s+(\d{1,12})\s+(\d{1,3})%\s+([\d.]{1,12})K\s+(\d{1,12})\s+(\d{1,8})\s+(\d{1,15})K\s+(\S.{0,127})$/;
const SLABINFO_ROW =
  /^(\S{1,128})\s+(\d{1,12})\s+(\d{1,12})\s+(\d{1,9})\s+(\d{1,6})\s+(\d{1,6})\s*:\s*tunables\s+(\d{1,9})\s+(\d{1,9})\s+(\d{1,9})\s*:\s*slabdata\s+(\d{1,12})\s+(\d{1,12})\s+(\d{1,12})/;
const SUMMARY_ROW =
  /^\s*Active \/ Total (Objects|Slabs|Caches|Size) \(% used\)\s*:\s*([\d.]{1,20})K? \/ ([\d.]{1,20})K?/;

export function isSlabtopHeader(text: string): boolean {
  return text.includes('OBJS') && text.includes('ACTIVE') && text.includes('NAME') && /OBJS\s+ACTIVE\s+USE/.test(text);
}

export function parseSlabtopRow(text: string, line: number): SlabCache | null {
  const m = SLABTOP_ROW.exec(text);
  if (!m) return null;
  const name = (m[8] ?? '').trim();
  return {
    name,
    bytes: Number(m[7]) * 1024,
    objects: Number(m[1]),
    activeObjects: Number(m[2]),
    objectSize: Math.round(Number(m[4]) * 1024),
    slabs: Number(m[5]),
    objectsPerSlab: Number(m[6]),
    line,
  };
}

export function parseSlabtopSummary(text: string): { key: string; active: number; total: number } | null {
  if (!text.includes('Active / Total')) return null;
  const m = SUMMARY_ROW.exec(text);
  if (!m?.[1]) return null;
  return { key: m[1].toLowerCase(), active: Number(m[2]), total: Number(m[3]) };
}

export function parseSlabinfoRow(
  text: string,
  line: number,
  pageSize: number,
): { cache: SlabCache; tunablesZero: boolean } | null {
  if (!text.includes(': slabdata')) return null;
  const m = SLABINFO_ROW.exec(text.trim());
  if (!m?.[1]) return null;
  const pagesPerSlab = Number(m[6]);
  const numSlabs = Number(m[11]);
  return {
    cache: {
      name: m[1],
      bytes: numSlabs * pagesPerSlab * pageSize,
      objects: Number(m[3]),
      activeObjects: Number(m[2]),
      objectSize: Number(m[4]),
      slabs: numSlabs,
      objectsPerSlab: Number(m[5]),
      pagesPerSlab,
      line,
    },
    tunablesZero: m[7] === '0' && m[8] === '0' && m[9] === '0',
  };
}
