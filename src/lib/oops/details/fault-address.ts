/**
 * What a faulting address (or a register value) says about the bug.
 *
 * - Below NULL_OFFSET_LIMIT: a NULL struct pointer was dereferenced and the value is the offset of the
 *   field that was read (`NULL + 0xd0` = the member at offset 0xd0). mmap_min_addr keeps that page range
 *   unmapped exactly so such bugs fault.
 * - Kernel poison values (include/linux/poison.h) show what the memory was: list entries already
 *   deleted (LIST_POISON1/2), slab objects already freed (0x6b), allocated but never written (0x5a),
 *   redzones (0xbb/0xcc), poisoned free pages (0xaa). A poison value plus a small offset is a field
 *   read through a pointer that was itself loaded from poisoned memory.
 * - Non-canonical x86_64 addresses (bits 63..47 not all equal) can not be pointers at all: a corrupted
 *   pointer, or KASAN's shadow of a NULL-ish address (0xdffffc0000000000 + addr/8).
 */
import type { Arch } from '../../types.ts';
import type { FaultAddress } from '../types.ts';

/** Addresses below this are "NULL + offset" (default mmap_min_addr is 64 KiB). */
export const NULL_OFFSET_LIMIT = 0x10000n;
/** How far past a poison value an address may lie and still be read as "poison + field offset". */
export const POISON_OFFSET_LIMIT = 0x1000n;
/** KASAN_SHADOW_OFFSET on x86_64 generic KASAN. */
export const KASAN_SHADOW_OFFSET = 0xdffffc0000000000n;

interface Poison {
  name: string;
  value: bigint;
  meaning: string;
}

/** Exact pointer-sized poison values (64-bit kernels with POISON_POINTER_DELTA 0xdead000000000000). */
const POINTER_POISONS: Poison[] = [
  {
    name: 'LIST_POISON1',
    value: 0xdead000000000100n,
    meaning: 'the `next` of a list entry already removed with list_del()',
  },
  {
    name: 'LIST_POISON2',
    value: 0xdead000000000122n,
    meaning: 'the `prev` of a list entry already removed with list_del()',
  },
  { name: 'TIMER_ENTRY_STATIC', value: 0xdead000000000300n, meaning: 'a statically initialised timer entry' },
  {
    name: 'LIST_POISON1 (32-bit)',
    value: 0x00100100n,
    meaning: 'the `next` of a list entry already removed with list_del() (no poison delta)',
  },
  {
    name: 'LIST_POISON2 (32-bit)',
    value: 0x00200200n,
    meaning: 'the `prev` of a list entry already removed with list_del() (no poison delta)',
  },
  { name: 'RED_INACTIVE', value: 0x09f911029d74e35bn, meaning: 'SLAB redzone of a free object' },
  { name: 'RED_ACTIVE', value: 0xd84156c5635688c0n, meaning: 'SLAB redzone of an allocated object' },
  { name: 'SPINLOCK_MAGIC', value: 0xdead4eadn, meaning: 'spinlock debug magic: a lock word read as a pointer' },
];

/** Byte patterns that fill memory (the value is the byte repeated). */
const BYTE_POISONS: { byte: string; name: string; meaning: string }[] = [
  { byte: '6b', name: 'POISON_FREE', meaning: 'freed slab object (slub_debug poisoning): use after free' },
  { byte: '5a', name: 'POISON_INUSE', meaning: 'slab object allocated but never initialised' },
  { byte: 'a5', name: 'POISON_END', meaning: 'end marker of a poisoned slab object' },
  {
    byte: 'cc',
    name: 'SLUB_RED_ACTIVE',
    meaning: 'SLUB redzone of an allocated object (or freed init memory): out-of-bounds access',
  },
  { byte: 'bb', name: 'SLUB_RED_INACTIVE', meaning: 'SLUB redzone of a free object' },
  { byte: 'aa', name: 'PAGE_POISON', meaning: 'poisoned free page (page_poison): use after free of a page' },
];

export interface PoisonMatch {
  name: string;
  meaning: string;
  /** Distance past the poison value (field offset), 0 for an exact hit. */
  offset: bigint;
}

export function parseHex(value: string): bigint | null {
  const s = value.trim().replace(/^0x/i, '');
  if (s.length === 0 || s.length > 16 || !/^[0-9a-fA-F]+$/.test(s)) return null;
  return BigInt('0x' + s);
}

/** Byte poisons with their 64- and 32-bit fills precomputed (findPoison runs for every register). */
const BYTE_POISON_FILLS = BYTE_POISONS.map((b) => ({
  ...b,
  prefix64: b.byte.repeat(6),
  prefix32: '00000000' + b.byte.repeat(2),
  full64: BigInt('0x' + b.byte.repeat(8)),
  full32: BigInt('0x' + b.byte.repeat(4)),
}));
/** 16-digit hex prefixes under which some poison value lies; anything else is rejected without BigInt maths. */
const POISON_PREFIXES = [
  'dead0000',
  '00000000001',
  '00000000002',
  '09f911029d74',
  'd84156c56356',
  '00000000dead4',
  ...BYTE_POISON_FILLS.flatMap((b) => [b.prefix64, b.prefix32]),
];

export function findPoison(v: bigint): PoisonMatch | null {
  const h16 = v.toString(16).padStart(16, '0');
  if (!POISON_PREFIXES.some((p) => h16.startsWith(p))) return null;
  // The closest poison at or below the value wins: 0xdead000000000122 is LIST_POISON2, not LIST_POISON1 + 0x22.
  let best: PoisonMatch | null = null;
  for (const p of POINTER_POISONS) {
    if (v >= p.value && v - p.value < POISON_OFFSET_LIMIT && (best === null || v - p.value < best.offset)) {
      best = { name: p.name, meaning: p.meaning, offset: v - p.value };
    }
  }
  if (best !== null) return best;
  for (const b of BYTE_POISON_FILLS) {
    if (h16.startsWith(b.prefix64) && v >= b.full64 - POISON_OFFSET_LIMIT && v < b.full64 + POISON_OFFSET_LIMIT) {
      return { name: b.name, meaning: b.meaning, offset: v - b.full64 };
    }
    if (h16.startsWith(b.prefix32) && v >= b.full32 - POISON_OFFSET_LIMIT && v < b.full32 + POISON_OFFSET_LIMIT) {
      return { name: b.name, meaning: b.meaning, offset: v - b.full32 };
    }
  }
  return null;
}

const is64 = (arch: Arch | null, v: bigint): boolean =>
  arch === 'x86_64' ||
  arch === 'arm64' ||
  arch === 'riscv' ||
  arch === 'powerpc' ||
  arch === 's390' ||
  arch === 'loongarch' ||
  (arch === null && v > 0xffffffffn);

function userLimit(arch: Arch | null): bigint {
  if (arch === 'arm64') return 0x0001000000000000n;
  if (arch === 'x86' || arch === 'arm') return 0xc0000000n;
  return 0x0000800000000000n;
}

function offsetText(off: bigint): string {
  const sign = off < 0n ? '-' : '+';
  const a = off < 0n ? -off : off;
  return `${sign} 0x${a.toString(16)} (${a.toString()})`;
}

/**
 * Canonical under 5-level paging (bits 63..56 equal). 4-level kernels are stricter (63..47), but a
 * 5-level kernel legitimately uses addresses like 0xff43684dbfb20610 (seed 000), so the looser rule
 * avoids calling real pointers garbage.
 */
function isCanonical57(v: bigint): boolean {
  const top = v >> 56n;
  return top === 0n || top === 0xffn;
}

/** Where in the x86_64 kernel address space a canonical kernel address lies (4-level paging defaults). */
function x86KernelRegion(v: bigint): string {
  if (v < 0xffff800000000000n) return 'kernel address (5-level paging layout)';
  if (v >= 0xffffffff80000000n) return v >= 0xffffffffa0000000n ? 'module text/data' : 'kernel text/data';
  if (v >= 0xffffea0000000000n && v < 0xffffeb0000000000n) return 'vmemmap (a struct page)';
  if (v >= 0xffffc90000000000n && v < 0xffffe90000000000n)
    return 'vmalloc/ioremap area (vmalloc, module or stack memory)';
  if (v >= 0xffff888000000000n && v < 0xffffc88000000000n) return 'direct map (kmalloc/slab or page memory)';
  return 'kernel address';
}

export function classifyAddress(value: string, arch: Arch | null): FaultAddress {
  const v = parseHex(value);
  if (v === null) return { value, meaning: 'not a hexadecimal address', class: 'unknown' };
  const shown = '0x' + v.toString(16).padStart(is64(arch, v) ? 16 : 8, '0');
  if (v < NULL_OFFSET_LIMIT) {
    if (v === 0n)
      return { value: shown, meaning: 'NULL: a NULL pointer itself was dereferenced (offset 0)', class: 'null-offset' };
    return {
      value: shown,
      meaning: `NULL + 0x${v.toString(16)}: the field at offset 0x${v.toString(16)} (${v}) of a struct reached through a NULL pointer`,
      class: 'null-offset',
    };
  }
  const p = findPoison(v);
  if (p) {
    const at =
      p.offset === 0n ? '' : ` ${offsetText(p.offset)}: a field at that offset read through the poisoned pointer`;
    return { value: shown, meaning: `${p.name}${at} — ${p.meaning}`, class: 'poison' };
  }
  if (is64(arch, v)) {
    if (arch !== 'arm64' && arch !== 'riscv' && arch !== 'powerpc' && arch !== 's390') {
      if (!isCanonical57(v)) {
        if (v >= KASAN_SHADOW_OFFSET && v < KASAN_SHADOW_OFFSET + 0x2000n) {
          const lo = (v - KASAN_SHADOW_OFFSET) << 3n;
          return {
            value: shown,
            meaning: `non-canonical: KASAN shadow of 0x${lo.toString(16)}-0x${(lo + 7n).toString(16)}, i.e. a NULL pointer plus a small offset`,
            class: 'non-canonical',
          };
        }
        return {
          value: shown,
          meaning:
            'non-canonical address (its top bits are neither all 0 nor all 1): not a valid pointer, a corrupted or garbage value',
          class: 'non-canonical',
        };
      }
    } else if (arch === 'arm64') {
      const top = v >> 48n;
      if (top !== 0n && top !== 0xffffn) {
        return {
          value: shown,
          meaning: 'neither a user nor a kernel address (top 16 bits not 0x0000/0xffff): a corrupted or tagged pointer',
          class: 'non-canonical',
        };
      }
    }
  }
  if (v < userLimit(arch))
    return {
      value: shown,
      meaning: 'user-space address: the kernel used a user pointer or a small integer as a pointer',
      class: 'user',
    };
  const region = arch === 'x86_64' || arch === null ? x86KernelRegion(v) : 'kernel address';
  return { value: shown, meaning: `kernel address (${region})`, class: 'kernel' };
}

/** Flags for one register value: 'null', 'poison:NAME', 'user', 'non-canonical'. */
export function registerFlags(value: string, arch: Arch | null): string[] {
  const v = parseHex(value);
  if (v === null) return [];
  if (v === 0n) return ['null'];
  const p = findPoison(v);
  if (p && (p.offset === 0n || v > 0xffffffffn)) return [`poison:${p.name}`];
  if (is64(arch, v) && arch !== 'arm64' && arch !== 'riscv' && arch !== 'powerpc' && arch !== 's390') {
    if (!isCanonical57(v)) return ['non-canonical'];
  }
  if (looksLikeUserPointer(v, arch)) return ['user'];
  return [];
}

/**
 * Where user-space pointers usually live (mmap/stack top and PIE text/heap). Register values elsewhere in
 * the user range are as often counters or flags, so only these regions earn a 'user' flag.
 */
function looksLikeUserPointer(v: bigint, arch: Arch | null): boolean {
  if (arch === 'arm64') {
    return (
      (v >= 0x0000ff0000000000n && v < 0x0001000000000000n) || (v >= 0x0000aaaa00000000n && v < 0x0000ab0000000000n)
    );
  }
  if (arch === null || arch === 'x86_64') {
    return (
      (v >= 0x00007f0000000000n && v < 0x0000800000000000n) || (v >= 0x0000550000000000n && v < 0x0000570000000000n)
    );
  }
  return false;
}
