/**
 * Register dumps: x86_64 (`RAX: … RBX: …`, `RSP: 0018:ffff…`, `CR2: …`), crash's exception frame
 * (`R8: …`, `RFLAGS: …`) and arm64 (`x29: ffff… x28: …`, `sp : …`, `pstate: …`). Only the first value
 * of each register in a report is kept: later dumps are repeats (`---[ end trace ]---` reprints them).
 */
import type { Arch } from '../../types.ts';
import type { RegisterValue } from '../types.ts';
import { registerFlags } from './fault-address.ts';

/** Longest line a register regex sees. */
export const MAX_REGISTER_LINE = 400;

// `NAME: [seg:]value` on x86. Names are listed so prose with colons is not read as registers.
// OCR/PDF copies turn the 0 of CR0/DR0 into O (seed 000), hence CRO/DRO.
const X86_RE =
  /\b(R[A-D]X|R[SD]I|R[BS]P|R(?:0?8|0?9|1[0-5])|E[A-D]X|E[SD]I|E[BS]P|ORIG_RAX|EFLAGS|RFLAGS|CR[0234O]|DR[0-7O]|PKRU|FS|GS|knlGS|CS|DS|ES|SS): {0,2}(?:[0-9a-fA-F]{4}:)?([0-9a-fA-F]{1,20})(?![\w:])/g;
const ARM64_RE = /\b(x\d{1,2}|sp|fp|lr|pc|pstate|far|elr|esr) ?: ([0-9a-f]{8,16})\b/g;
const X86_HINT_RE =
  /^(?:R[A-D]X|R[SD]I|R[BS]P|R\d{1,2}|RIP|ORIG_RAX|CR\w|DR\w|FS|CS|PKRU|E[A-D]X|ESP|EBP|ESI|EDI|EFLAGS)\s?:/;
const ARM64_HINT_RE = /^(?:x\d{1,2}\s?:|sp\s?:|pstate:)/;

const ALIASES: Record<string, string> = { CRO: 'CR0', DRO: 'DR0', R8: 'R08', R9: 'R09' };

/** Collects the registers of one dump line into `into` (flags are added later by flagsFor). */
export function parseRegisterLine(text: string, arch: Arch | null, into: Map<string, RegisterValue>): boolean {
  const t = text.length > MAX_REGISTER_LINE ? text.slice(0, MAX_REGISTER_LINE) : text;
  let found = false;
  if (X86_HINT_RE.test(t) && arch !== 'arm64') {
    X86_RE.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = X86_RE.exec(t)) !== null) {
      const raw = m[1] ?? '';
      const name = ALIASES[raw] ?? raw;
      const value = m[2] ?? '';
      found = true;
      if (!into.has(name)) into.set(name, { name, value, flags: [] });
    }
  } else if (ARM64_HINT_RE.test(t)) {
    ARM64_RE.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = ARM64_RE.exec(t)) !== null) {
      const name = m[1] ?? '';
      const value = m[2] ?? '';
      found = true;
      if (!into.has(name)) into.set(name, { name, value, flags: [] });
    }
  }
  return found;
}

/** Segment selectors, flags and control registers are not pointers: no NULL/user flags on them. */
export const NOT_POINTERS = new Set([
  'CS',
  'DS',
  'ES',
  'SS',
  'FS',
  'GS',
  'EFLAGS',
  'RFLAGS',
  'PKRU',
  'CR0',
  'CR3',
  'CR4',
  'DR6',
  'DR7',
  'pstate',
  'esr',
  'ORIG_RAX',
]);

/** Flags of one register once the report's architecture is known. */
export function flagsFor(name: string, value: string, arch: Arch | null): string[] {
  if (NOT_POINTERS.has(name)) return [];
  return registerFlags(value, arch);
}
