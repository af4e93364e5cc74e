/**
 * Multi-line `report` patterns of formats.ts (`HEAD(?:.*\n){1,N}?.*TAIL`: a header, then an access or lock
 * line at most N lines below) matched line by line instead of by one regex over the joined window.
 *
 * Why: run over the joined window, the lazy line repeat retries every following line for every place the
 * head matches, and `.*TAIL` backtracks through each of those lines: a paste of many KASAN headers with
 * no access line cost milliseconds per report. Here each line is tested against TAIL once (the last
 * occurrence, as the greedy `.*` would pick), and each line's first HEAD match is paired with the nearest
 * tail line below it: the same match, groups and end line as the regex, in time linear in the window.
 */

export interface ReportSpan {
  /** Global regex for the head (its groups come first). */
  head: RegExp;
  /** Lines below the head's line the tail may be on (the `N` of `{1,N}?`). */
  within: number;
  /** Global regex for the tail (its groups follow the head's). */
  tail: RegExp;
}

export interface SpanMatch {
  /** The regex's groups, head's then tail's. */
  groups: (string | undefined)[];
  /** Index of the line the match ends on. */
  endLine: number;
}

const SPAN_SHAPE = /^(.+)\(\?:\.\*\\n\)\{1,([0-9]+)\}\?\.\*(.+)$/;
const cache = new WeakMap<RegExp, ReportSpan | null>();

/**
 * The span form of a report regex, or null when its source does not have the `HEAD(?:.*\n){1,N}?.*TAIL`
 * shape (or its head could span lines), in which case the caller runs the regex itself.
 */
export function reportSpan(re: RegExp): ReportSpan | null {
  const known = cache.get(re);
  if (known !== undefined) return known;
  let span: ReportSpan | null = null;
  const m = SPAN_SHAPE.exec(re.source);
  if (m && m[1] && m[2] && m[3] && re.flags.replace(/[gyd]/g, '') === '' && !/\\n|\\s|\[\^/.test(m[1] + m[3])) {
    try {
      span = { head: new RegExp(m[1], 'g'), within: Number(m[2]), tail: new RegExp(m[3], 'g') };
    } catch {
      span = null;
    }
  }
  cache.set(re, span);
  return span;
}

/** Characters other than `\n` that a regex `.` does not cross. */
const OTHER_TERMINATOR = /[\r\u2028\u2029]/;

/**
 * The regex's leftmost match over `lines` joined by newlines (the same answer, found line by line), or
 * undefined when a line holds another line terminator (`\r`, U+2028, U+2029) that `.` would stop at: the
 * caller then runs the regex itself.
 */
export function matchReportSpan(span: ReportSpan, lines: readonly string[]): SpanMatch | null | undefined {
  const n = lines.length;
  for (let i = 0; i < n; i++) if (OTHER_TERMINATOR.test(lines[i] ?? '')) return undefined;
  // Nearest line at or below each index that holds the tail, and that line's groups (last occurrence).
  const tailGroups: ((string | undefined)[] | null)[] = new Array<(string | undefined)[] | null>(n).fill(null);
  const nextTail = new Int32Array(n + 1).fill(-1);
  for (let i = n - 1; i >= 0; i--) {
    const g = lastMatchGroups(span.tail, lines[i] ?? '');
    tailGroups[i] = g;
    nextTail[i] = g ? i : (nextTail[i + 1] ?? -1);
  }
  // A head on the last line has no line below it: `(?:.*\n){1,N}` needs at least one newline.
  for (let i = 0; i + 1 < n; i++) {
    const t = nextTail[i + 1] ?? -1;
    if (t < 0) return null; // no tail below this line, nor below any later one
    if (t - i > span.within) continue;
    span.head.lastIndex = 0;
    const h = span.head.exec(lines[i] ?? '');
    if (!h) continue;
    return { groups: [...h.slice(1), ...(tailGroups[t] ?? [])], endLine: t };
  }
  return null;
}

/** Groups of the match that starts last in the line (what a greedy `.*` before the pattern settles on). */
function lastMatchGroups(re: RegExp, line: string): (string | undefined)[] | null {
  let found: RegExpExecArray | null = null;
  re.lastIndex = 0;
  for (;;) {
    const m = re.exec(line);
    if (!m) break;
    found = m;
    re.lastIndex = m.index + 1;
  }
  return found ? found.slice(1) : null;
}
