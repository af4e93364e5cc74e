/**
 * Details of a crash report (oops, warning, BUG, sanitizer report, lockup…).
 * Owned by the oops parser; first draft of the contract — extend, don't rename.
 */
export interface StackFrame {
  func: string;
  offset?: number;
  size?: number;
  module?: string;
  /** false for `? func+0x…` frames the unwinder could not confirm. */
  reliable: boolean;
  /** Frame the symboliser marked as inlined. */
  inlined?: boolean;
  /** Source location when the log was symbolised (`fs/dcache.c:123`). */
  source?: string;
  /** 1-based input line. */
  line: number;
  /** Stack section the frame belongs to: task, <IRQ>, <NMI>, <SOFTIRQ>, exception. */
  stack?: string;
}

export interface RegisterValue {
  name: string;
  value: string;
  /** 'null', 'poison:…', 'user', 'non-canonical' flags for the reader. */
  flags: string[];
}

export interface FaultAddress {
  value: string;
  /** Plain-English meaning: "NULL + 0xd0: field at offset 0xd0 of a NULL struct pointer". */
  meaning: string;
  class: 'null-offset' | 'user' | 'non-canonical' | 'poison' | 'kernel' | 'unknown';
}

export interface DecodedField {
  name: string;
  value: string;
  meaning: string;
}

export interface CrashDetails {
  header: string;
  headerLine: number;
  pc?: { func: string; offset?: number; size?: number; module?: string; raw: string };
  faultAddress?: FaultAddress;
  /** arm64 ESR or x86 page-fault error code, decoded field by field. */
  esr?: { value: string; fields: DecodedField[]; summary: string };
  errorCode?: { value: string; fields: DecodedField[]; summary: string };
  taint?: { raw: string; flags: { letter: string; meaning: string }[] };
  comm?: string;
  pid?: number;
  cpu?: number;
  hardware?: string;
  context?: 'process' | 'softirq' | 'hardirq' | 'nmi' | 'kthread' | 'workqueue' | 'unknown';
  workqueue?: string;
  /** Work function from the `Workqueue: <wq> <function>` line. */
  workFunction?: string;
  /** Link register / return address (arm64 `lr :`, arm `LR is at`, riscv `ra :`), parsed like `pc`. */
  lr?: { func: string; offset?: number; size?: number; module?: string; raw: string };
  registers: RegisterValue[];
  frames: StackFrame[];
  modules: string[];
  code?: string;
}
