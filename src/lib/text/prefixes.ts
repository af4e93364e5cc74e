/**
 * Line-prefix recognisers: each strips one kind of prefix that a log collector, console or copy
 * puts before the kernel's own text. They run in the order a real line stacks them
 * (mail quote → copied line number → syslog/journal date and host → dmesg -x facility → <level> →
 * [date] or [seconds] → [caller]) and each is tried only when the first character allows it.
 * Every regex is anchored, bounded and free of nested quantifiers; the input is already capped.
 */

/** Prefix formats as bits, so the per-line result allocates nothing. Names in FORMAT_NAMES. */
export const F_MAIL_QUOTE = 1;
export const F_CRASH = 2;
export const F_LINE_NUMBERS = 4;
export const F_SYSLOG = 8;
export const F_SYSLOG_PRECISE = 16;
export const F_SYSLOG_ISO = 32;
export const F_DMESG_ISO = 64;
export const F_JOURNAL_UNIX = 128;
export const F_DMESG_X = 256;
export const F_DMESG_RAW = 512;
export const F_DMESG = 1024;
export const F_JOURNAL_MONOTONIC = 2048;
export const F_DMESG_T = 4096;
export const F_SERIAL_CALLER = 8192;
export const FORMAT_NAMES: readonly [number, string][] = [
  [F_MAIL_QUOTE, 'mail-quote'],
  [F_CRASH, 'crash'],
  [F_LINE_NUMBERS, 'line-numbers'],
  [F_SYSLOG, 'syslog'],
  [F_SYSLOG_PRECISE, 'syslog-precise'],
  [F_SYSLOG_ISO, 'syslog-iso'],
  [F_DMESG_ISO, 'dmesg-iso'],
  [F_JOURNAL_UNIX, 'journal-unix'],
  [F_DMESG_X, 'dmesg-x'],
  [F_DMESG_RAW, 'dmesg-raw'],
  [F_DMESG, 'dmesg'],
  [F_JOURNAL_MONOTONIC, 'journal-monotonic'],
  [F_DMESG_T, 'dmesg-T'],
  [F_SERIAL_CALLER, 'serial-caller'],
];
/** Formats that are only decoration in front of a line (a wrapped tail may carry them too). */
export const DECORATION_FORMATS = F_MAIL_QUOTE | F_LINE_NUMBERS;
/** Formats that carry a time, so the line is a fresh kernel message. */
export const TIMED_FORMATS =
  F_SYSLOG | F_SYSLOG_PRECISE | F_SYSLOG_ISO | F_DMESG_ISO | F_JOURNAL_UNIX | F_DMESG | F_DMESG_T;

/** Reused for every line (one per normalize call): what the last `stripPrefixes` found. */
export interface PrefixState {
  /** The line after the prefixes that had to be cut off; the message starts at `offset` in it. */
  rest: string;
  /** Index in `rest` where the message starts (the dmesg stamp and caller tag are skipped, not cut). */
  offset: number;
  time: number | undefined;
  caller: string | undefined;
  ident: string | undefined;
  /** F_* bits of the prefix formats found on this line (0 when none). */
  formats: number;
}

export function newPrefixState(): PrefixState {
  return { rest: '', offset: 0, time: undefined, caller: undefined, ident: undefined, formats: 0 };
}

const MONTH = '(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)';
const WEEKDAY = '(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)';
// `> ` mail quoting, possibly nested.
const MAIL_QUOTE_RE = /^(?:> ?){1,8}/;
const CRASH_PROMPT_RE = /^crash> ?/;
// A copied line number, only when a known prefix follows it (so `1673 2024-01-24 … kernel:` loses its
// `1673`, while kernel text that starts with a number is left alone).
const LINE_NUMBER_RE = new RegExp(
  String.raw`^ {0,8}\d{1,7}(?:[ \t]{1,8}[|:]?[ \t]{0,8}|[:|][ \t]{0,8})(?=\[ {0,16}\d|\[${WEEKDAY} |\d{4}-\d\d-\d\d[T ]\d|${MONTH} [ \d]?\d |<\d)`,
);
// `Jan 24 12:40:55 host kernel: ` (syslog, journalctl short/short-precise, with optional weekday and year).
const SYSLOG_RE = new RegExp(
  String.raw`^(?:${WEEKDAY} )?${MONTH} {1,2}\d{1,2} \d\d:\d\d:\d\d(\.\d{1,9})?(?: \d{4})? ([^\s]{1,255}) ([^\s:[\]]{1,64})(?:\[\d{1,10}\])?: ?`,
);
// `2021-01-24T12:40:55.123456+08:00 ` (rsyslog ISO, journalctl short-iso(-precise), dmesg --time-format=iso).
const ISO_DATE_RE = /^\d{4}-\d\d-\d\d[T ]\d\d:\d\d:\d\d(?:[.,]\d{1,9})?(?:Z|[+-]\d\d:?\d\d)? {1,4}/;
// `1611484855.123456 host kernel: ` (journalctl -o short-unix).
const UNIX_TIME_RE = /^\d{9,11}\.\d{1,9} (?=\S{1,255} \S)/;
// `host kernel: ` / `host systemd[1]: ` after a date.
const HOST_IDENT_RE = /^([^\s]{1,255}) ([^\s:[\]]{1,64})(\[\d{1,10}\])?: ?/;
// `kern  :warn  : ` (dmesg -x).
const FACILITY_RE =
  /^(?:kern|user|mail|daemon|auth|syslog|lpr|news|uucp|cron|authpriv|ftp|local[0-7]) {0,8}:(?:emerg|alert|crit|err|warn|notice|info|debug) {0,8}: ?/;
// `<4>` (dmesg -r, /dev/kmsg style level).
const LEVEL_RE = /^<\d{1,3}>/;
// `[Sun Jan 24 12:40:55 2021]` (dmesg -T).
const DMESG_T_RE = new RegExp(String.raw`^\[${WEEKDAY} ${MONTH} {1,2}\d{1,2} \d\d:\d\d:\d\d \d{4}\]`);
// `host kernel: ` right after `[seconds]` (journalctl -o short-monotonic).
const MONOTONIC_HOST_RE = /^ ?[A-Za-z0-9][\w.-]{0,254} kernel: ?/;

const ch = (s: string): number => (s.length > 0 ? s.charCodeAt(0) : 0);
const isDigit = (c: number): boolean => c >= 48 && c <= 57;
const isUpper = (c: number): boolean => c >= 65 && c <= 90;

/**
 * `[  201.452633]` without a regex: this prefix is on nearly every line of a big log, so it gets a
 * hand-written scanner. Returns the index after `]`, or -1.
 */
function scanDmesgTime(s: string, st: PrefixState): number {
  let i = 1;
  const n = s.length;
  let spaces = 0;
  while (i < n && s.charCodeAt(i) === 32) {
    i++;
    if (++spaces > 16) return -1;
  }
  const a = i;
  // The digits are read once, as one integer: with at most MAX_EXACT_DIGITS of them it is exact, and
  // dividing it by an exact power of ten is a single correctly rounded division, the very double
  // Number('201.452633') gives, without a substring per line.
  let v = 0;
  let c = 0;
  while (i < n && isDigit((c = s.charCodeAt(i)))) {
    v = v * 10 + (c - 48);
    i++;
  }
  const intDigits = i - a;
  if (intDigits < 1 || intDigits > 10 || i >= n || c !== 46 /* . */) return -1;
  i++;
  const f = i;
  c = 0;
  while (i < n && isDigit((c = s.charCodeAt(i)))) {
    v = v * 10 + (c - 48);
    i++;
  }
  const fracDigits = i - f;
  if (fracDigits < 1 || fracDigits > 9 || i >= n || c !== 93 /* ] */) return -1;
  if (intDigits + fracDigits <= MAX_EXACT_DIGITS) {
    st.time = v / (POW10[fracDigits] ?? 1);
  } else {
    st.time = Number(s.slice(a, i));
  }
  return i + 1;
}

/** Digits whose integer value stays below 2^53, so the division above is exact up to its one rounding. */
const MAX_EXACT_DIGITS = 15;
const POW10 = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9];

/** Caller tags seen so far, so a log of a million lines from a few tasks keeps a few strings. */
const MAX_CALLER_CACHE = 4096;
const callerCache = new Map<number, string>();

/**
 * `[ T1234]` / `[ C1]` at `from` without a regex (it follows the timestamp on every line of a serial
 * console with CONFIG_PRINTK_CALLER). Sets st.caller and returns the index after `]`, or -1.
 */
function scanCaller(s: string, from: number, st: PrefixState): number {
  const n = s.length;
  if (from >= n || s.charCodeAt(from) !== 91 /* [ */) return -1;
  let i = from + 1;
  let spaces = 0;
  while (i < n && s.charCodeAt(i) === 32) {
    i++;
    if (++spaces > 12) return -1;
  }
  const letter = s.charCodeAt(i);
  if (letter !== 84 /* T */ && letter !== 67 /* C */) return -1;
  const tag = i;
  i++;
  let v = 0;
  const d = i;
  while (i < n && isDigit(s.charCodeAt(i))) {
    v = v * 10 + (s.charCodeAt(i) - 48);
    i++;
  }
  const digits = i - d;
  if (digits < 1 || digits > 7 || i >= n || s.charCodeAt(i) !== 93 /* ] */) return -1;
  // Leading zeros make a different string with the same value: the digit count is part of the key.
  const key = (v * 8 + digits) * 2 + (letter === 84 ? 0 : 1);
  let caller = callerCache.get(key);
  if (caller === undefined) {
    caller = s.slice(tag, i);
    if (callerCache.size < MAX_CALLER_CACHE) callerCache.set(key, caller);
  }
  st.caller = caller;
  return i + 1;
}

/** Strips every prefix of `line` into `st` (which is reset first). */
export function stripPrefixes(line: string, st: PrefixState): void {
  st.time = undefined;
  st.caller = undefined;
  st.ident = undefined;
  st.formats = 0;
  let s = line;
  let c = ch(s);

  if (c === 62 /* > */) {
    const m = MAIL_QUOTE_RE.exec(s);
    if (m) {
      s = s.slice(m[0].length);
      st.formats |= F_MAIL_QUOTE;
      c = ch(s);
    }
  }
  if (c === 99 /* c */ && s.startsWith('crash>')) {
    const m = CRASH_PROMPT_RE.exec(s);
    if (m) {
      st.rest = s.slice(m[0].length);
      st.offset = 0;
      st.formats |= F_CRASH;
      return;
    }
  }
  if (isDigit(c) || c === 32) {
    const m = LINE_NUMBER_RE.exec(s);
    if (m) {
      s = s.slice(m[0].length);
      st.formats |= F_LINE_NUMBERS;
      c = ch(s);
    }
  }

  // Collector date + host + program.
  if (isUpper(c)) {
    const m = SYSLOG_RE.exec(s);
    if (m) {
      s = s.slice(m[0].length);
      st.formats |= m[1] !== undefined ? F_SYSLOG_PRECISE : F_SYSLOG;
      if (m[3] !== 'kernel') st.ident = m[3] ?? '';
      c = ch(s);
    }
  } else if (isDigit(c)) {
    const iso = ISO_DATE_RE.exec(s);
    if (iso) {
      const after = s.slice(iso[0].length);
      const h = HOST_IDENT_RE.exec(after);
      // Without a program name (`kernel:` or `prog[pid]:`) this is dmesg --time-format=iso.
      if (h && (h[2] === 'kernel' || h[3] !== undefined)) {
        s = after.slice(h[0].length);
        st.formats |= F_SYSLOG_ISO;
        if (h[2] !== 'kernel') st.ident = h[2] ?? '';
      } else {
        s = after;
        st.formats |= F_DMESG_ISO;
      }
      c = ch(s);
    } else {
      const u = UNIX_TIME_RE.exec(s);
      if (u) {
        const after = s.slice(u[0].length);
        const h = HOST_IDENT_RE.exec(after);
        if (h) {
          s = after.slice(h[0].length);
          st.formats |= F_JOURNAL_UNIX;
          if (h[2] !== 'kernel') st.ident = h[2] ?? '';
          c = ch(s);
        }
      }
    }
  }

  if (
    c === 107 /* k */ ||
    c === 117 ||
    c === 109 ||
    c === 100 ||
    c === 97 ||
    c === 115 ||
    c === 108 ||
    c === 110 ||
    c === 102
  ) {
    const m = FACILITY_RE.exec(s);
    if (m) {
      s = s.slice(m[0].length);
      st.formats |= F_DMESG_X;
      c = ch(s);
    }
  }
  if (c === 60 /* < */) {
    const m = LEVEL_RE.exec(s);
    if (m) {
      s = s.slice(m[0].length);
      st.formats |= F_DMESG_RAW;
      c = ch(s);
    }
  }

  let bracketed = false;
  let off = 0;
  if (c === 91 /* [ */) {
    const end = scanDmesgTime(s, st);
    if (end > 0) {
      // The common case (every line of dmesg): no slicing, the message start is an offset.
      off = end;
      const onlyDmesg = st.formats === 0;
      st.formats |= F_DMESG;
      bracketed = true;
      // journalctl -o short-monotonic: `[  201.452633] host kernel: …`.
      if (
        onlyDmesg &&
        s.length > off + 8 &&
        s.charCodeAt(off) === 32 &&
        s.charCodeAt(off + 1) !== 32 &&
        s.indexOf(' kernel:', off) > 0
      ) {
        s = s.slice(off);
        off = 0;
        const mono = MONOTONIC_HOST_RE.exec(s);
        if (mono) {
          s = s.slice(mono[0].length);
          st.formats |= F_JOURNAL_MONOTONIC;
          bracketed = false;
        }
      }
    } else if (s.length > 5 && isUpper(s.charCodeAt(1))) {
      const d = DMESG_T_RE.exec(s);
      if (d) {
        off = d[0].length;
        st.formats |= F_DMESG_T;
        bracketed = true;
      }
    }
    if (!bracketed || s.charCodeAt(off) === 91) {
      const k = scanCaller(s, off, st);
      if (k > 0) {
        off = k;
        st.formats |= F_SERIAL_CALLER;
        bracketed = true;
      }
    }
    // printk puts exactly one space between the prefix and the message; more is the message's indent.
    if (bracketed && s.charCodeAt(off) === 32) off++;
  }
  st.rest = s;
  st.offset = off;
}
