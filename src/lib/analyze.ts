/**
 * The engine's one entry point:
 *   analyze(text, { file?, cases?, onProgress? }) → Analysis
 *
 * Normalises the paste once (src/lib/text), runs every report finder over the same lines (crash
 * reports, OOM reports, slab evidence), merges their reports in log order and, when cases are given,
 * scores them (src/lib/match). Pure: no DOM, no Node built-ins; never throws on any input — a finder
 * that fails becomes an `internal-error` notice and the other finders' reports are still returned.
 */
import type { Analysis, InputNotice, Report } from './types.ts';
import type { CaseSignatures } from './match/signature-schema.ts';
import type { LogLine } from './text/types.ts';
import { normalize } from './text/normalize.ts';
import { findCrashReports, MAX_REPORTS } from './oops/find.ts';
import { findOomReports } from './oom/find.ts';
import { findSlabReports } from './slab/find.ts';
import { matchCases } from './match/match.ts';

export interface AnalyzeOptions {
  /** File name to echo in the result (CLI). */
  file?: string;
  /** Cases to match against; none → no matches. */
  cases?: CaseSignatures[];
  /** Called now and then with characters processed so far and the total, for progress bars. */
  onProgress?: (done: number, total: number) => void;
}

/** Share of the progress bar given to normalisation; the finders share the rest. */
export const NORMALIZE_PROGRESS_SHARE = 0.5;

type Finder = {
  name: string;
  find: (lines: LogLine[]) => Report[];
  /** Most reports the finder returns: it stops there to stay linear on adversarial pastes. */
  cap?: number;
};

/** Every report finder, in the order they run. Each reads the same normalised lines. */
const FINDERS: Finder[] = [
  { name: 'crash', find: findCrashReports, cap: MAX_REPORTS },
  { name: 'oom', find: findOomReports },
  { name: 'slab', find: findSlabReports },
];

export function analyze(text: string, options: AnalyzeOptions = {}): Analysis {
  const input = typeof text === 'string' ? text : '';
  const total = input.length;
  const progress = (done: number): void => {
    if (options.onProgress === undefined) return;
    try {
      options.onProgress(Math.min(total, Math.max(0, Math.round(done))), total);
    } catch {
      // A failing progress callback must not stop the analysis.
    }
  };

  const { lines, info } = normalize(input, { onProgress: (done) => progress(done * NORMALIZE_PROGRESS_SHARE) });
  progress(total * NORMALIZE_PROGRESS_SHARE);

  const notices: InputNotice[] = info.notices;
  const reports: Report[] = [];
  FINDERS.forEach((f, i) => {
    try {
      const found = f.find(lines);
      for (const r of found) reports.push(r);
      const last = found[found.length - 1];
      if (f.cap !== undefined && found.length >= f.cap && last !== undefined) {
        // Say that the finder stopped rather than look complete.
        notices.push({
          level: 'warning',
          code: 'reports-capped',
          message: `Only the first ${f.cap} ${f.name} reports were decoded; any after line ${last.endLine} are not listed.`,
          line: last.endLine,
          params: { max: f.cap },
        });
      }
    } catch (err) {
      notices.push({
        level: 'error',
        code: 'internal-error',
        message: `The ${f.name} parser failed on this input: ${err instanceof Error ? err.message : String(err)}`,
      });
    }
    progress(total * (NORMALIZE_PROGRESS_SHARE + ((1 - NORMALIZE_PROGRESS_SHARE) * (i + 1)) / FINDERS.length));
  });
  // Stable sort: equal start lines keep finder order (crash before OOM before slab).
  reports.sort((a, b) => a.startLine - b.startLine);

  const analysis: Analysis = {
    ...(options.file !== undefined ? { file: options.file } : {}),
    input: { ...info, notices },
    reports,
    matches: [],
  };
  if (options.cases !== undefined && options.cases.length > 0) {
    try {
      analysis.matches = matchCases(analysis, options.cases, lines);
    } catch (err) {
      notices.push({
        level: 'error',
        code: 'internal-error',
        message: `Case matching failed: ${err instanceof Error ? err.message : String(err)}`,
      });
    }
  }
  progress(total);
  return analysis;
}
