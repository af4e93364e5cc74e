/**
 * The engine's one entry point. Contract (owned by the oops/engine work):
 *   analyze(text, { file?, cases?, onProgress? }) → Analysis
 * Pure: no DOM, no Node built-ins; never throws on any input.
 */
import type { Analysis } from './types.ts';
import type { CaseSignatures } from './match/signature-schema.ts';

export interface AnalyzeOptions {
  /** File name to echo in the result (CLI). */
  file?: string;
  /** Cases to match against; none → no matches. */
  cases?: CaseSignatures[];
  /** Called now and then with bytes processed so far and the total, for progress bars. */
  onProgress?: (done: number, total: number) => void;
}

export function analyze(text: string, options: AnalyzeOptions = {}): Analysis {
  // Placeholder until the engine lands (issue 3); keeps the contract compilable.
  return {
    ...(options.file !== undefined ? { file: options.file } : {}),
    input: { bytes: text.length, lines: 0, formats: [], notices: [] },
    reports: [],
    matches: [],
  };
}
