/** Slab, meminfo and kmem -i evidence. Owned by the slab parsers; first draft — extend, don't rename. */
export interface SlabCache {
  name: string;
  /** Bytes used by the cache's slabs. */
  bytes: number;
  objects?: number;
  activeObjects?: number;
  objectSize?: number;
}
export interface SlabDetails {
  source: 'slabtop' | 'slabinfo';
  caches: SlabCache[];
}
export interface SlabTraceDetails {
  caches: { name: string; allocs: number; frees: number }[];
}
export interface MeminfoDetails {
  /** kB values by /proc/meminfo key. */
  fields: Record<string, number>;
}
export interface KmemInfoDetails {
  fields: Record<string, { pages: number; bytes: number; percent?: number }>;
}
