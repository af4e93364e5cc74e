/**
 * The line-numbered view of the paste: every line of a small input, or the lines around each report
 * and each cited line of a large one. One pass with indexOf, no split of the whole text.
 */
import type { Analysis } from '../lib/types.ts';
import { FULL_VIEW_LINES, MAX_VIEW_LINES, VIEW_CONTEXT, VIEW_LINES_PER_REPORT, type SourceView } from './protocol.ts';

/** Display cap per line: a 1 MB line without newline must not become a 1 MB DOM node. */
const MAX_VIEW_LINE_CHARS = 2000;

function countLines(text: string): number {
  let n = 1;
  let at = text.indexOf('\n');
  while (at !== -1) {
    n++;
    at = text.indexOf('\n', at + 1);
  }
  return text.endsWith('\n') ? n - 1 : n;
}

function wantedRanges(analysis: Analysis, total: number): [number, number][] {
  if (total <= FULL_VIEW_LINES) return [[1, total]];
  const ranges: [number, number][] = [];
  for (const r of analysis.reports) {
    ranges.push([
      Math.max(1, r.startLine - VIEW_CONTEXT),
      Math.min(r.endLine + VIEW_CONTEXT, r.startLine + VIEW_LINES_PER_REPORT),
    ]);
  }
  for (const m of analysis.matches) {
    for (const e of m.evidence)
      if (e.line !== undefined) ranges.push([Math.max(1, e.line - VIEW_CONTEXT), e.line + VIEW_CONTEXT]);
  }
  ranges.sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [];
  for (const r of ranges) {
    const last = merged[merged.length - 1];
    if (last !== undefined && r[0] <= last[1] + 1) last[1] = Math.max(last[1], r[1]);
    else merged.push([r[0], r[1]]);
  }
  return merged;
}

export function buildView(text: string, analysis: Analysis): SourceView {
  const total = countLines(text);
  const ranges = wantedRanges(analysis, total);
  const lines: [number, string][] = [];
  let ri = 0;
  let no = 1;
  let start = 0;
  while (start <= text.length && ri < ranges.length && lines.length < MAX_VIEW_LINES) {
    let end = text.indexOf('\n', start);
    if (end === -1) end = text.length;
    const range = ranges[ri]!;
    if (no >= range[0]) {
      let line = text.slice(start, Math.min(end, start + MAX_VIEW_LINE_CHARS));
      if (line.endsWith('\r')) line = line.slice(0, -1);
      lines.push([no, line]);
      if (no >= range[1]) ri++;
    }
    if (end >= text.length) break;
    start = end + 1;
    no++;
  }
  return { totalLines: total, lines, complete: lines.length === total };
}
