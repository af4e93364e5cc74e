/**
 * arm64 Exception Syndrome Register (ESR_ELx) decoder.
 *
 * An arm64 oops prints `ESR = 0x96000005` (and `Internal error: Oops: 96000005`). The value says why the
 * CPU trapped: bits [31:26] are the exception class (EC), bit 25 the instruction length (IL) and bits
 * [24:0] the class-specific syndrome (ISS). For data and instruction aborts the ISS holds the fault
 * status code (DFSC/IFSC: translation/permission/access-flag fault and its page-table level), whether
 * the access was a write (WnR), a cache maintenance op (CM), a stage-2 fault on a stage-1 walk (S1PTW),
 * whether FAR is valid (FnV), and external-abort details (EA, SET).
 *
 * Field layout and names follow the Arm ARM (DDI 0487, ESR_EL1) and the kernel's
 * arch/arm64/include/asm/esr.h / arch/arm64/mm/fault.c, which print the same field names.
 */
import type { DecodedField } from '../types.ts';

export interface DecodedEsr {
  /** Normalised hex, `0x96000005`. */
  value: string;
  /** One sentence: `Data abort from the current EL (kernel): level 1 translation fault on a read`. */
  summary: string;
  fields: DecodedField[];
}

interface EcInfo {
  /** The kernel's ESR_ELx_EC_* suffix, as printed in newer oopses. */
  name: string;
  meaning: string;
}

/** Exception classes (EC, ESR bits [31:26]). */
const EC_TABLE: Record<number, EcInfo> = {
  0x00: { name: 'UNKNOWN', meaning: 'unknown reason (often an undefined instruction)' },
  0x01: { name: 'WFx', meaning: 'trapped WFI/WFE instruction' },
  0x03: { name: 'CP15_32', meaning: 'trapped AArch32 MCR/MRC (coprocessor 15)' },
  0x04: { name: 'CP15_64', meaning: 'trapped AArch32 MCRR/MRRC (coprocessor 15)' },
  0x05: { name: 'CP14_MR', meaning: 'trapped AArch32 MCR/MRC (coprocessor 14)' },
  0x06: { name: 'CP14_LS', meaning: 'trapped AArch32 LDC/STC (coprocessor 14)' },
  0x07: { name: 'FP_ASIMD', meaning: 'access to SVE, Advanced SIMD or floating point trapped' },
  0x08: { name: 'CP10_ID', meaning: 'trapped VMRS access (coprocessor 10)' },
  0x09: { name: 'PAC', meaning: 'trapped pointer authentication instruction' },
  0x0a: { name: 'LS64', meaning: 'trapped LD64B/ST64B instruction' },
  0x0c: { name: 'CP14_64', meaning: 'trapped AArch32 MRRC (coprocessor 14)' },
  0x0d: { name: 'BTI', meaning: 'branch target identification exception' },
  0x0e: { name: 'ILL', meaning: 'illegal execution state' },
  0x11: { name: 'SVC32', meaning: 'SVC instruction in AArch32 state (system call)' },
  0x12: { name: 'HVC32', meaning: 'HVC instruction in AArch32 state' },
  0x13: { name: 'SMC32', meaning: 'SMC instruction in AArch32 state' },
  0x15: { name: 'SVC64', meaning: 'SVC instruction in AArch64 state (system call)' },
  0x16: { name: 'HVC64', meaning: 'HVC instruction in AArch64 state' },
  0x17: { name: 'SMC64', meaning: 'SMC instruction in AArch64 state' },
  0x18: { name: 'SYS64', meaning: 'trapped MSR/MRS or system instruction' },
  0x19: { name: 'SVE', meaning: 'access to SVE functionality trapped' },
  0x1a: { name: 'ERET', meaning: 'trapped ERET/ERETAA/ERETAB' },
  0x1b: { name: 'TSTART', meaning: 'trapped TSTART (transactional memory)' },
  0x1c: { name: 'FPAC', meaning: 'pointer authentication failure' },
  0x1d: { name: 'SME', meaning: 'access to SME functionality trapped' },
  0x1f: { name: 'IMP_DEF', meaning: 'implementation-defined exception to EL3' },
  0x20: { name: 'IABT_LOW', meaning: 'instruction abort from a lower exception level (user space)' },
  0x21: { name: 'IABT_CUR', meaning: 'instruction abort from the current exception level (kernel)' },
  0x22: { name: 'PC_ALIGN', meaning: 'PC alignment fault' },
  0x24: { name: 'DABT_LOW', meaning: 'data abort from a lower exception level (user space)' },
  0x25: { name: 'DABT_CUR', meaning: 'data abort from the current exception level (kernel)' },
  0x26: { name: 'SP_ALIGN', meaning: 'SP alignment fault' },
  0x27: { name: 'MOPS', meaning: 'memory operation (CPY*/SET*) exception' },
  0x28: { name: 'FP_EXC32', meaning: 'trapped floating-point exception (AArch32)' },
  0x2c: { name: 'FP_EXC64', meaning: 'trapped floating-point exception (AArch64)' },
  0x2f: { name: 'SERROR', meaning: 'SError interrupt (asynchronous external abort)' },
  0x30: { name: 'BREAKPT_LOW', meaning: 'hardware breakpoint from a lower exception level' },
  0x31: { name: 'BREAKPT_CUR', meaning: 'hardware breakpoint from the current exception level' },
  0x32: { name: 'SOFTSTP_LOW', meaning: 'software step from a lower exception level' },
  0x33: { name: 'SOFTSTP_CUR', meaning: 'software step from the current exception level' },
  0x34: { name: 'WATCHPT_LOW', meaning: 'watchpoint from a lower exception level' },
  0x35: { name: 'WATCHPT_CUR', meaning: 'watchpoint from the current exception level' },
  0x38: { name: 'BKPT32', meaning: 'BKPT instruction (AArch32)' },
  0x3a: { name: 'VECTOR32', meaning: 'vector catch (AArch32)' },
  0x3c: { name: 'BRK64', meaning: 'BRK instruction (AArch64): BUG(), WARN() or a sanitizer trap' },
};

/** Fault status codes (DFSC/IFSC, ISS bits [5:0]) of data and instruction aborts. */
export function faultStatusMeaning(fsc: number): string {
  const level = fsc & 3;
  switch (fsc >> 2) {
    case 0:
      return `address size fault, level ${level}`;
    case 1:
      return `level ${level} translation fault (no valid page-table entry: the address is not mapped)`;
    case 2:
      return `access flag fault, level ${level}`;
    case 3:
      return `level ${level} permission fault (the page is mapped but this access is not allowed)`;
    default:
      break;
  }
  switch (fsc) {
    case 0x10:
      return 'synchronous external abort (not on a page-table walk)';
    case 0x11:
      return 'synchronous tag check fault (MTE: pointer tag does not match memory tag)';
    case 0x13:
      return 'synchronous external abort on page-table walk, level -1';
    case 0x14:
    case 0x15:
    case 0x16:
    case 0x17:
      return `synchronous external abort on page-table walk, level ${level}`;
    case 0x18:
      return 'synchronous parity or ECC error on memory access';
    case 0x1b:
      return 'synchronous parity or ECC error on page-table walk, level -1';
    case 0x1c:
    case 0x1d:
    case 0x1e:
    case 0x1f:
      return `synchronous parity or ECC error on page-table walk, level ${level}`;
    case 0x21:
      return 'alignment fault';
    case 0x23:
      return 'granule protection fault on page-table walk, level -1';
    case 0x24:
    case 0x25:
    case 0x26:
    case 0x27:
      return `granule protection fault on page-table walk, level ${level}`;
    case 0x28:
      return 'granule protection fault (not on a page-table walk)';
    case 0x29:
      return 'address size fault, level -1';
    case 0x2b:
      return 'translation fault, level -1';
    case 0x30:
      return 'TLB conflict abort';
    case 0x31:
      return 'unsupported atomic hardware update fault';
    case 0x34:
      return 'implementation defined fault (lockdown)';
    case 0x35:
      return 'implementation defined fault (unsupported exclusive or atomic access)';
    default:
      return 'reserved fault status code';
  }
}

/** BRK immediates the kernel uses (arch/arm64/include/asm/brk-imm.h). */
function brkMeaning(imm: number): string {
  if (imm === 0x004) return 'uprobes';
  if (imm === 0x005) return 'kprobes';
  if (imm === 0x006) return 'kprobes single-step';
  if (imm === 0x100) return 'FAULT_BRK_IMM (fault injection/uaccess fixup)';
  if (imm === 0x3e8) return 'kgdb breakpoint';
  if (imm === 0x3e9) return 'kgdb compiled breakpoint';
  if (imm === 0x800) return 'BUG_BRK_IMM: BUG() or WARN()';
  if ((imm & ~0xff) === 0x900) return 'KASAN_BRK_IMM: software tag-based KASAN report';
  if ((imm & ~0xff) === 0x5500) return 'UBSAN_BRK_IMM: undefined behaviour sanitizer trap';
  if ((imm & ~0xff) === 0x8000 || (imm & 0xf000) === 0x8000) return 'CFI_BRK_IMM: control-flow integrity failure';
  return 'BRK immediate';
}

const hex = (n: number | bigint, width = 0): string => '0x' + n.toString(16).padStart(width, '0');

function parseValue(value: string | number | bigint): bigint | null {
  try {
    if (typeof value === 'bigint') return value >= 0n ? value : null;
    if (typeof value === 'number') {
      // Bitwise arithmetic in JS yields signed 32-bit numbers (0x96000000 | 5 < 0): read them as unsigned.
      if (Number.isInteger(value) && value < 0 && value >= -0x80000000) return BigInt(value >>> 0);
      return Number.isFinite(value) && value >= 0 && Number.isInteger(value) ? BigInt(value) : null;
    }
    if (typeof value !== 'string') return null;
    const s = value.trim().replace(/^0x/i, '');
    if (!/^[0-9a-f]{1,16}$/i.test(s)) return null;
    return BigInt('0x' + s);
  } catch {
    return null;
  }
}

export function decodeEsr(value: string | number | bigint): DecodedEsr {
  const v = parseValue(value);
  if (v === null) {
    return { value: String(value), summary: 'not a valid ESR value (expected a hex number)', fields: [] };
  }
  const low = Number(v & 0xffffffffn);
  const iss2 = Number((v >> 32n) & 0xffffffn);
  const ec = (low >>> 26) & 0x3f;
  const il = (low >>> 25) & 1;
  const iss = low & 0x1ffffff;
  const info = EC_TABLE[ec];
  const fields: DecodedField[] = [];
  fields.push({
    name: 'EC',
    value: hex(ec, 2),
    meaning: info ? `${info.name}: ${info.meaning}` : 'reserved or unallocated exception class',
  });
  fields.push({
    name: 'IL',
    value: String(il),
    meaning: il ? '32-bit instruction trapped' : '16-bit instruction trapped (or IL not valid for this class)',
  });
  fields.push({ name: 'ISS', value: hex(iss, 8), meaning: 'instruction specific syndrome, decoded below' });
  if (iss2 !== 0) fields.push({ name: 'ISS2', value: hex(iss2), meaning: 'extended syndrome (ESR bits [55:32])' });

  let summary = info ? capitalise(info.meaning) : `Exception class ${hex(ec, 2)}`;
  if (ec === 0x24 || ec === 0x25) summary = decodeDataAbort(iss, ec, fields);
  else if (ec === 0x20 || ec === 0x21) summary = decodeInstructionAbort(iss, ec, fields);
  else if (ec === 0x3c) {
    const imm = iss & 0xffff;
    const m = brkMeaning(imm);
    fields.push({ name: 'Comment', value: hex(imm, 4), meaning: m });
    summary = `BRK instruction, immediate ${hex(imm, 4)}: ${m}`;
  } else if (ec === 0x15 || ec === 0x16 || ec === 0x17 || ec === 0x11) {
    fields.push({ name: 'imm16', value: hex(iss & 0xffff, 4), meaning: 'immediate of the call instruction' });
  } else if (ec === 0x2f) {
    const ids = (iss >>> 24) & 1;
    fields.push({
      name: 'IDS',
      value: String(ids),
      meaning: ids ? 'implementation-defined syndrome' : 'architected syndrome',
    });
    if (!ids) {
      const aet = (iss >>> 10) & 7;
      fields.push({ name: 'AET', value: String(aet), meaning: aetMeaning(aet) });
      fields.push({
        name: 'EA',
        value: String((iss >>> 9) & 1),
        meaning: 'external abort type (implementation defined)',
      });
      fields.push({
        name: 'DFSC',
        value: hex(iss & 0x3f, 2),
        meaning: (iss & 0x3f) === 0x11 ? 'asynchronous SError interrupt' : 'uncategorized',
      });
    }
  } else if (ec === 0x18) {
    fields.push(
      { name: 'Op0', value: String((iss >>> 20) & 3), meaning: 'system register encoding' },
      { name: 'Op2', value: String((iss >>> 17) & 7), meaning: 'system register encoding' },
      { name: 'Op1', value: String((iss >>> 14) & 7), meaning: 'system register encoding' },
      { name: 'CRn', value: String((iss >>> 10) & 15), meaning: 'system register encoding' },
      { name: 'Rt', value: String((iss >>> 5) & 31), meaning: 'general-purpose register used' },
      { name: 'CRm', value: String((iss >>> 1) & 15), meaning: 'system register encoding' },
      { name: 'Direction', value: String(iss & 1), meaning: iss & 1 ? 'read (MRS)' : 'write (MSR)' },
    );
  }
  return { value: hex(v, 8), summary, fields };
}

function capitalise(s: string): string {
  return s.length > 0 ? s[0]!.toUpperCase() + s.slice(1) : s;
}

function aetMeaning(aet: number): string {
  switch (aet) {
    case 0:
      return 'uncontainable (UC)';
    case 1:
      return 'unrecoverable (UEU)';
    case 2:
      return 'restartable (UEO)';
    case 3:
      return 'recoverable (UER)';
    case 6:
      return 'corrected (CE)';
    default:
      return 'reserved';
  }
}

function setMeaning(set: number): string {
  switch (set) {
    case 0:
      return 'recoverable error (UER)';
    case 2:
      return 'uncontainable error (UC)';
    case 3:
      return 'restartable error (UEO)';
    default:
      return 'reserved';
  }
}

function decodeDataAbort(iss: number, ec: number, fields: DecodedField[]): string {
  const isv = (iss >>> 24) & 1;
  fields.push({
    name: 'ISV',
    value: String(isv),
    meaning: isv
      ? 'instruction syndrome valid (SAS/SSE/SRT/SF/AR below)'
      : 'no instruction syndrome (normal for kernel faults)',
  });
  if (isv) {
    const sas = (iss >>> 22) & 3;
    fields.push(
      { name: 'SAS', value: String(sas), meaning: `access size ${[1, 2, 4, 8][sas]} byte(s)` },
      {
        name: 'SSE',
        value: String((iss >>> 21) & 1),
        meaning: (iss >>> 21) & 1 ? 'sign-extended load' : 'no sign extension',
      },
      {
        name: 'SRT',
        value: String((iss >>> 16) & 31),
        meaning: `register x${(iss >>> 16) & 31} / w${(iss >>> 16) & 31} transferred`,
      },
      {
        name: 'SF',
        value: String((iss >>> 15) & 1),
        meaning: (iss >>> 15) & 1 ? '64-bit register' : '32-bit register',
      },
      {
        name: 'AR',
        value: String((iss >>> 14) & 1),
        meaning: (iss >>> 14) & 1 ? 'acquire/release semantics' : 'no acquire/release',
      },
    );
  }
  const fnv = (iss >>> 10) & 1;
  const ea = (iss >>> 9) & 1;
  const cm = (iss >>> 8) & 1;
  const s1ptw = (iss >>> 7) & 1;
  const wnr = (iss >>> 6) & 1;
  const dfsc = iss & 0x3f;
  const set = (iss >>> 11) & 3;
  fields.push(
    {
      name: 'SET',
      value: String(set),
      meaning: dfsc === 0x10 ? setMeaning(set) : 'only meaningful for a synchronous external abort',
    },
    {
      name: 'FnV',
      value: String(fnv),
      meaning: fnv ? 'FAR is not valid: the fault address is unknown' : 'FAR holds the faulting address',
    },
    { name: 'EA', value: String(ea), meaning: ea ? 'external abort type flag set' : 'not an external abort' },
    {
      name: 'CM',
      value: String(cm),
      meaning: cm
        ? 'fault on a cache maintenance or address translation instruction'
        : 'not a cache maintenance operation',
    },
    {
      name: 'S1PTW',
      value: String(s1ptw),
      meaning: s1ptw ? 'stage 2 fault during a stage 1 page-table walk' : 'not a fault on a stage 1 table walk',
    },
    {
      name: 'WnR',
      value: String(wnr),
      meaning: wnr ? 'the faulting access was a write' : 'the faulting access was a read',
    },
    { name: 'DFSC', value: hex(dfsc, 2), meaning: faultStatusMeaning(dfsc) },
  );
  const where = ec === 0x25 ? 'kernel' : 'user space';
  const access = cm ? 'cache maintenance' : wnr ? 'write' : 'read';
  return `Data abort in ${where} (${ec === 0x25 ? 'current EL' : 'lower EL'}): ${faultStatusMeaning(dfsc)} on a ${access}`;
}

function decodeInstructionAbort(iss: number, ec: number, fields: DecodedField[]): string {
  const ifsc = iss & 0x3f;
  fields.push(
    {
      name: 'SET',
      value: String((iss >>> 11) & 3),
      meaning: ifsc === 0x10 ? setMeaning((iss >>> 11) & 3) : 'only meaningful for a synchronous external abort',
    },
    {
      name: 'FnV',
      value: String((iss >>> 10) & 1),
      meaning: (iss >>> 10) & 1 ? 'FAR is not valid' : 'FAR holds the faulting address',
    },
    {
      name: 'EA',
      value: String((iss >>> 9) & 1),
      meaning: (iss >>> 9) & 1 ? 'external abort type flag set' : 'not an external abort',
    },
    {
      name: 'S1PTW',
      value: String((iss >>> 7) & 1),
      meaning:
        (iss >>> 7) & 1 ? 'stage 2 fault during a stage 1 page-table walk' : 'not a fault on a stage 1 table walk',
    },
    { name: 'IFSC', value: hex(ifsc, 2), meaning: faultStatusMeaning(ifsc) },
  );
  const where = ec === 0x21 ? 'kernel' : 'user space';
  return `Instruction abort in ${where} (${ec === 0x21 ? 'current EL' : 'lower EL'}): ${faultStatusMeaning(ifsc)} while fetching an instruction`;
}
