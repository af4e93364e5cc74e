/**
 * Input normalisation: turn whatever a reader pasted (dmesg, kern.log, journalctl, serial console,
 * vmcore-dmesg.txt, a web page or PDF copy, a mail quote) into `LogLine`s holding only the kernel's
 * message text. Every downstream parser reads these lines and reports `no` back to the reader.
 *
 * Guarantees: one pass over the input (linear time), every line capped at MAX_LINE_LENGTH before any
 * regular expression sees it, no regex with nested quantifiers, never throws. Problems with the input
 * itself (empty, binary, over-long lines) become `info.notices`, never exceptions.
 */
import type { InputInfo, InputNotice } from '../types.ts';
import type { LogLine } from './types.ts';
import { addNotice, NoticeBook } from './notices.ts';
import {
  DECORATION_FORMATS,
  FORMAT_NAMES,
  newPrefixState,
  stripPrefixes,
  TIMED_FORMATS,
  type PrefixState,
} from './prefixes.ts';

/** Longest line any parser sees. Kernel printk lines are < 1024 bytes; module lists wrap well before this. */
export const MAX_LINE_LENGTH = 4096;
/** Raw line cut before any processing, so a 100 MB line without newline stays cheap. */
export const MAX_RAW_LINE_LENGTH = 8192;
/** Most physical lines folded into one logical line when rejoining a wrapped copy. */
export const MAX_WRAP_JOIN = 40;
/** A head at least this long that reached the wrap width without a trailing space was cut mid-word. */
export const HARD_WRAP_MIN_COLUMN = 150;
/** Lines on each side that set the local wrap width (a PDF page or a mail keeps one width). */
export const WRAP_WINDOW = 40;
/** Heads shorter than this were not wrapped by any real page or terminal width. */
export const MIN_WRAP_WIDTH = 60;
/** Bytes sampled at the start to decide whether the input is binary. */
export const BINARY_SAMPLE = 65536;
/** Share of control characters in the sample above which the input is called binary. */
export const BINARY_RATIO = 0.1;

// Control characters other than tab, newline, CR and ESC (ESC starts ANSI colour, handled apart).
const CONTROL_RE = /[\x00-\x08\x0b\x0c\x0e-\x1a\x1c-\x1f\x7f]/g;
const ANSI_RE = /\x1b\[[0-9;?]{0,32}[ -/]{0,4}[@-~]|\x1b[@-Z\\-_]/g;
// rsyslog's escaping of control characters as `#` + three octal digits.
const RSYSLOG_ESC_RE = /#0([0-3][0-7])/g;
const NON_ASCII_RUN_RE = /[^\x00-\x7f]+/g;
const NUMBER_ONLY_RE = /^\s*(\d{1,7})\s*$/;
const LEADING_NUMBER_RE = /^\s{0,8}(\d{1,7})\s/;
// Localised addr2line/faddr2line output (zh_CN binutils): `func 于 file:line`, `(已内连入)func 于 …`.
const ZH_INLINED_RE = /^\s*[(（]\s*已内[连联]入\s*[)）]\s*/;
const ZH_AT_RE = / 于 /;
const CJK_RE = /[\u3000-\u9fff\uff00-\uffef]/;
// A line that can not be the tail of a wrapped kernel line (markup, shell, crash prompt, prose in CJK).
// crash `bt` frame and the `bt -l` source line under it.
const CRASH_FRAME_RE = /^#\d{1,4} {1,4}\[[0-9a-f]{6,16}\] \S{1,200} at [0-9a-f]{6,16}/;
const BT_L_SOURCE_RE = /^(\/[^\s:]{1,500}\.(?:c|h|S|rs)): (\d{1,7})$/;
const KERNEL_TOP_DIR_RE =
  /\/(?:arch|block|certs|crypto|drivers|fs|include|init|io_uring|ipc|kernel|lib|mm|net|rust|security|sound|virt)\//;
// A Code: continuation: instruction bytes, the faulting one in <..> or (..). Groups are separated by a
// required space: with an optional one, a long hex word splits into 2..8-digit groups in exponentially
// many ways and a line such as `ffff8003e16d2180 ffff8003946b5800 squashfs` backtracks for seconds.
const CODE_BYTES_RE = /^[<(]?[0-9a-f]{2,8}[>)]?(?: [<(]?[0-9a-f]{2,8}[>)]?){0,63} ?$/;
const NOT_A_WRAP_TAIL_RE = /^(?:[#$`<>*|=]|-{2,}|crash>|\s)/;

export interface NormalizeResult {
  lines: LogLine[];
  info: InputInfo;
}

interface WrapCandidate {
  /** Index of the tail line in `out`. */
  idx: number;
  /** Raw length of the physical line before it, and whether that line ended in a space. */
  prevRawLen: number;
  prevEndsInSpace: boolean;
  /** Length of the tail's first word and of the whole tail. */
  firstWord: number;
  tailRawLen: number;
  /** A `Code:` line's continuation made only of instruction bytes. */
  codeBytes: boolean;
}

/** State of one normalize() call, shared by the per-line helpers. */
interface Ctx {
  out: LogLine[];
  /** Counts per F_* bit index, plus named extras. */
  formatBits: number[];
  /** Lines per combination of F_* bits, split into formatBits by finish(). */
  bitCounts: Map<number, number>;
  extras: Map<string, number>;
  st: PrefixState;
  /** Raw length of each `out` line when it carried a time prefix, else -1: the local wrap width. */
  rawLen: number[];
  /** Unprefixed lines right after a prefixed one: wrapped tails, decided once the wrap width is known. */
  wraps: WrapCandidate[];
  /** The last emitted line, if it may still take a wrapped tail. */
  open: LogLine | null;
  /** Raw length of the last physical line of `open` (head or tail). */
  lastRawLength: number;
  /** Whether that line ended in a space (word wrap) or not. */
  lastEndsInSpace: boolean;
  /** The head of the current chain is a `Code:` line (its tails are hex bytes). */
  openIsCode: boolean;
  joined: number;
  // Whole-input prechecks: per-line scans for things the input does not contain are skipped.
  hasEscape: boolean;
  hasAnsi: boolean;
  hasCr: boolean;
  hasControl: boolean;
  hasZh: boolean;
  /** The last line if it was a crash `bt` frame (`#5 [ffff…] func at ffff…`), for `bt -l` source lines. */
  lastCrashFrame: LogLine | null;
}

export interface NormalizeOptions {
  /** Called every PROGRESS_EVERY_LINES lines with characters read so far and the total. */
  onProgress?: (done: number, total: number) => void;
}

/** How often (in lines) normalize reports progress. */
export const PROGRESS_EVERY_LINES = 65536;

const CONTROL_SCAN_RE = /[\x00-\x08\x0b\x0c\x0e-\x1a\x1c-\x1f\x7f]/g;

export function normalize(text: string, options: NormalizeOptions = {}): NormalizeResult {
  const onProgress = options.onProgress;
  const notices = new NoticeBook();
  const ctx: Ctx = {
    out: [],
    formatBits: new Array<number>(FORMAT_NAMES.length).fill(0),
    bitCounts: new Map(),
    extras: new Map(),
    st: newPrefixState(),
    rawLen: [],
    wraps: [],
    open: null,
    openIsCode: false,
    lastRawLength: 0,
    lastEndsInSpace: true,
    joined: 0,
    hasEscape: false,
    hasAnsi: false,
    hasCr: false,
    hasControl: false,
    hasZh: false,
    lastCrashFrame: null,
  };
  let rawLines = 0;
  try {
    if (typeof text !== 'string' || text.length === 0) {
      notices.add({ level: 'warning', code: 'empty', message: 'The input is empty.' });
      return { lines: ctx.out, info: finish(0, 0, ctx, notices) };
    }
    if (looksBinary(text)) {
      notices.add({
        level: 'warning',
        code: 'binary',
        message: 'The input looks binary (many control characters); only its text lines were read.',
      });
    }
    // Next position of each rare character: a line is scanned for it only when it lies inside the line.
    // Each search starts where the last one ended, so all of them together read the text once.
    let nextHash = -1;
    let nextEsc = -1;
    let nextCr = -1;
    let nextZh = -1;
    let nextControl = -1;
    const after = (found: number): number => (found < 0 ? Infinity : found);
    let lastNumberOnly = -1;
    let lastLeadingNumber = -1;
    let pos = 0;
    const len = text.length;
    let no = 0;
    while (pos <= len) {
      let nl = text.indexOf('\n', pos);
      if (nl < 0) nl = len;
      if (nl === len && pos === len && no > 0) break; // trailing newline: no extra empty line
      no++;
      if (onProgress !== undefined && (no & (PROGRESS_EVERY_LINES - 1)) === 0) onProgress(pos, len);
      let raw: string;
      if (nl - pos > MAX_RAW_LINE_LENGTH) {
        raw = text.slice(pos, pos + MAX_RAW_LINE_LENGTH);
        addNotice(
          notices,
          'line-truncated',
          no,
          `Line ${no} is longer than ${MAX_RAW_LINE_LENGTH} characters and was cut.`,
          { max: MAX_RAW_LINE_LENGTH },
        );
      } else {
        raw = text.slice(pos, nl);
      }
      const start = pos;
      const end = nl;
      pos = nl + 1;
      if (nextHash < start) nextHash = after(text.indexOf('#0', start));
      if (nextEsc < start) nextEsc = after(text.indexOf('\x1b', start));
      if (nextCr < start) nextCr = after(text.indexOf('\r', start));
      if (nextZh < start) nextZh = after(text.indexOf('于', start));
      if (nextControl < start) {
        CONTROL_SCAN_RE.lastIndex = start;
        const m = CONTROL_SCAN_RE.exec(text);
        nextControl = m ? m.index : Infinity;
      }
      ctx.hasEscape = nextHash < end;
      ctx.hasAnsi = nextEsc < end;
      ctx.hasCr = nextCr < end;
      ctx.hasZh = nextZh < end;
      ctx.hasControl = nextControl < end;
      if (ctx.hasCr && raw.endsWith('\r')) raw = raw.slice(0, -1);

      const c0 = raw.length > 0 ? raw.charCodeAt(0) : 0;
      if ((c0 >= 48 && c0 <= 57) || c0 === 32) {
        // Page artefact: a line holding only a number that counts up (web page line numbers, seed 004).
        const num = raw.length <= 12 ? NUMBER_ONLY_RE.exec(raw) : null;
        if (num) {
          const v = Number(num[1]);
          // Counting up from 1, or the blank line of a numbered listing (`213 int ret;` then `214`).
          if (v === 1 || v === lastNumberOnly + 1 || v === lastLeadingNumber + 1) {
            lastNumberOnly = v;
            lastLeadingNumber = v;
            countExtra(ctx, 'line-numbers');
            ctx.open = null;
            continue;
          }
        }
        lastNumberOnly = -1;
        const lead = num ? null : LEADING_NUMBER_RE.exec(raw);
        lastLeadingNumber = lead ? Number(lead[1]) : num ? Number(num[1]) : -1;
      } else {
        if (raw.length > 0) lastNumberOnly = -1;
        lastLeadingNumber = -1;
      }
      processPhysicalLine(raw, no, ctx);
    }
    rawLines = no;
    applyWraps(ctx);
  } catch (err) {
    // A bug here must not take the page down: report it as a notice with what was read so far.
    notices.add({
      level: 'error',
      code: 'internal-error',
      message: `The normaliser stopped early: ${err instanceof Error ? err.message : String(err)}`,
    });
  }
  return { lines: ctx.out, info: finish(utf8Length(text), rawLines, ctx, notices) };
}

function processPhysicalLine(raw: string, no: number, ctx: Ctx): void {
  let s = raw;
  if (ctx.hasEscape && s.indexOf('#0') >= 0) {
    const unescaped = s.replace(RSYSLOG_ESC_RE, (_m, oct: string) => String.fromCharCode(parseInt(oct, 8)));
    if (unescaped !== s) {
      s = unescaped;
      countExtra(ctx, 'rsyslog-escapes');
    }
  }
  if ((ctx.hasAnsi || ctx.hasEscape) && s.indexOf('\x1b') >= 0) {
    s = s.replace(ANSI_RE, '');
    countExtra(ctx, 'ansi');
  }
  if (ctx.hasCr && s.indexOf('\r') >= 0) s = s.replace(/\r/g, '');
  if (ctx.hasControl || ctx.hasEscape) {
    CONTROL_RE.lastIndex = 0;
    if (CONTROL_RE.test(s)) {
      CONTROL_RE.lastIndex = 0;
      s = s.replace(CONTROL_RE, '');
    }
  }
  // rsyslog turns embedded newlines into #012: one message becomes several lines with the same number.
  if (ctx.hasEscape && s.indexOf('\n') >= 0) {
    const parts = s.split('\n');
    const first = emitLine(parts[0] ?? '', no, ctx);
    for (let i = 1; i < parts.length; i++) {
      const part = parts[i] ?? '';
      if (part.trim() === '') continue;
      const line = makeLine(no, part);
      if (first?.time !== undefined) line.time = first.time;
      if (first?.caller !== undefined) line.caller = first.caller;
      push(ctx, line, -1);
    }
    ctx.open = null;
    return;
  }
  emitLine(s, no, ctx);
}

function emitLine(s: string, no: number, ctx: Ctx): LogLine | null {
  const st = ctx.st;
  stripPrefixes(s, st);
  const bits = st.formats;
  if (bits !== 0) countBits(ctx, bits);
  // Slice the message out only on the rare paths that need it as a string of its own.
  let rest = st.offset === 0 ? st.rest : '';
  let restFrom = st.offset;

  // A physical line without any prefix right after a prefixed one is, in a PDF or fixed-width copy,
  // the tail of that line. Rejoin it when nothing says it is something else. Mail quoting and copied
  // line numbers sit in front of wrapped tails too; they do not make a line new.
  const open = ctx.open;
  if (
    open !== null &&
    (bits & ~DECORATION_FORMATS) === 0 &&
    ctx.joined < MAX_WRAP_JOIN &&
    (open.endNo ?? open.no) === no - 1 &&
    rest.length > 0 &&
    !NOT_A_WRAP_TAIL_RE.test(rest) &&
    !CJK_RE.test(rest)
  ) {
    const tail = makeLine(no, rest);
    const sp = tail.text.indexOf(' ');
    ctx.wraps.push({
      idx: ctx.out.length,
      prevRawLen: ctx.lastRawLength,
      prevEndsInSpace: ctx.lastEndsInSpace,
      firstWord: sp < 0 ? tail.text.length : sp,
      tailRawLen: s.length,
      codeBytes: ctx.openIsCode && CODE_BYTES_RE.test(tail.text),
    });
    push(ctx, tail, -1);
    ctx.open = tail;
    ctx.joined++;
    ctx.lastRawLength = s.length;
    ctx.lastEndsInSpace = s.endsWith(' ');
    return tail;
  }

  if (ctx.hasZh && st.rest.indexOf('于', restFrom) >= 0) {
    rest = delocaliseAddr2line(st.rest.slice(restFrom), ctx);
    restFrom = 0;
  } else if (restFrom === 0) {
    rest = st.rest;
  }

  // crash `bt -l` prints each frame's source on the next, indented line (`    /path/mm/slub.c: 2966`):
  // fold it into the frame as `… at ffff… /path/mm/slub.c:2966`, the shape the frame parser reads.
  const prev = ctx.lastCrashFrame;
  ctx.lastCrashFrame = null;
  if (prev !== null && bits === 0 && (prev.endNo ?? prev.no) === no - 1) {
    const src = BT_L_SOURCE_RE.exec(rest.trim());
    if (src) {
      prev.text = `${prev.text} ${kernelRelative(src[1] ?? '')}:${src[2] ?? ''}`;
      prev.endNo = no;
      countExtra(ctx, 'crash-bt-l');
      return prev;
    }
  }

  const line = makeLine(no, restFrom === 0 ? rest : st.rest, restFrom);
  line.time = st.time;
  line.caller = st.caller;
  line.ident = st.ident;
  const timed = (bits & TIMED_FORMATS) !== 0;
  push(ctx, line, timed ? s.length : -1);
  if (line.text.charCodeAt(0) === 35 /* # */ && CRASH_FRAME_RE.test(line.text)) ctx.lastCrashFrame = line;

  if (timed && line.text.length > 0) {
    ctx.open = line;
    ctx.openIsCode = line.text.startsWith('Code: ') || line.text.startsWith('code: ');
    ctx.joined = 0;
    ctx.lastRawLength = s.length;
    ctx.lastEndsInSpace = s.endsWith(' ');
  } else {
    ctx.open = null;
  }
  return line;
}

/** `/home/u/arm-kernel/mm/slub.c` → `mm/slub.c`: the build tree's root is private, the kernel path is not. */
function kernelRelative(path: string): string {
  const m = KERNEL_TOP_DIR_RE.exec(path);
  return m ? path.slice(m.index + 1) : path;
}

function push(ctx: Ctx, line: LogLine, rawLen: number): void {
  ctx.out.push(line);
  ctx.rawLen.push(rawLen);
}

/**
 * Decide the wrap candidates now that the lines around each are known, and fold the accepted tails
 * into their heads. A tail is accepted when the head line reached the local wrap width W (the longest
 * prefixed line within WRAP_WINDOW lines): a word-wrapped head plus the tail's first word would not
 * have fitted in W, a hard-wrapped head is W long. Interleaved console output (syzkaller's
 * `executing program`) follows lines of any length and so is left alone. A `Code:` line's byte tails
 * are always joined.
 */
function applyWraps(ctx: Ctx): void {
  if (ctx.wraps.length === 0) return;
  const out = ctx.out;
  const rawLen = ctx.rawLen;
  const joined = new Uint8Array(out.length);
  const headOf = new Int32Array(out.length).fill(-1);
  // First pass: which candidates fit the width rule.
  const fits = ctx.wraps.map((c) => {
    let width = 0;
    const lo = Math.max(0, c.idx - WRAP_WINDOW);
    const hi = Math.min(out.length - 1, c.idx + WRAP_WINDOW);
    for (let i = lo; i <= hi; i++) {
      const w = rawLen[i] ?? -1;
      if (w > width) width = w;
    }
    const ok = c.prevRawLen >= MIN_WRAP_WIDTH && c.prevRawLen + 1 + c.firstWord > width && c.tailRawLen <= width;
    return { ok, width };
  });
  let any = false;
  for (let k = 0; k < ctx.wraps.length; k++) {
    const c = ctx.wraps[k];
    const fit = fits[k];
    if (c === undefined || fit === undefined) continue;
    const before = c.idx - 1;
    if (before < 0) continue;
    // The line before must be the prefixed head or a tail already joined to it.
    const headIdx = joined[before] === 1 ? (headOf[before] ?? -1) : (rawLen[before] ?? -1) >= 0 ? before : -1;
    if (headIdx < 0) continue;
    const width = fit.width;
    // A copy that wraps does so more than once: one lone fit is a console line cut by other output.
    const neighbour = (j: number): boolean => {
      const o = ctx.wraps[j];
      return o !== undefined && fits[j]?.ok === true && Math.abs(o.idx - c.idx) <= WRAP_WINDOW;
    };
    const wordWrapped = fit.ok && (neighbour(k - 1) || neighbour(k + 1));
    if (!c.codeBytes && !wordWrapped) continue;
    const head = out[headIdx];
    const tail = out[c.idx];
    if (head === undefined || tail === undefined) continue;
    const hard = c.prevRawLen >= width - 1 && c.prevRawLen >= HARD_WRAP_MIN_COLUMN && !c.prevEndsInSpace;
    const sep = hard || head.text.endsWith('-') ? '' : ' ';
    const text = head.text + sep + tail.text;
    head.text = text.length > MAX_LINE_LENGTH ? text.slice(0, MAX_LINE_LENGTH) : text;
    head.endNo = tail.endNo ?? tail.no;
    joined[c.idx] = 1;
    headOf[c.idx] = headIdx;
    any = true;
    countExtra(ctx, 'wrapped-lines');
  }
  if (!any) return;
  let w = 0;
  for (let i = 0; i < out.length; i++) {
    if (joined[i] === 1) continue;
    const l = out[i];
    if (l !== undefined) out[w++] = l;
  }
  out.length = w;
}

function delocaliseAddr2line(s: string, ctx: Ctx): string {
  if (!ZH_AT_RE.test(s)) return s;
  let r = s;
  const inl = ZH_INLINED_RE.exec(r);
  if (inl) r = ' (inlined by) ' + r.slice(inl[0].length);
  r = r.replace(ZH_AT_RE, ' at ');
  countExtra(ctx, 'addr2line-zh');
  return r;
}

/** A LogLine with text trimmed, its indent counted and its length capped. */
function makeLine(no: number, s: string, from = 0): LogLine {
  let i = from;
  const n = s.length;
  while (i < n) {
    const c = s.charCodeAt(i);
    if (c !== 32 && c !== 9) break;
    i++;
  }
  let text = i === 0 ? s : s.slice(i);
  if (text.length > 0) {
    const last = text.charCodeAt(text.length - 1);
    if (last === 32 || last === 9) text = text.trimEnd();
  }
  if (text.length > MAX_LINE_LENGTH) text = text.slice(0, MAX_LINE_LENGTH);
  return { no, endNo: undefined, text, time: undefined, caller: undefined, indent: i - from, ident: undefined };
}

/** Size of the input in UTF-8 bytes (what a file on disk holds); a pure-ASCII text is its length. */
export function utf8Length(text: string): number {
  // Only runs of non-ASCII characters cost extra bytes; a native regex finds them, JS counts them.
  let bytes = text.length;
  NON_ASCII_RUN_RE.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = NON_ASCII_RUN_RE.exec(text)) !== null) {
    const run = m[0];
    for (let i = 0; i < run.length; i++) {
      const c = run.charCodeAt(i);
      // 2-byte sequences add 1, 3-byte add 2; a surrogate pair (2 units, 4 bytes) adds 1 per unit.
      bytes += c < 0x800 || (c >= 0xd800 && c < 0xe000) ? 1 : 2;
    }
  }
  return bytes;
}

function looksBinary(text: string): boolean {
  const n = Math.min(text.length, BINARY_SAMPLE);
  let bad = 0;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c < 9 || (c > 13 && c < 32 && c !== 27) || c === 0xfffd) bad++;
  }
  return n > 0 && bad / n > BINARY_RATIO;
}

/** Counts a line's prefix formats; a log repeats one combination, so it is counted whole and split at the end. */
function countBits(ctx: Ctx, bits: number): void {
  ctx.bitCounts.set(bits, (ctx.bitCounts.get(bits) ?? 0) + 1);
}

function splitBitCounts(ctx: Ctx): void {
  for (const [bits, n] of ctx.bitCounts) {
    for (let i = 0; i < FORMAT_NAMES.length; i++) {
      const entry = FORMAT_NAMES[i];
      if (entry !== undefined && (bits & entry[0]) !== 0) ctx.formatBits[i] = (ctx.formatBits[i] ?? 0) + n;
    }
  }
  ctx.bitCounts.clear();
}

function countExtra(ctx: Ctx, key: string): void {
  ctx.extras.set(key, (ctx.extras.get(key) ?? 0) + 1);
}

function finish(bytes: number, lines: number, ctx: Ctx, notices: NoticeBook): InputInfo {
  splitBitCounts(ctx);
  const counts = new Map<string, number>(ctx.extras);
  FORMAT_NAMES.forEach(([, name], i) => {
    const n = ctx.formatBits[i] ?? 0;
    if (n > 0) counts.set(name, (counts.get(name) ?? 0) + n);
  });
  const sorted = [...counts.entries()].sort((a, b) => b[1] - a[1]).map(([k]) => k);
  const list: InputNotice[] = notices.list();
  return { bytes, lines, formats: sorted, notices: list };
}
