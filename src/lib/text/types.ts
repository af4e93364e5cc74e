/**
 * One line of the paste after normalisation: prefixes (timestamps, syslog host, journal, caller tags,
 * copied line numbers), CRLF, ANSI colour and rsyslog escapes removed, length capped.
 * Every parser downstream reads these, never the raw text, and reports `no` back to the reader.
 *
 * normalize() creates every line with all fields present (absent ones undefined) so that all lines share
 * one object shape: the parsers' property reads stay monomorphic on logs of millions of lines.
 */
export interface LogLine {
  /** 1-based line number in the original input. */
  no: number;
  /**
   * Last 1-based input line folded into this one, when a hard-wrapped line (PDF, web page, mail)
   * was rejoined. Absent for ordinary lines.
   */
  endNo?: number | undefined;
  /** The kernel's message text with every prefix removed (capped at MAX_LINE_LENGTH). */
  text: string;
  /** Seconds since boot from a `[ 12.345678]` prefix, when present. */
  time?: number | undefined;
  /** Caller tag from CONFIG_PRINTK_CALLER: `T1234` (task) or `C1` (CPU). */
  caller?: string | undefined;
  /** Indentation of `text` in the original (after prefixes), for continuation lines. */
  indent: number;
  /**
   * Syslog/journal identifier when the line came from a program other than the kernel
   * (`systemd`, `earlyoom`…). Absent for kernel lines and for lines without a syslog prefix.
   */
  ident?: string | undefined;
}
