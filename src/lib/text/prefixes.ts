/**
 * Line-prefix recognisers: each strips one kind of prefix that a log collector, console or copy
 * puts before the kernel's own text. They run in the order a real line stacks them
 * (mail quote → copied line number → syslog/journal date and host → dmesg -x facility → <level> →
 * [date] or [seconds] → [caller]) and each is tried only when the first character allows it.
 * Every regex is anchored, bounded and free of nested quantifiers; the input is already capped.
 */

export interface PrefixResult {
  /** The text after every recognised prefix. */
  rest: string;
  time?: number;
  caller?: string;
  ident?: string;
  /** Names of the prefix formats found on this line (empty when none). */
  formats: string[];
}

const MONTH = '(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)';
const WEEKDAY = '(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)';
// `> ` mail quoting, possibly nested.
const MAIL_QUOTE_RE = /^(?:> ?){1,8}/;
const CRASH_PROMPT_RE = /^crash> ?/;
// A copied line number, only when a known prefix follows it (so `1673 2024-01-24 … kernel:` loses its
// `1673`, while kernel text that starts with a number is left alone).
const LINE_NUMBER_RE = new RegExp(
  String.raw`^ {0,8}\d{1,7}(?:[ \t]{1,8}|[:|][ \t]?)(?=\[ {0,16}\d|\[${WEEKDAY} |\d{4}-\d\d-\d\d[T ]\d|${MONTH} [ \d]?\d |<\d)`,
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
// `[  201.452633]` (dmesg, vmcore-dmesg.txt, kern.log after `kernel:`, journalctl -o short-monotonic).
const DMESG_TIME_RE = /^\[ {0,16}(\d{1,10}\.\d{1,9})\]/;
// `[ T1234]` / `[ C1]` (CONFIG_PRINTK_CALLER on serial consoles).
const CALLER_RE = /^\[ {0,12}([TC]\d{1,7})\]/;
// `host kernel: ` right after `[seconds]` (journalctl -o short-monotonic).
const MONOTONIC_HOST_RE = /^ ?[A-Za-z0-9][\w.-]{0,254} kernel: ?/;

const ch = (s: string): number => (s.length > 0 ? s.charCodeAt(0) : 0);
const isDigit = (c: number): boolean => c >= 48 && c <= 57;
const isUpper = (c: number): boolean => c >= 65 && c <= 90;

export function stripPrefixes(line: string): PrefixResult {
  const formats: string[] = [];
  const out: PrefixResult = { rest: line, formats };
  let s = line;
  let c = ch(s);

  if (c === 62 /* > */) {
    const m = MAIL_QUOTE_RE.exec(s);
    if (m) {
      s = s.slice(m[0].length);
      formats.push('mail-quote');
      c = ch(s);
    }
  }
  if (c === 99 /* c */ && s.startsWith('crash>')) {
    const m = CRASH_PROMPT_RE.exec(s);
    if (m) {
      out.rest = s.slice(m[0].length);
      formats.push('crash');
      return out;
    }
  }
  if (isDigit(c) || c === 32) {
    const m = LINE_NUMBER_RE.exec(s);
    if (m) {
      s = s.slice(m[0].length);
      formats.push('line-numbers');
      c = ch(s);
    }
  }

  // Collector date + host + program.
  if (isUpper(c)) {
    const m = SYSLOG_RE.exec(s);
    if (m) {
      s = s.slice(m[0].length);
      formats.push(m[1] !== undefined ? 'syslog-precise' : 'syslog');
      if (m[3] !== 'kernel') out.ident = m[3] ?? '';
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
        formats.push('syslog-iso');
        if (h[2] !== 'kernel') out.ident = h[2] ?? '';
      } else {
        s = after;
        formats.push('dmesg-iso');
      }
      c = ch(s);
    } else {
      const u = UNIX_TIME_RE.exec(s);
      if (u) {
        const after = s.slice(u[0].length);
        const h = HOST_IDENT_RE.exec(after);
        if (h) {
          s = after.slice(h[0].length);
          formats.push('journal-unix');
          if (h[2] !== 'kernel') out.ident = h[2] ?? '';
          c = ch(s);
        }
      }
    }
  }

  if (c === 107 /* k */ || c === 117 || c === 109 || c === 100 || c === 97 || c === 115 || c === 108 || c === 110 || c === 102) {
    const m = FACILITY_RE.exec(s);
    if (m) {
      s = s.slice(m[0].length);
      formats.push('dmesg-x');
      c = ch(s);
    }
  }
  if (c === 60 /* < */) {
    const m = LEVEL_RE.exec(s);
    if (m) {
      s = s.slice(m[0].length);
      formats.push('dmesg-raw');
      c = ch(s);
    }
  }

  let bracketed = false;
  if (c === 91 /* [ */) {
    const t = DMESG_TIME_RE.exec(s);
    if (t) {
      s = s.slice(t[0].length);
      out.time = Number(t[1]);
      formats.push('dmesg');
      bracketed = true;
      const mono = formats.length === 1 ? MONOTONIC_HOST_RE.exec(s) : null;
      if (mono) {
        s = s.slice(mono[0].length);
        formats.push('journal-monotonic');
        bracketed = false;
      }
    } else if (s.length > 5 && isUpper(ch(s.slice(1)))) {
      const d = DMESG_T_RE.exec(s);
      if (d) {
        s = s.slice(d[0].length);
        formats.push('dmesg-T');
        bracketed = true;
      }
    }
    if (bracketed && ch(s) === 91) {
      const k = CALLER_RE.exec(s);
      if (k) {
        s = s.slice(k[0].length);
        out.caller = k[1] ?? '';
        formats.push('serial-caller');
      }
    } else if (!bracketed) {
      const k = CALLER_RE.exec(s);
      if (k) {
        s = s.slice(k[0].length);
        out.caller = k[1] ?? '';
        formats.push('serial-caller');
        bracketed = true;
      }
    }
    // printk puts exactly one space between the prefix and the message; more is the message's indent.
    if (bracketed && ch(s) === 32) s = s.slice(1);
  }
  out.rest = s;
  return out;
}
