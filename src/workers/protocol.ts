/**
 * The analyzer worker's message contract, shared by the worker (src/workers/analyze.worker.ts)
 * and the state that owns it (src/state/analyzer.svelte.ts). Bounds live here so both sides agree.
 */
import type { Analysis } from '../lib/types.ts';
import type { CaseSignatures } from '../lib/match/signature-schema.ts';

/** Inputs above this are refused with a clear message instead of exhausting the tab's memory. */
export const MAX_INPUT_BYTES = 256 * 1024 * 1024;
/** A paste of up to this many lines is shown whole in the line view; longer ones only around findings. */
export const FULL_VIEW_LINES = 5000;
/** Context lines shown around each report and each cited line in a partial line view. */
export const VIEW_CONTEXT = 3;
/** Lines of one report shown in a partial view (a 100k-line report shows its head). */
export const VIEW_LINES_PER_REPORT = 600;
/** Lines sent to the page at most; keeps the structured clone and the DOM small. */
export const MAX_VIEW_LINES = 20000;
/** Reports sent to the page in full; the rest are counted. */
export const MAX_REPORTS = 200;
/** Longest share fragment (characters); browsers accept ~2 MB URLs, mail and chat far less. */
export const MAX_SHARE_FRAGMENT = 1_500_000;
/** Text echoed back to the page (to fill the paste box after opening a share link). */
export const MAX_ECHO_CHARS = 2 * 1024 * 1024;

export type Source =
  | { kind: 'text'; text: string; name?: string }
  | { kind: 'file'; file: File }
  /** The part of the URL fragment after `log=`. */
  | { kind: 'shared'; fragment: string };

export type WorkerRequest =
  | { type: 'analyze'; id: number; source: Source; cases: CaseSignatures[] }
  | { type: 'cancel'; id: number }
  | { type: 'share'; id: number };

export type Phase = 'read' | 'analyze' | 'render';

export interface SourceView {
  totalLines: number;
  /** [1-based line number, raw text] in order. */
  lines: [number, string][];
  /** Every line of the input is present. */
  complete: boolean;
}

export interface AnalyzerResult {
  analysis: Analysis;
  view: SourceView;
  /** Reports not sent (beyond MAX_REPORTS). */
  droppedReports: number;
  /** The input text, when it came from a share link and is small enough to show in the paste box. */
  echo?: string;
  name?: string;
  /** Milliseconds the engine took. */
  ms: number;
}

export type ErrorCode = 'too-large' | 'unreadable' | 'bad-share' | 'empty' | 'internal';

export type WorkerResponse =
  /** Sent once, when the worker's code has loaded: from then on analysing needs no request. */
  | { type: 'ready'; id: 0 }
  | { type: 'progress'; id: number; phase: Phase; done: number; total: number }
  | { type: 'result'; id: number; result: AnalyzerResult }
  | { type: 'share'; id: number; fragment: string | null; reason?: 'too-large' | 'nothing' }
  | { type: 'error'; id: number; code: ErrorCode; message: string };
