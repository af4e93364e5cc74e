/**
 * `/proc/meminfo` (fs/proc/meminfo.c): `Key:   12345 kB` lines, plus the few keys without a unit
 * (HugePages_Total, HugePages_Free, …). A block is kept when it has at least MIN_KEYS known keys,
 * or the slab triple (Slab / SReclaimable / SUnreclaim) that `grep Slab: -A2` prints.
 */
const MEMINFO_ROW = /^([A-Za-z][A-Za-z0-9_()]{1,40}):\s{1,40}(\d{1,20})(?: kB)?\s*$/;

export const MEMINFO_KEYS = new Set([
  'MemTotal',
  'MemFree',
  'MemAvailable',
  'Buffers',
  'Cached',
  'SwapCached',
  'Active',
  'Inactive',
  'Active(anon)',
  'Inactive(anon)',
  'Active(file)',
  'Inactive(file)',
  'Unevictable',
  'Mlocked',
  'SwapTotal',
  'SwapFree',
  'Zswap',
  'Zswapped',
  'Dirty',
  'Writeback',
  'AnonPages',
  'Mapped',
  'Shmem',
  'KReclaimable',
  'Slab',
  'SReclaimable',
  'SUnreclaim',
  'KernelStack',
  'ShadowCallStack',
  'PageTables',
  'SecPageTables',
  'NFS_Unstable',
  'Bounce',
  'WritebackTmp',
  'CommitLimit',
  'Committed_AS',
  'VmallocTotal',
  'VmallocUsed',
  'VmallocChunk',
  'Percpu',
  'HardwareCorrupted',
  'AnonHugePages',
  'ShmemHugePages',
  'ShmemPmdMapped',
  'FileHugePages',
  'FilePmdMapped',
  'CmaTotal',
  'CmaFree',
  'HugePages_Total',
  'HugePages_Free',
  'HugePages_Rsvd',
  'HugePages_Surp',
  'Hugepagesize',
  'Hugetlb',
  'DirectMap4k',
  'DirectMap2M',
  'DirectMap1G',
  'Unaccepted',
]);

/** Keys that must appear for a block to count as meminfo when fewer than MIN_KEYS are present. */
const SLAB_TRIPLE = ['Slab', 'SReclaimable', 'SUnreclaim'];
const MIN_KEYS = 4;

export function parseMeminfoRow(text: string): { key: string; value: number } | null {
  // Key lookup first: most kernel lines have a colon, few start with a meminfo key.
  const colon = text.indexOf(':');
  if (colon < 2 || colon > 42 || !MEMINFO_KEYS.has(text.slice(0, colon).trim())) return null;
  const m = MEMINFO_ROW.exec(text.trim());
  if (!m?.[1] || !MEMINFO_KEYS.has(m[1])) return null;
  return { key: m[1], value: Number(m[2]) };
}

export function meminfoBlockCounts(fields: Record<string, number>): boolean {
  const n = Object.keys(fields).length;
  if (n >= MIN_KEYS) return true;
  return SLAB_TRIPLE.every((k) => fields[k] !== undefined);
}
