/**
 * x86 page-fault error code (arch/x86/include/asm/trap_pf.h): the CPU pushes it on #PF and the kernel
 * prints it as `#PF: error_code(0x0002) - not-present page` or, before 5.1, as `Oops: 0002 [#1]`.
 * Each bit answers one question about the faulting access.
 */
import type { DecodedField } from '../types.ts';

export interface DecodedErrorCode {
  value: string;
  summary: string;
  fields: DecodedField[];
}

const BITS: { bit: number; name: string; set: string; clear: string }[] = [
  { bit: 0, name: 'P', set: 'protection violation on a present page', clear: 'page not present' },
  { bit: 1, name: 'W', set: 'write access', clear: 'read access' },
  { bit: 2, name: 'U', set: 'user-mode access', clear: 'supervisor (kernel-mode) access' },
  {
    bit: 3,
    name: 'RSVD',
    set: 'reserved bit set in a page-table entry (corrupted page table)',
    clear: 'no reserved bit violation',
  },
  { bit: 4, name: 'I', set: 'instruction fetch', clear: 'not an instruction fetch' },
  { bit: 5, name: 'PK', set: 'protection-key violation', clear: 'no protection-key violation' },
  { bit: 6, name: 'SS', set: 'shadow-stack access', clear: 'not a shadow-stack access' },
  { bit: 15, name: 'SGX', set: 'SGX-specific (EPCM) violation', clear: 'not SGX-related' },
  { bit: 31, name: 'RMP', set: 'SEV-SNP RMP violation', clear: 'not an RMP violation' },
];

export function decodeX86ErrorCode(value: string | number): DecodedErrorCode {
  const n = typeof value === 'number' ? value : Number.parseInt(String(value).trim().replace(/^0x/i, ''), 16);
  if (!Number.isFinite(n) || n < 0 || n > 0xffffffff) {
    return { value: String(value), summary: 'not a valid page-fault error code', fields: [] };
  }
  const fields: DecodedField[] = BITS.filter((b) => b.bit < 7 || (n >>> b.bit) & 1).map((b) => {
    const on = ((n >>> b.bit) & 1) === 1;
    return { name: b.name, value: on ? '1' : '0', meaning: on ? b.set : b.clear };
  });
  const who = n & 4 ? 'user' : 'supervisor';
  const what = n & 16 ? 'instruction fetch' : n & 2 ? 'write' : 'read';
  const why = n & 8 ? 'reserved bit set in page table' : n & 1 ? 'protection violation' : 'not-present page';
  const extra = [n & 32 ? 'protection key' : '', n & 64 ? 'shadow stack' : '', n & 0x8000 ? 'SGX' : '']
    .filter((x) => x !== '')
    .join(', ');
  const hex = '0x' + n.toString(16).padStart(4, '0');
  return { value: hex, summary: `${who} ${what} access, ${why}${extra ? ` (${extra})` : ''}`, fields };
}
