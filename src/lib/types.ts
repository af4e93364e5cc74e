/**
 * The engine's public result types: what `analyze()` returns, what the CLI prints as JSON
 * and what the analyzer islands render. The JSON contract in DESIGN.md is a subset of this.
 *
 * Area-specific details live next to the code that produces them (oops/types.ts,
 * oom/types.ts, slab/types.ts) and are re-exported here.
 */
import type { CrashDetails } from './oops/types.ts';
import type { OomDetails } from './oom/types.ts';
import type { SlabDetails, SlabTraceDetails, MeminfoDetails, KmemInfoDetails } from './slab/types.ts';

export type Arch = 'x86_64' | 'x86' | 'arm64' | 'arm' | 'powerpc' | 'riscv' | 's390' | 'mips' | 'loongarch';

/** Every report kind the engine emits. Crash kinds first, then memory evidence. */
export type ReportKind =
  | 'oops' // page fault / GPF / NULL deref / Internal error: Oops / x86 traps
  | 'warning' // WARNING: … (WARN_ON and specialised warnings)
  | 'bug' // BUG: … and kernel BUG at …, list corruption, bad page state, slab corruption
  | 'kasan'
  | 'kfence'
  | 'kmsan'
  | 'kcsan'
  | 'ubsan'
  | 'lockdep'
  | 'lockup' // soft/hard lockup, workqueue lockup
  | 'hung-task'
  | 'rcu-stall'
  | 'leak' // kmemleak
  | 'panic' // Kernel panic - not syncing without an earlier report
  | 'other' // a recognised header of no family above (SYZFAIL, reboot, …)
  | 'oom'
  | 'slab' // a slabtop or /proc/slabinfo snapshot (or a pair of them)
  | 'slab-trace' // slub_debug TRACE lines
  | 'meminfo' // /proc/meminfo
  | 'kmem-info'; // crash> kmem -i

/** A problem with the input itself (not a kernel problem): shown to the reader as a result, never thrown. */
export interface InputNotice {
  level: 'info' | 'warning' | 'error';
  /** Stable machine-readable code, e.g. 'empty', 'binary', 'line-truncated', 'too-large'. */
  code: string;
  /** English sentence; the UI may translate by `code`. */
  message: string;
  /** 1-based input line the notice is about, when there is one. */
  line?: number;
  /** The numbers in `message`, so that the UI can say it in another language. */
  params?: Record<string, number>;
}

/** What the normaliser learned about the paste as a whole. */
export interface InputInfo {
  bytes: number;
  lines: number;
  /** Line-prefix formats recognised, most frequent first (e.g. 'dmesg', 'syslog', 'journalctl-short-iso', 'serial-caller', 'line-numbers'). */
  formats: string[];
  notices: InputNotice[];
}

interface ReportBase {
  kind: ReportKind;
  /** syzkaller-style title (normalised: ADDR, NUM, LINE…), or the spirit of it for OOM/slab. */
  title: string;
  /** Other titles syzkaller would accept (`bad-access in FUNC`, …). */
  altTitles?: string[];
  /** Guilty function, or null. */
  frame: string | null;
  arch: Arch | null;
  /** Kernel release string (`uname -r`), or null. */
  kernel: string | null;
  corrupted: boolean;
  /** Why `corrupted` is true (truncated, interleaved with another report, …). */
  corruptedReason?: string;
  /** 1-based, inclusive lines of the original input. */
  startLine: number;
  endLine: number;
}

export interface CrashReport extends ReportBase {
  kind: Exclude<ReportKind, 'oom' | 'slab' | 'slab-trace' | 'meminfo' | 'kmem-info'>;
  /** syzkaller TYPE class of the title (`KASAN-READ`, `HANG`, `LOCKDEP`, `DoS`…), when known. */
  type?: string;
  crash: CrashDetails;
}
export interface OomReport extends ReportBase {
  kind: 'oom';
  oom: OomDetails;
}
export interface SlabReport extends ReportBase {
  kind: 'slab';
  slab: SlabDetails;
}
export interface SlabTraceReport extends ReportBase {
  kind: 'slab-trace';
  slabTrace: SlabTraceDetails;
}
export interface MeminfoReport extends ReportBase {
  kind: 'meminfo';
  meminfo: MeminfoDetails;
}
export interface KmemInfoReport extends ReportBase {
  kind: 'kmem-info';
  kmemInfo: KmemInfoDetails;
}

export type Report = CrashReport | OomReport | SlabReport | SlabTraceReport | MeminfoReport | KmemInfoReport;

/** One reason a case matched: a sentence plus the evidence it cites. */
export interface MatchReason {
  /** English sentence citing the evidence ("frame kmem_cache_free at line 12"). */
  text: string;
  /** Weight name from match/weights.ts that produced it. */
  signal: string;
  /** Contribution to the score. */
  weight: number;
  /** 1-based input line of the evidence, when there is one. */
  line?: number;
  /** The cited values (frame, cache, offset…) so a UI can phrase the reason in another language. */
  params?: Record<string, string | number>;
}

export interface CaseMatch {
  case: string;
  confidence: 'strong' | 'possible';
  /** 0..1 */
  score: number;
  reasons: string[];
  /** The same reasons with their evidence, for the UI. */
  evidence: MatchReason[];
}

export interface Analysis {
  file?: string;
  input: InputInfo;
  reports: Report[];
  matches: CaseMatch[];
}

export type { CrashDetails, OomDetails, SlabDetails, SlabTraceDetails, MeminfoDetails, KmemInfoDetails };
