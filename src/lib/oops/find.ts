/**
 * Crash detection: find every oops-like report in normalised log lines, in order, and give each a
 * syzkaller-style title, alternative titles, guilty frame and a corrupted flag with its reason.
 *
 * How (after syzkaller's pkg/report): a line holding a header string of OOPS_ROWS (and no suppression)
 * starts a report. Its lines are those that follow, from the same printk caller when the log has caller
 * tags, up to the next independent header or an end-of-trace marker. Titles come from formats.ts; frames
 * from the stack rules there, skipping generic plumbing (skip-frames.ts). A trailing `Kernel panic` belongs
 * to the report before it.
 *
 * Cost: one cheap regex test per line (capped), the heavier work only on the few lines of each report.
 */
import type { Arch, CrashReport, ReportKind } from '../types.ts';
import type { CrashDetails, StackFrame } from './types.ts';
import type { LogLine } from '../text/types.ts';
import {
  OOPS_ROWS,
  STACK_START,
  partHint,
  TRACE,
  optionalWindow,
  type OopsFormat,
  type OopsRow,
  type StackRule,
} from './formats.ts';
import { frameSpellings, isGenericFrame, skipMatcher, stallFrame } from './skip-frames.ts';
import { normalizeTitle } from './title.ts';
import { crashType } from './crash-type.ts';
import { isCallTraceStart, parseCallTrace } from './frames.ts';
import { extractCrashDetails } from './details/extract.ts';
import { matchReportSpan, reportSpan } from './report-span.ts';

/** Reports returned at most (a real paste has a handful; a crash storm is summarised by its first ones). */
export const MAX_REPORTS = 2000;
/** A `Kernel panic` header this close after a report's last line belongs to that report. */
const TRAILER_GAP = 60;
/** Lines a single report may span; longer reports (huge lockdep chains) are cut here. */
const MAX_REPORT_LINES = 600;
/** Lines titles and frames may be taken from: deep recursions (stack overflows) print traces this long. */
const MAX_EXTRACTION_LINES = 2000;
/** Lines read on the first pass; the long window is only read when the frame was not found in them. */
const FIRST_PASS_LINES = 300;
/** Characters of a line any title/stack regex sees. */
const MAX_SCAN_LINE = 512;
/** A report that stops within this many lines of its header and never showed a stack is truncated. */
const TRUNCATED_MIN_LINES = 3;
/** Lines of other callers tolerated inside a report before it counts as interleaved. */
const INTERLEAVE_TOLERANCE = 3;
/** Lines of a report its title patterns are searched in (syzkaller searches all; titles sit at the top). */
const TITLE_WINDOW_LINES = 8;
/** Lines a multi-line `report` pattern (header … access line) may span. */
const REPORT_WINDOW_LINES = 60;
/** Consecutive lines without a timestamp that end a report in a timestamped log. */
const UNTIMED_END_RUN = 3;

/** One regex for the per-line prefilter: every header string of the table. */
const HEADER_RE = new RegExp(OOPS_ROWS.map((r) => escapeRe(r.header)).join('|'));

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function cap(s: string): string {
  return s.length > MAX_SCAN_LINE ? s.slice(0, MAX_SCAN_LINE) : s;
}

/** The table row whose header the line holds (first in table order), or null. */
export function matchHeader(text: string): OopsRow | null {
  const t = cap(text);
  if (!HEADER_RE.test(t)) return null;
  for (const row of OOPS_ROWS) {
    const pos = t.indexOf(row.header);
    if (pos < 0) continue;
    // Kernel source quoted in notes (`pr_err("BUG: workqueue leaked lock…`) is no crash.
    if (pos > 0 && t.charCodeAt(pos - 1) === 34 /* " */) continue;
    if (row.requires && !row.requires.test(t)) continue;
    let suppressed = false;
    for (const s of row.suppressions) {
      if (s.test(t)) {
        suppressed = true;
        break;
      }
    }
    if (!suppressed) return row;
  }
  return null;
}

/** Headers that close the report before them only when no report is open (they trail a real oops). */
function isTrailer(row: OopsRow): boolean {
  return row.header === 'Kernel panic';
}

function isEndMarker(text: string): boolean {
  return (
    text.startsWith('---[ end trace') ||
    text.startsWith('---[ end Kernel panic') ||
    text.startsWith('Kernel Offset:') ||
    text.startsWith('Rebooting in ')
  );
}

/** `? func+0x…` frames the unwinder could not confirm. */
const QUESTIONABLE_RE = /^\s*(?:\[<?(?:0x)?[0-9a-f]+>?\]\s*){0,2}\? |\(unreliable\)$/;
/** syzkaller's frame regexes: `func+0x…`/`func.isra…` after up to two `[<pc>]`, and arm32's `(f) from (g+…`. */
const FRAME_RE = /^ *(?:\[<?(?:0x)?[0-9a-f]+>?\] *){0,2}([a-zA-Z0-9_]+)(?:\.|\+)/;
const ARM_FRAME_RE =
  /^ *\[<?(?:0x)?[0-9a-f]+>?\] \(([a-zA-Z0-9_.]+)\) from \[<?(?:0x)?[0-9a-f]+>?\] \(([a-zA-Z0-9_]+)(?:\.|\+)/;
/** A frame with an offset, for places where a version string (`4.10.0-rc8+`) must not pass for one. */
const STRICT_FRAME_RE =
  /^ *(?:\[<?(?:0x)?[0-9a-f]+>?\] *){0,2}[a-zA-Z_][a-zA-Z0-9_]*(?:\.[a-zA-Z0-9_.]+)?\+0x[0-9a-f]+/;
/** Fault injection stacks are often mixed into crash reports: a trace containing one is not trustworthy. */
const CORRUPTED_LINE_RE = /^ *(?:\[<?(?:0x)?[0-9a-f]+>?\] *)?should_fail(?:slab)?(?:\.[a-z0-9.]+)?\+0x/;
/** Lines that say a stack exists (syzkaller's stack keywords) for the corrupted check. */
const STACK_KEYWORDS_RE =
  /Call (?:T|t)race|Allocated:|Allocated by task [0-9]+:|Freed:|Freed by task [0-9]+:|[^k] backtrace:|Backtrace:|Uninit was stored to memory at/;
/** Substrings every stack keyword contains: a cheap test before the regex. */
function mayHaveStackKeyword(t: string): boolean {
  return (
    t.includes('race') ||
    t.includes('Allocated') ||
    t.includes('Freed') ||
    t.includes('acktrace') ||
    t.includes('Uninit')
  );
}
/** All stack-start patterns of formats.ts in one regex (one test per line instead of a dozen). */
const STACK_START_RE = new RegExp(STACK_START.map((re) => `(?:${re.source})`).join('|'));

/** Per-line facts several reports would otherwise test again (lines are read by every report whose window covers them). */
const FLAG_DONE = 1;
const FLAG_QUESTIONABLE = 2;
const FLAG_STACK_KEYWORD = 4;
const FLAG_FRAME = 8;

/**
 * Lazily computed flags of each line, once per findCrashReports call: with many headers close together,
 * each line sits in the windows of many reports, and its regexes now run once instead of once per report.
 */
class LineFlags {
  private readonly bits: Uint8Array;
  /** 0 not yet matched, 1 no header, k + 2 the header of OOPS_ROWS[k]. */
  private readonly rows: Uint16Array;
  private readonly lines: readonly LogLine[];
  constructor(lines: readonly LogLine[]) {
    this.lines = lines;
    this.bits = new Uint8Array(lines.length);
    this.rows = new Uint16Array(lines.length);
  }
  /** matchHeader of line j: the region scan, the main loop and the headerless look-back ask for the same lines. */
  header(j: number): OopsRow | null {
    const r = this.rows[j] ?? 0;
    if (r === 1) return null;
    if (r > 1) return OOPS_ROWS[r - 2] ?? null;
    const row = matchHeader(this.lines[j]?.text ?? '');
    if (j >= 0 && j < this.rows.length) this.rows[j] = row ? OOPS_ROWS.indexOf(row) + 2 : 1;
    return row;
  }
  get(j: number): number {
    const b = this.bits[j] ?? 0;
    if (b !== 0) return b;
    const t = cap(this.lines[j]?.text ?? '');
    let f = FLAG_DONE;
    if (QUESTIONABLE_RE.test(t)) f |= FLAG_QUESTIONABLE;
    if (mayHaveStackKeyword(t) && STACK_KEYWORDS_RE.test(t)) f |= FLAG_STACK_KEYWORD;
    if (t.includes('(stack is not available)') || FRAME_RE.test(t) || ARM_FRAME_RE.test(t)) f |= FLAG_FRAME;
    if (j >= 0 && j < this.bits.length) this.bits[j] = f;
    return f;
  }
}

function looksLikeFrame(text: string): boolean {
  const t = cap(text);
  return QUESTIONABLE_RE.test(t) || FRAME_RE.test(t) || ARM_FRAME_RE.test(t);
}

interface Region {
  row: OopsRow;
  start: number; // index into lines
  end: number; // exclusive index
  /** Indexes of the lines that belong to the report (same caller). */
  members: number[];
  interleaved: number;
  /** Index of the header line that ended the report, if one did. */
  nextHeader: number | null;
}

export function findCrashReports(lines: LogLine[]): CrashReport[] {
  const out: CrashReport[] = [];
  try {
    const n = lines.length;
    const flags = new LineFlags(lines);
    let i = 0;
    while (i < n) {
      const line = lines[i];
      const row = line ? flags.header(i) : null;
      if (!line || !row) {
        i++;
        continue;
      }
      const region = collectRegion(lines, i, row, flags);
      // `Kernel panic - not syncing: Fatal exception` right after a report is that report's end, not a new one.
      const prev = out[out.length - 1];
      if (prev && isTrailer(row) && line.no - prev.endLine <= TRAILER_GAP && !prev.title.startsWith('kernel panic')) {
        const last = lines[Math.max(region.start, region.end - 1)];
        prev.endLine = Math.max(prev.endLine, last?.endNo ?? last?.no ?? line.no);
        i = Math.max(region.end, i + 1);
        continue;
      }
      let report: CrashReport | null = null;
      try {
        report = buildReport(lines, region, flags);
      } catch {
        // A bug in one rule loses that report, not the ones after it.
        report = null;
      }
      if (report) out.push(report);
      // Each report may read a bounded window ahead; capping their number keeps adversarial pastes linear.
      if (out.length >= MAX_REPORTS) break;
      i = Math.max(region.end, i + 1);
    }
  } catch {
    // Never throw on any input: a bug in a rule loses reports, not the page.
  }
  return out;
}

function collectRegion(lines: LogLine[], start: number, row: OopsRow, flags: LineFlags): Region {
  const first = lines[start];
  const caller = first?.caller;
  const timed = first?.time !== undefined;
  const members = [start];
  let interleaved = 0;
  let end = start + 1;
  const limit = Math.min(lines.length, start + MAX_REPORT_LINES);
  // The report stays open until an end marker or, in a timestamped log, a run of lines without timestamps
  // (prose or a shell prompt after a pasted excerpt). After it closes, the scan only looks for the next header.
  let open = true;
  let prevOurs = true;
  let untimed = 0;
  let nextHeader: number | null = null;
  for (let j = start + 1; j < limit; j++) {
    const l = lines[j];
    if (!l) break;
    // Caller tags: another task's or CPU's lines interleave with ours; skip them, but count them.
    const ours: boolean =
      caller === undefined || l.caller === caller || (l.caller === undefined && l.time === undefined && prevOurs);
    prevOurs = ours;
    if (!ours) {
      if (open) interleaved++;
      continue;
    }
    const text = l.text;
    const h = flags.header(j);
    if (h && !isTrailer(h) && !isContinuation(row, h, text)) {
      // A one-line message printed into the middle of a call trace (frames on both sides) is noise, not a new report.
      const prev = lines[members[members.length - 1] ?? start]?.text ?? '';
      const next = lines[j + 1]?.text ?? '';
      if (open && looksLikeFrame(prev) && looksLikeFrame(next)) {
        interleaved++;
        continue;
      }
      nextHeader = j;
      break;
    }
    if (!open) continue;
    if (timed && l.time === undefined && text.trim() !== '') {
      if (++untimed >= UNTIMED_END_RUN) {
        open = false;
        while (members.length > 1 && lines[members[members.length - 1] ?? start]?.time === undefined) members.pop();
        end = (members[members.length - 1] ?? start) + 1;
        continue;
      }
    } else untimed = 0;
    members.push(j);
    end = j + 1;
    if (isEndMarker(text)) open = false;
  }
  return { row, start, end, members, interleaved, nextHeader };
}

/** Headers printed inside a report of another family (lockdep's INFO lines, KASAN's BUG lines…). */
function isContinuation(row: OopsRow, next: OopsRow, text: string): boolean {
  // The list-debug message is printed inside the report it belongs to (before or after its header).
  if (next.header === ' corruption') return true;
  if (
    row.header === ' corruption' &&
    (next.header === 'kernel BUG' ||
      next.header === 'WARNING:' ||
      next.header === 'invalid opcode:' ||
      next.header === 'Internal error:')
  )
    return true;
  // `kernel BUG at …` is followed by the trap that raised it (x86 invalid opcode, arm `Internal error: Oops - BUG`).
  if (row.header === 'kernel BUG' && (next.header === 'invalid opcode:' || next.header === 'Internal error:'))
    return true;
  // syzkaller's `BUG: memory leak` line introduces kmemleak's own `unreferenced object` block.
  if (row.header === 'BUG:' && next.header === 'unreferenced object 0x') return true;
  // arm/arm64 print `Unable to handle kernel …`, the abort decoding, then `Internal error: Oops: …` for one fault.
  if (row.header === 'Unable to handle kernel' && next.header === 'Internal error:') return true;
  if (next.header === 'INFO:' && /INFO: (?:lockdep is turned off|Freed in|Allocated in|Slab |Object )/.test(text))
    return true;
  // rcu stall reports print more rcu INFO lines for the same stall.
  if (
    row.header === 'INFO:' &&
    next.header === 'INFO:' &&
    /rcu_\w+ (?:self-)?detected|rcu: INFO|INFO: Stall ended/.test(text)
  )
    return true;
  return false;
}

interface Extracted {
  title: string;
  alts: string[];
  frame: string | null;
  corrupted: string | null;
  format: OopsFormat | null;
  /** Index into the extraction texts of the last line the title or frame was read from. */
  lastText: number;
}

function buildReport(lines: LogLine[], region: Region, flags: LineFlags): CrashReport | null {
  // Most reports name their frame within a few hundred lines; deep recursions need the long window.
  let ext = extractionTexts(lines, region, true, FIRST_PASS_LINES);
  if (ext.texts.length === 0) return null;
  // Frames the unwinder marked `?` are left out: a report whose only frames are questionable is corrupted.
  let ex = extractDescription(ext, flags, region.row, false);
  const lastRead = ext.idx[ext.idx.length - 1] ?? region.start;
  if (
    ext.more &&
    ex.corrupted === 'could not find a guilty frame' &&
    (region.nextHeader === null || region.nextHeader > lastRead)
  ) {
    ext = extractionTexts(lines, region, true, MAX_EXTRACTION_LINES);
    ex = extractDescription(ext, flags, region.row, false);
  }
  const texts = ext.texts;
  if (ex.corrupted === null) {
    // Like syzkaller, the stack check looks at everything after the header, not only up to the next report.
    const whole = region.nextHeader !== null || (ext.more && texts.length < MAX_REPORT_LINES);
    const c = checkCorrupted(ex, whole ? extractionTexts(lines, region, false, MAX_REPORT_LINES) : ext, flags, region);
    if (c) ex.corrupted = c;
  }
  // The report reaches at least to the last line its title and frame were read from.
  const lastUsed = Math.max(region.end - 1, ext.idx[ex.lastText] ?? region.start);
  let firstIdx = region.start;
  let kind: ReportKind = ex.format?.kind ?? region.row.kind;
  if (ex.title === 'kernel panic: Fatal exception') {
    const inferred = inferHeaderlessOops(lines, region.start, flags);
    if (inferred) {
      ex.title = inferred.title;
      ex.alts = inferred.alts;
      ex.frame = inferred.frame;
      ex.corrupted = 'the oops header was not captured; the title is inferred from the registers and the trace';
      firstIdx = inferred.start;
      kind = 'oops';
    }
  }
  const startLine = lines[firstIdx]?.no ?? 1;
  const last = lines[lastUsed];
  const endLine = last ? ((last as LogLine & { endNo?: number }).endNo ?? last.no) : startLine;
  const { crash, arch, kernel } = details(
    lines,
    firstIdx === region.start ? region : { ...region, start: firstIdx, members: range(firstIdx, region.end) },
    texts,
    lines[region.start]?.no ?? 1,
  );
  const report: CrashReport = {
    kind: kind as CrashReport['kind'],
    title: ex.title,
    frame: ex.frame,
    arch,
    kernel,
    corrupted: ex.corrupted !== null,
    startLine,
    endLine,
    crash,
  };
  if (ex.alts.length > 0) report.altTitles = ex.alts;
  if (ex.corrupted !== null) report.corruptedReason = ex.corrupted;
  const type = crashType(ex.title);
  if (type) report.type = type;
  return report;
}

function range(from: number, to: number): number[] {
  const out: number[] = [];
  for (let i = from; i < to; i++) out.push(i);
  return out;
}

/** Lines looked back from a `Kernel panic - not syncing: Fatal exception` for the oops it ends. */
const HEADERLESS_LOOKBACK = 200;
const KERNEL_PC_RE =
  /^(?:RIP: (?:[0-9a-f]{4}:)?(?:\[<[0-9a-f]+>\] +)?|pc : |PC is at |NIP \[[0-9a-f]+\] |epc : )([a-zA-Z_][a-zA-Z0-9_]*)(?:\.[a-zA-Z0-9_.]+)?\+0x/;
const LONE_CR2_RE = /^CR2: ([0-9a-f]{1,16})$/;
/** Below this, a fault address is a field of a NULL struct pointer (the kernel's own NULL-deref test). */
const NULL_PAGE_LIMIT = 0x1000;

/**
 * A vmcore-dmesg or console capture that starts after the oops header still shows the faulting PC, the
 * trace and, for page faults, the lone `CR2:` line. From those, name the oops the way its header would
 * have (and say the title is inferred). Returns null when the lines before the panic hold no kernel PC.
 */
function inferHeaderlessOops(
  lines: readonly LogLine[],
  panicIdx: number,
  flags: LineFlags,
): { title: string; alts: string[]; frame: string; start: number } | null {
  const caller = lines[panicIdx]?.caller;
  let pc: string | null = null;
  let cr2: string | null = null;
  let start = panicIdx;
  const frames: string[] = [];
  for (let j = panicIdx - 1; j >= 0 && j >= panicIdx - HEADERLESS_LOOKBACK; j--) {
    const l = lines[j];
    if (!l || l.caller !== caller) continue;
    const t = cap(l.text);
    if (flags.header(j)) break;
    const m = KERNEL_PC_RE.exec(t);
    if (m && m[1]) pc = m[1];
    const c = LONE_CR2_RE.exec(t);
    if (c && c[1] && cr2 === null) cr2 = c[1];
    const f = FRAME_RE.exec(t);
    if (f && f[1] && !QUESTIONABLE_RE.test(t)) frames.unshift(f[1]);
    start = j;
    if (t.startsWith('CPU: ') && pc !== null) break;
  }
  if (pc === null) return null;
  const frame = !isGenericFrame(pc) ? pc : (frames.find((f) => !isGenericFrame(f)) ?? null);
  if (frame === null) return null;
  const spelled = frameSpellings(frame)[0] ?? frame;
  let title: string;
  if (cr2 !== null) {
    const addr = Number.parseInt(cr2, 16);
    title =
      addr < NULL_PAGE_LIMIT
        ? `BUG: unable to handle kernel NULL pointer dereference in ${spelled}`
        : `BUG: unable to handle kernel paging request in ${spelled}`;
  } else {
    title = `general protection fault in ${spelled}`;
  }
  return { title: normalizeTitle(title), alts: [normalizeTitle(`bad-access in ${spelled}`)], frame: spelled, start };
}

function details(
  lines: LogLine[],
  region: Region,
  texts: readonly string[],
  headerLine: number,
): { crash: CrashDetails; arch: Arch | null; kernel: string | null } {
  const own = region.members.map((i) => lines[i]).filter((l): l is LogLine => l !== undefined);
  // Frames start at the trace header when there is one (KMSAN prints them right under its header line).
  let from = 0;
  for (let i = 0; i < own.length; i++) {
    if (isCallTraceStart(own[i]?.text ?? '')) {
      from = i;
      break;
    }
  }
  const frames: StackFrame[] = parseCallTrace(own, from);
  const ex = extractCrashDetails(own, 0, own.length);
  const crash: CrashDetails = {
    ...ex.details,
    header: texts[0] ?? '',
    headerLine,
    frames,
  };
  return { crash, arch: ex.arch, kernel: ex.kernel };
}

/**
 * The lines titles and frames are taken from: like syzkaller, everything from the header on (same caller
 * only), not just up to the next header, because a truncated trace often continues after a one-line
 * message, and a report printed in the middle of another (a WARNING inside an RCU stall) does not end it.
 */
interface ExtractionTexts {
  texts: string[];
  /** Index into `lines` of each text. */
  idx: number[];
  /** More lines were available than `max`. */
  more: boolean;
}

function extractionTexts(lines: readonly LogLine[], region: Region, cut: boolean, max: number): ExtractionTexts {
  const first = lines[region.start];
  const out: string[] = [];
  const idx: number[] = [];
  if (!first) return { texts: out, idx, more: false };
  const caller = first.caller;
  let limit = Math.min(lines.length, region.start + MAX_EXTRACTION_LINES);
  // Without caller tags nothing tells two reports' lines apart, so the next report ends this one.
  if (cut && caller === undefined && region.nextHeader !== null) limit = Math.min(limit, region.nextHeader);
  let prevOurs = true;
  for (let j = region.start; j < limit; j++) {
    const l = lines[j];
    if (!l) break;
    // An untagged, unstamped line right after one of ours is its wrapped tail (a PDF or mail copy).
    const ours: boolean =
      caller === undefined || l.caller === caller || (l.caller === undefined && l.time === undefined && prevOurs);
    prevOurs = ours;
    if (!ours) continue;
    if (out.length >= max) return { texts: out, idx, more: true };
    out.push(cap(l.text));
    idx.push(j);
  }
  return { texts: out, idx, more: false };
}

/** The title search text: the report's lines joined, questionable frames left out unless asked for. */
function reportText(
  ext: ExtractionTexts,
  flags: LineFlags,
  questionable: boolean,
): { lines: string[]; orig: number[] } {
  const { texts, idx } = ext;
  const ls: string[] = [];
  const orig: number[] = [];
  for (let i = 0; i < texts.length; i++) {
    const t = texts[i] ?? '';
    if ((flags.get(idx[i] ?? -1) & FLAG_QUESTIONABLE) !== 0) {
      if (!questionable) continue;
      ls.push(t.replace(/\? /, ''));
      orig.push(i);
      continue;
    }
    ls.push(t);
    orig.push(i);
  }
  return { lines: ls, orig };
}

function extractDescription(ext: ExtractionTexts, flags: LineFlags, row: OopsRow, questionable: boolean): Extracted {
  const texts = ext.texts;
  const { lines, orig } = reportText(ext, flags, questionable);
  /** Highest index (into `lines`) any rule read: the report's last line must include it. */
  let used = Math.min(lines.length, TITLE_WINDOW_LINES) - 1;
  // Titles are on the header line or just below; a `report` regex may look a little further (KASAN's
  // access line). Bounding the searched text keeps the cost per report constant.
  const text = lines.slice(0, TITLE_WINDOW_LINES).join('\n');
  let reportWindow: string | null = null;
  let best = -1;
  let res: Extracted | null = null;
  let matchedTitle = false;
  for (const f of row.formats) {
    const m = f.title.exec(text);
    if (!m) continue;
    if (best >= 0 && m.index > best) continue;
    if (best >= 0 && m.index === best && res) continue;
    if (best < 0 || m.index < best) res = null;
    best = m.index;
    matchedTitle = true;
    let groups: (string | undefined)[] = m.slice(1);
    if (f.report) {
      const span = reportSpan(f.report);
      const sm = span ? matchReportSpan(span, lines.slice(0, REPORT_WINDOW_LINES)) : undefined;
      if (sm !== undefined) {
        if (sm === null) continue;
        used = Math.max(used, sm.endLine);
        groups = sm.groups;
      } else {
        reportWindow ??= lines.slice(0, REPORT_WINDOW_LINES).join('\n');
        const r = f.report.exec(reportWindow);
        if (!r) continue;
        used = Math.max(used, lineIndexAt(reportWindow, r.index + r[0].length));
        groups = r.slice(1);
      }
    }
    let frame: string | null = null;
    let frame2: string | null = null;
    let corrupted: string | null = null;
    if (f.stack) {
      const startLine = lineIndexAt(text, m.index);
      let st = extractStackFrame(lines, startLine, f.stack, f.stack.parts);
      if (st.frame === null && f.stack.fallback) {
        const fb = extractStackFrame(lines, startLine, f.stack, f.stack.fallback);
        if (fb.frame !== null) st = fb;
      }
      frame = st.frame;
      corrupted = st.corrupted;
      if (st.frame !== null) used = Math.max(used, st.last);
      if (f.stack.parts2) {
        const st2 = extractStackFrame(lines, startLine, f.stack, f.stack.parts2);
        frame2 = st2.frame;
        if (!frame2) corrupted = corrupted ?? st2.corrupted;
      }
    }
    const spellings = frame ? frameSpellings(frame) : ['corrupted'];
    const fill = (tpl: string, fr: string): string =>
      tpl.replace(/%([1-9FG])/g, (_, k: string) =>
        k === 'F'
          ? fr
          : k === 'G'
            ? frame2
              ? (frameSpellings(frame2)[0] ?? frame2)
              : 'corrupted'
            : (groups[Number(k) - 1] ?? ''),
      );
    const title = normalizeTitle(fill(f.fmt, spellings[0] ?? 'corrupted'));
    const alts = new Set<string>();
    for (const sp of spellings) {
      if (sp !== spellings[0]) alts.add(normalizeTitle(fill(f.fmt, sp)));
      for (const a of f.alt ?? []) alts.add(normalizeTitle(fill(a, sp)));
    }
    alts.delete(title);
    res = {
      title,
      alts: [...alts].sort(),
      frame: f.stack ? (spellings[0] ?? null) : frameFromFmt(f, groups),
      corrupted,
      format: f,
      lastText: 0,
    };
    if (f.corrupted && res.corrupted === null) res.corrupted = 'report format is marked as corrupted';
  }
  if (res) {
    res.lastText = orig[Math.max(0, Math.min(used, orig.length - 1))] ?? 0;
    return res;
  }
  // The catch-all row: the header line itself, from the header to the end of the line.
  const headerLine = texts[0] ?? '';
  const pos = headerLine.indexOf(row.header);
  const raw = pos >= 0 ? headerLine.slice(pos) : headerLine;
  return {
    title: normalizeTitle(raw),
    alts: [],
    frame: null,
    corrupted: matchedTitle ? 'matched title but not report regexp' : null,
    format: null,
    lastText: 0,
  };
}

function frameFromFmt(f: OopsFormat, groups: (string | undefined)[]): string | null {
  // Formats without a stack rule have their frame in the title (if any), e.g. `BUG: Dentry still in use in unmount`.
  const m = / in ([a-zA-Z0-9_]+)$/.exec(f.fmt.replace(/%([1-9])/g, (_, k: string) => groups[Number(k) - 1] ?? ''));
  return m ? (m[1] ?? null) : null;
}

function lineIndexAt(text: string, pos: number): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < pos; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

function extractStackFrame(
  lines: readonly string[],
  startLine: number,
  rule: StackRule,
  parts: readonly (RegExp | typeof TRACE)[],
): { frame: string | null; corrupted: string | null; last: number } {
  const skip = skipMatcher(rule.skip);
  const frames: string[] = [];
  let idx = startLine;
  let corrupted: string | null = null;
  const add = (f: string | undefined): void => {
    if (f === undefined || f === '') return;
    if (!skip(f)) frames.push(f);
  };
  let numTraces = 0;
  outer: for (let p = 0; p < parts.length; p++) {
    const part = parts[p];
    if (part === undefined) break;
    if (part === TRACE) {
      numTraces++;
      while (idx < lines.length) {
        const ln = lines[idx++] ?? '';
        if (CORRUPTED_LINE_RE.test(ln)) {
          corrupted = 'stack trace contains fault injection frames';
          continue outer;
        }
        if (STACK_START_RE.test(ln)) {
          if (numTraces > 0 && frames.length > 0) continue outer;
          continue;
        }
        const next = parts[p + 1];
        if (next !== undefined && next !== TRACE) {
          const nm = next.exec(ln);
          if (nm) {
            add(nm.length > 1 ? nm[nm.length - 1] : undefined);
            p++;
            continue outer;
          }
        }
        const am = ARM_FRAME_RE.exec(ln);
        if (am) {
          add(am[1]?.replace(/\..*$/, ''));
          add(am[2]);
        } else {
          const fm = FRAME_RE.exec(ln);
          if (fm) add(fm[1]);
        }
        // The default rule takes the first frame and the stall rule the frame above the first anchor:
        // once that is known, the rest of the trace cannot change the answer.
        if (rule.extractor !== 'stall' ? frames.length > 0 : stallFrame(frames) !== null) {
          // syzkaller reads the whole trace: fault-injection frames anywhere in it make it untrustworthy.
          if (faultInjectionAhead(lines, idx)) {
            return { frame: null, corrupted: 'stack trace contains fault injection frames', last: idx - 1 };
          }
          break outer;
        }
      }
    } else {
      let found = false;
      const from = idx;
      const window = optionalWindow(part);
      const stop = window > 0 ? Math.min(lines.length, idx + window) : lines.length;
      const hint = partHint(part);
      while (idx < stop) {
        const ln = lines[idx++] ?? '';
        if (hint && !hint(ln) && !ln.includes('should_fail')) continue;
        if (CORRUPTED_LINE_RE.test(ln)) {
          corrupted = 'stack trace contains fault injection frames';
          continue outer;
        }
        const m = part.exec(ln);
        if (!m) continue;
        // The frame is the last capture (an earlier one may be the source file of a WARNING line).
        add(m.length > 1 ? m[m.length - 1] : undefined);
        found = true;
        break;
      }
      if (!found) {
        if (window > 0) {
          idx = from;
          continue;
        }
        break;
      }
    }
  }
  let frame: string | null = null;
  if (rule.extractor === 'stall') frame = stallFrame(frames);
  else frame = frames[0] ?? null;
  if (frame === null) return { frame: null, corrupted: corrupted ?? 'could not find a guilty frame', last: idx - 1 };
  return { frame, corrupted, last: idx - 1 };
}

/** Lines after an early-found frame that are still checked for fault-injection frames. */
const FAULT_INJECTION_LOOKAHEAD = 200;

function faultInjectionAhead(lines: readonly string[], from: number): boolean {
  const end = Math.min(lines.length, from + FAULT_INJECTION_LOOKAHEAD);
  for (let i = from; i < end; i++) {
    const ln = lines[i] ?? '';
    if (ln.includes('should_fail') && CORRUPTED_LINE_RE.test(ln)) return true;
    if (mayHaveStackKeyword(ln) && STACK_START_RE.test(ln)) return false;
  }
  return false;
}

/** syzkaller's isCorrupted: a report that mentions a stack must show frames after it; else it was cut. */
function checkCorrupted(ex: Extracted, all: ExtractionTexts, flags: LineFlags, region: Region): string | null {
  const texts = all.texts.length > MAX_REPORT_LINES ? all.texts.slice(0, MAX_REPORT_LINES) : all.texts;
  const idx = all.idx;
  if (/\[ *[0-9]+\.[0-9]+\]/.test(ex.title)) return 'title contains a merged timestamp';
  if (!ex.format) return null;
  if (ex.format.noStackTrace) return null;
  if (region.interleaved > INTERLEAVE_TOLERANCE && region.members.length < TRUNCATED_MIN_LINES)
    return 'interleaved with other output';
  let hasStack = false;
  // Recent KMSAN/KASAN print frames right under the header, with no `Call Trace:` keyword.
  for (let k = 1; k < 5 && k < texts.length; k++) if (STRICT_FRAME_RE.test(texts[k] ?? '')) hasStack = true;
  for (let i = 0; i < texts.length; i++) {
    if ((flags.get(idx[i] ?? -1) & FLAG_STACK_KEYWORD) === 0) continue;
    hasStack = true;
    if (texts.length - i < 4) return 'call trace is missing';
    let ok = false;
    for (let k = i + 1; k < texts.length && k < i + 16; k++) {
      const fl = flags.get(idx[k] ?? -1);
      if ((fl & FLAG_STACK_KEYWORD) !== 0) break;
      if ((fl & FLAG_FRAME) !== 0) {
        ok = true;
        break;
      }
    }
    if (!ok) return 'no frames in a stack trace';
  }
  if (!hasStack) return 'no stack trace in report';
  return null;
}
