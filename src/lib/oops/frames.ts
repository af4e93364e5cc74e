/**
 * Call-trace frame parsing: one line of a stack trace → a StackFrame, and a whole trace → StackFrame[].
 *
 * Understands the shapes kernels and tools print:
 *   x86 / arm64 / riscv   ` ? func+0x1c/0x90 [module]`, ` func+0x1c/0x90 fs/dcache.c:123`, ` func fs/x.c:7 [inline]`
 *   old x86 / arm64       ` [<ffffffff8123abcd>] ? func+0x1c/0x90`
 *   arm32                 `[<c0110a04>] (func+0x0/0x10) from [<c0110b00>] (caller+0x4/0x8)`, ` func from caller+0x4/0x8`
 *   powerpc               `[c0000000fe3bfa30] [c0000000004e7e64] func+0x54/0x1a0 (unreliable)`
 *   crash `bt`            ` #5 [ff6a361b00863d28] do_show_dentry_tree at fffffffb6272b6a [module]`
 *   faddr2line/addr2line  `func at mm/slub.c:2966`, `(inlined by) func at …`, localised `func 于 …`, `(已内连入)func 于 …`
 * and the stack boundaries `<IRQ>`, `</IRQ>`, `<NMI>`, `<TASK>`, `<EOI>`, `<#DF>`, powerpc `--- interrupt:`.
 *
 * Pure and linear: every line is capped before any regex, and a cheap substring prefilter runs first.
 */
import type { StackFrame } from './types.ts';
import type { LogLine } from '../text/types.ts';

/** Longest line prefix a frame regex ever sees; real frame lines are far shorter. */
const MAX_FRAME_LINE = 400;
/** Frames kept per trace: deeper traces are recursion or garbage and only cost memory. */
const MAX_FRAMES = 256;

/** A symbol: C identifiers plus the `.isra.0` / `.cold` / `.constprop.3` / `$` suffixes compilers add. */
const SYM = String.raw`[A-Za-z_$][\w.$]*`;
const OFF = String.raw`\+0x([0-9a-fA-F]+)(?:\/0x([0-9a-fA-F]+))?`;
const SRC = String.raw`((?:[\w.+-]+\/)*[\w.+-]+\.(?:c|h|S|s|rs|cc|cpp|go|inc)(?::\d+)+)`;
/** ` [module]` or ` [module 0123abcd…]` (build id since 5.19). */
const MOD = String.raw`\[(?!inline\])([\w-]+)(?: [0-9a-f]+)?\]`;

/** x86, arm64, riscv, old `[<addr>]` forms, powerpc `[sp] [pc]` forms; symbolised or not. */
const GENERIC_FRAME_RE = new RegExp(
  String.raw`^\s*(?:\[<?[0-9a-fA-F]{6,}>?\]\s*){0,2}(\?\s+)?(?:\[<?[0-9a-fA-F]{6,}>?\]\s*)?(\? )?(${SYM})(?:${OFF})?(?:\s+${MOD})?(?:\s+${SRC})?(?:\s+${MOD})?(\s+\[inline\])?(\s+\(unreliable\))?\s*$`,
);
/** arm32: `[<pc>] (func+off/size) from [<lr>] (caller…)` and the 5.x ` func from caller+…`. */
const ARM32_FRAME_RE = new RegExp(
  String.raw`^\s*(?:\[<[0-9a-fA-F]+>\]\s*)?\(?(${SYM})(?:${OFF})?\)?(?:\s+${MOD})?\s+from\s+(?:\[<[0-9a-fA-F]+>\]\s*)?\(?${SYM}`,
);
/** crash `bt`: ` #5 [ff6a361b00863d28] func at fffffffb6272b6a [module]`. */
const CRASH_BT_RE = new RegExp(
  String.raw`^\s*#\d+\s+\[[0-9a-fA-F]+\]\s+(${SYM})\s+at\s+[0-9a-fA-F]+(?:\s+${MOD})?(?:\s+${SRC})?`,
);
/** faddr2line / addr2line, English or localised (`于` = at, `已内连入` = inlined by). */
const ADDR2LINE_RE = new RegExp(
  String.raw`^\s*(\((?:inlined by|已内连入|已内联入|内联于)\)\s*)?(${SYM})(?:${OFF})?\s+(?:at|于)\s+${SRC}`,
);
/** Boundary markers printed inside x86 traces. */
const MARKER_RE = /^\s*<(\/?)(IRQ|NMI|TASK|SOFTIRQ|EOI|EOE|#[A-Z]{2,3})>\s*/;

export interface StackMarker {
  /** Stack entered (`<IRQ>` → 'IRQ') or left (`</IRQ>` → 'IRQ'). */
  stack: string;
  end: boolean;
  /** Length of the marker text, so a frame printed after it on the same line can still be parsed. */
  length: number;
}

/** `<IRQ>`, `</IRQ>`, `<EOI>` (old end of IRQ), `<#DF>`, … at the start of a line. */
export function parseStackMarker(text: string): StackMarker | null {
  // Markers start the line (after at most a few spaces): look at the first characters only.
  let k = 0;
  while (k < 8 && text.charCodeAt(k) === 32) k++;
  if (text.charCodeAt(k) !== 60 /* < */) return null;
  const m = MARKER_RE.exec(text.length > 64 ? text.slice(0, 64) : text);
  if (!m) return null;
  const name = m[2] ?? '';
  // <EOI> and <EOE> close the IRQ / exception stack in 2.6–4.x kernels.
  if (name === 'EOI') return { stack: 'IRQ', end: true, length: m[0].length };
  if (name === 'EOE') return { stack: 'exception', end: true, length: m[0].length };
  const stack = name.startsWith('#') ? 'exception' : name;
  return { stack, end: m[1] === '/', length: m[0].length };
}

/** Lines that open a stack trace. */
export function isCallTraceStart(text: string): boolean {
  const t = text.trimStart();
  return (
    t.startsWith('Call Trace') ||
    t.startsWith('Call trace') ||
    t.startsWith('Backtrace:') ||
    t.startsWith('Stack trace:') ||
    t.startsWith('#0 [')
  );
}

/** Cheap test before any regex: does the line have something only frame lines have? */
function mayBeFrame(text: string): boolean {
  return (
    text.includes('+0x') ||
    text.includes(' at ') ||
    text.includes('于') ||
    text.includes(' from ') ||
    text.includes('[inline]') ||
    text.includes('.c:') ||
    text.includes('.h:') ||
    text.includes('.S:') ||
    text.includes('.rs:')
  );
}

function hex(s: string | undefined): number | undefined {
  if (s === undefined || s.length > 13) return undefined;
  const n = Number.parseInt(s, 16);
  return Number.isFinite(n) ? n : undefined;
}

function build(
  func: string,
  line: number,
  reliable: boolean,
  off: string | undefined,
  size: string | undefined,
  module: string | undefined,
  source: string | undefined,
  inlined: boolean,
  stack: string | undefined,
): StackFrame {
  const f: StackFrame = { func, reliable, line };
  const o = hex(off);
  if (o !== undefined) f.offset = o;
  const s = hex(size);
  if (s !== undefined) f.size = s;
  if (module !== undefined) f.module = module;
  if (source !== undefined) f.source = source;
  if (inlined) f.inlined = true;
  if (stack !== undefined) f.stack = stack;
  return f;
}

/** Words that the generic regex would accept as a bare symbol with a source location but are prose. */
const NOT_SYMBOLS = new Set(['at', 'in', 'from', 'the', 'and', 'or', 'of', 'is', 'RIP', 'PC', 'LR', 'pc', 'lr']);

/**
 * Parse one call-trace line. `line` is the 1-based input line, `stack` the section it sits in.
 * Returns null for anything that is not a frame (register dumps, prose, headers).
 */
export function parseFrameLine(text: string, line: number, stack?: string): StackFrame | null {
  let t = text.length > MAX_FRAME_LINE ? text.slice(0, MAX_FRAME_LINE) : text;
  if (!mayBeFrame(t)) return null;
  // A marker may precede a frame on the same line in old kernels: ` <IRQ>  [<ffffffff81…>] func+0x…`.
  const mk = parseStackMarker(t);
  if (mk) t = t.slice(mk.length);
  if (t.includes(' at ') || t.includes('于')) {
    const c = CRASH_BT_RE.exec(t);
    if (c) return build(c[1] ?? '', line, true, undefined, undefined, c[2], c[3], false, stack);
    const a = ADDR2LINE_RE.exec(t);
    if (a) return build(a[2] ?? '', line, true, a[3], a[4], undefined, a[5], false, stack);
  }
  if (t.includes(' from ')) {
    const a = ARM32_FRAME_RE.exec(t);
    if (a) return build(a[1] ?? '', line, true, a[2], a[3], a[4], undefined, false, stack);
  }
  const g = GENERIC_FRAME_RE.exec(t);
  if (!g) return null;
  const func = g[3] ?? '';
  const off = g[4];
  const source = g[7];
  // A bare word is a frame only when it carries an offset or a source location.
  if (off === undefined && source === undefined) return null;
  if (NOT_SYMBOLS.has(func)) return null;
  const reliable = g[1] === undefined && g[2] === undefined && g[10] === undefined;
  const module = g[6] ?? g[8];
  return build(func, line, reliable, off, g[5], module, source, g[9] !== undefined, stack);
}

/** Does this line belong to the trace even though it is no frame (register dump inside an IRQ entry, etc.)? */
function isTraceFiller(text: string): boolean {
  const t = text.trimStart();
  return (
    t === '' ||
    t.startsWith('RIP:') ||
    t.startsWith('RSP:') ||
    t.startsWith('RAX:') ||
    t.startsWith('RDX:') ||
    t.startsWith('RBP:') ||
    t.startsWith('R10:') ||
    t.startsWith('R13:') ||
    t.startsWith('Code:') ||
    t.startsWith('---') ||
    t.startsWith('Exception stack') ||
    t.startsWith('Stack:') ||
    /^[0-9a-f]{4}: /.test(t.length > 16 ? t.slice(0, 16) : t)
  );
}

/** Stops a trace walk: the next report or the end-of-trace markers. */
function isTraceEnd(text: string): boolean {
  const t = text.trimStart();
  return (
    t.startsWith('---[ end') ||
    t.startsWith('Modules linked in') ||
    t.startsWith('Kernel panic') ||
    t.startsWith('Kernel Offset') ||
    t.startsWith('Showing ') ||
    t.startsWith('Mem-Info:')
  );
}

/** A faddr2line `(inlined by)` line: the frame before it was inlined into this one. */
function isInlinedBy(text: string): boolean {
  return text.includes('(inlined by)') || text.includes('(已内连入)') || text.includes('(已内联入)');
}

/**
 * Parse the trace that starts at or after index `from` of `lines` (a `Call Trace:` line or the first frame),
 * up to index `to` (exclusive). Tracks the `<IRQ>`/`<NMI>`/exception sections and `[inline]` markers,
 * and stops at the first run of non-frame lines after frames were seen.
 */
export function parseCallTrace(lines: readonly LogLine[], from: number, to: number = lines.length): StackFrame[] {
  const frames: StackFrame[] = [];
  let stack: string | undefined;
  let gap = 0;
  const end = Math.min(to, lines.length);
  for (let i = Math.max(0, from); i < end && frames.length < MAX_FRAMES; i++) {
    const ll = lines[i];
    if (!ll) continue;
    const text = ll.text;
    if (frames.length > 0 && isTraceEnd(text)) break;
    const mk = parseStackMarker(text);
    if (mk) {
      if (mk.end) stack = mk.stack === 'TASK' || stack === mk.stack || stack === undefined ? undefined : 'task';
      else stack = mk.stack === 'TASK' ? 'task' : mk.stack;
      if (mk.end && stack === 'task') stack = undefined;
      gap = 0;
      const rest = text.slice(mk.length);
      if (!mayBeFrame(rest)) continue;
    }
    const f = parseFrameLine(text, ll.no, stack);
    if (f) {
      if (isInlinedBy(text)) {
        const prev = frames[frames.length - 1];
        if (prev) prev.inlined = true;
      }
      frames.push(f);
      gap = 0;
      continue;
    }
    if (isCallTraceStart(text) || isTraceFiller(text)) continue;
    // Tolerate a couple of foreign lines (interleaved output) inside a trace, not more.
    if (frames.length > 0 && ++gap > 2) break;
  }
  return frames;
}
