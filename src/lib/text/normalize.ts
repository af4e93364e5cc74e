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
import { stripPrefixes } from './prefixes.ts';

/** Longest line any parser sees. Kernel printk lines are < 1024 bytes; module lists wrap well before this. */
export const MAX_LINE_LENGTH = 4096;
/** Raw line cut before any processing, so a 100 MB line without newline stays cheap. */
export const MAX_RAW_LINE_LENGTH = 8192;
/** Most physical lines folded into one logical line when rejoining a wrapped copy. */
export const MAX_WRAP_JOIN = 40;
/** A previous line at least this long that did not end in a space was cut mid-word (fixed-column wrap). */
export const HARD_WRAP_MIN_COLUMN = 150;
/** Bytes sampled at the start to decide whether the input is binary. */
export const BINARY_SAMPLE = 65536;
/** Share of control characters in the sample above which the input is called binary. */
export const BINARY_RATIO = 0.1;

// Control characters other than tab, newline, CR and ESC (ESC starts ANSI colour, handled apart).
// eslint-disable-next-line no-control-regex
const CONTROL_RE = /[\x00-\x08\x0b\x0c\x0e-\x1a\x1c-\x1f\x7f]/g;
// eslint-disable-next-line no-control-regex
const ANSI_RE = /\x1b\[[0-9;?]{0,32}[ -/]{0,4}[@-~]|\x1b[@-Z\\-_]/g;
// rsyslog's escaping of control characters as `#` + three octal digits.
const RSYSLOG_ESC_RE = /#0([0-3][0-7])/g;
const NUMBER_ONLY_RE = /^\s*(\d{1,7})\s*$/;
const LEADING_NUMBER_RE = /^\s{0,8}(\d{1,7})\s/;
// Localised addr2line/faddr2line output (zh_CN binutils): `func 于 file:line`, `(已内连入)func 于 …`.
const ZH_INLINED_RE = /^\s*[(（]\s*已内[连联]入\s*[)）]\s*/;
const ZH_AT_RE = / 于 /;
const CJK_RE = /[\u3000-\u9fff\uff00-\uffef]/;
// A line that can not be the tail of a wrapped kernel line (markup, shell, crash prompt, prose in CJK).
const NOT_A_WRAP_TAIL_RE = /^(?:[#$`<>*|=]|-{2,}|crash>|\s)/;

export interface NormalizeResult {
  lines: LogLine[];
  info: InputInfo;
}

/** Per-line state that survives from one physical line to the next. */
interface WrapState {
  /** The last emitted line, if it may still take a wrapped tail. */
  open: LogLine | null;
  /** Raw length of the last physical piece appended to `open`. */
  lastRawLength: number;
  /** Whether that piece ended in a space (word wrap) or not. */
  lastEndsInSpace: boolean;
  joined: number;
}

export interface NormalizeOptions {
  /** Called every PROGRESS_EVERY_LINES lines with characters read so far and the total. */
  onProgress?: (done: number, total: number) => void;
}

/** How often (in lines) normalize reports progress. */
export const PROGRESS_EVERY_LINES = 65536;

export function normalize(text: string, options: NormalizeOptions = {}): NormalizeResult {
  const onProgress = options.onProgress;
  const notices = new NoticeBook();
  const formats = new Map<string, number>();
  const lines: LogLine[] = [];
  let rawLines = 0;
  try {
    if (typeof text !== 'string' || text.length === 0) {
      notices.add({ level: 'warning', code: 'empty', message: 'The input is empty.' });
      return { lines, info: finish(0, 0, formats, notices) };
    }
    if (looksBinary(text)) {
      notices.add({
        level: 'warning',
        code: 'binary',
        message: 'The input looks binary (many control characters); only its text lines were read.',
      });
    }
    const wrap: WrapState = { open: null, lastRawLength: 0, lastEndsInSpace: true, joined: 0 };
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
      let raw = text.slice(pos, nl - pos > MAX_RAW_LINE_LENGTH ? pos + MAX_RAW_LINE_LENGTH : nl);
      if (nl - pos > MAX_RAW_LINE_LENGTH) {
        addNotice(notices, 'line-truncated', no, `Line ${no} is longer than ${MAX_RAW_LINE_LENGTH} characters and was cut.`);
      }
      pos = nl + 1;
      if (raw.endsWith('\r')) raw = raw.slice(0, -1);

      // Page artefact: a line holding only a number that counts up (web page line numbers, seed 004).
      const num = raw.length <= 12 ? NUMBER_ONLY_RE.exec(raw) : null;
      if (num) {
        const v = Number(num[1]);
        // Counting up from 1, or the blank line of a numbered listing (`213 int ret;` then `214`).
        if (v === 1 || v === lastNumberOnly + 1 || v === lastLeadingNumber + 1) {
          lastNumberOnly = v;
          lastLeadingNumber = v;
          count(formats, 'line-numbers');
          wrap.open = null;
          continue;
        }
      } else if (raw.length > 0) {
        lastNumberOnly = -1;
      }
      const c0 = raw.charCodeAt(0);
      const lead = (c0 >= 48 && c0 <= 57) || c0 === 32 ? LEADING_NUMBER_RE.exec(raw) : null;
      lastLeadingNumber = lead ? Number(lead[1]) : num ? Number(num[1]) : -1;
      processPhysicalLine(raw, no, lines, formats, wrap);
    }
    rawLines = no;
  } catch (err) {
    // A bug here must not take the page down: report it as a notice with what was read so far.
    notices.add({
      level: 'error',
      code: 'internal-error',
      message: `The normaliser stopped early: ${err instanceof Error ? err.message : String(err)}`,
    });
  }
  return { lines, info: finish(text.length, rawLines, formats, notices) };
}

function processPhysicalLine(
  raw: string,
  no: number,
  out: LogLine[],
  formats: Map<string, number>,
  wrap: WrapState,
): void {
  let s = raw;
  if (s.indexOf('#0') >= 0) {
    const unescaped = s.replace(RSYSLOG_ESC_RE, (_m, oct: string) => String.fromCharCode(parseInt(oct, 8)));
    if (unescaped !== s) {
      s = unescaped;
      count(formats, 'rsyslog-escapes');
    }
  }
  if (s.indexOf('\x1b') >= 0) {
    s = s.replace(ANSI_RE, '');
    count(formats, 'ansi');
  }
  if (s.indexOf('\r') >= 0) s = s.replace(/\r/g, '');
  CONTROL_RE.lastIndex = 0;
  if (CONTROL_RE.test(s)) {
    CONTROL_RE.lastIndex = 0;
    s = s.replace(CONTROL_RE, '');
  }
  // rsyslog turns embedded newlines into #012: one message becomes several lines with the same number.
  if (s.indexOf('\n') >= 0) {
    const parts = s.split('\n');
    const first = emitLine(parts[0] ?? '', no, out, formats, wrap);
    for (let i = 1; i < parts.length; i++) {
      const part = parts[i] ?? '';
      if (part.trim() === '') continue;
      const t = trimmed(part);
      const line: LogLine = { no, text: t.text, indent: t.indent };
      if (first?.time !== undefined) line.time = first.time;
      if (first?.caller !== undefined) line.caller = first.caller;
      out.push(line);
    }
    wrap.open = null;
    return;
  }
  emitLine(s, no, out, formats, wrap);
}

function emitLine(
  s: string,
  no: number,
  out: LogLine[],
  formats: Map<string, number>,
  wrap: WrapState,
): LogLine | null {
  const p = stripPrefixes(s);
  for (const f of p.formats) count(formats, f);
  let rest = p.rest;

  // A physical line without any prefix right after a prefixed one is, in a PDF or fixed-width copy,
  // the tail of that line. Rejoin it when nothing says it is something else.
  // Mail quoting and copied line numbers sit in front of wrapped tails too; they do not make a line new.
  const ownPrefix = p.formats.some((f) => f !== 'mail-quote' && f !== 'line-numbers');
  if (
    !ownPrefix &&
    wrap.open !== null &&
    wrap.joined < MAX_WRAP_JOIN &&
    (wrap.open.endNo ?? wrap.open.no) === no - 1 &&
    rest.length > 0 &&
    !NOT_A_WRAP_TAIL_RE.test(rest) &&
    !CJK_RE.test(rest)
  ) {
    const open = wrap.open;
    const hard = wrap.lastRawLength >= HARD_WRAP_MIN_COLUMN && !wrap.lastEndsInSpace;
    const sep = hard || open.text.endsWith('-') ? '' : ' ';
    const joinedText = open.text + sep + rest.trimEnd();
    open.text = joinedText.length > MAX_LINE_LENGTH ? joinedText.slice(0, MAX_LINE_LENGTH) : joinedText;
    open.endNo = no;
    wrap.joined++;
    wrap.lastRawLength = s.length;
    wrap.lastEndsInSpace = s.endsWith(' ');
    count(formats, 'wrapped-lines');
    return open;
  }

  if (rest.length > 0 && rest.indexOf('于') >= 0) rest = delocaliseAddr2line(rest, formats);

  const t = trimmed(rest);
  const line: LogLine = { no, text: t.text, indent: t.indent };
  if (p.time !== undefined) line.time = p.time;
  if (p.caller !== undefined) line.caller = p.caller;
  if (p.ident !== undefined) line.ident = p.ident;
  out.push(line);

  const hasTimePrefix = p.time !== undefined || p.formats.includes('syslog') || p.formats.includes('journal');
  if (hasTimePrefix && t.text.length > 0) {
    wrap.open = line;
    wrap.joined = 0;
    wrap.lastRawLength = s.length;
    wrap.lastEndsInSpace = s.endsWith(' ');
  } else {
    wrap.open = null;
  }
  return line;
}

function delocaliseAddr2line(s: string, formats: Map<string, number>): string {
  if (!ZH_AT_RE.test(s)) return s;
  let r = s;
  const inl = ZH_INLINED_RE.exec(r);
  if (inl) r = ' (inlined by) ' + r.slice(inl[0].length);
  r = r.replace(ZH_AT_RE, ' at ');
  count(formats, 'addr2line-zh');
  return r;
}

function trimmed(s: string): { text: string; indent: number } {
  let i = 0;
  while (i < s.length) {
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
  return { text, indent: i };
}

function looksBinary(text: string): boolean {
  const n = Math.min(text.length, BINARY_SAMPLE);
  let bad = 0;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if ((c < 9 || (c > 13 && c < 32 && c !== 27)) || c === 0xfffd) bad++;
  }
  return n > 0 && bad / n > BINARY_RATIO;
}

function count(m: Map<string, number>, key: string): void {
  m.set(key, (m.get(key) ?? 0) + 1);
}

function finish(bytes: number, lines: number, formats: Map<string, number>, notices: NoticeBook): InputInfo {
  const sorted = [...formats.entries()].sort((a, b) => b[1] - a[1]).map(([k]) => k);
  const list: InputNotice[] = notices.list();
  return { bytes, lines, formats: sorted, notices: list };
}
