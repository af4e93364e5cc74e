/**
 * `npm run corpus`: run the oops engine on every record of ../shared/corpus/syzkaller-linux-dev.jsonl
 * (or the file given as the first argument), write the parser-output JSONL, and score it exactly as the
 * corpus README's scorer specification says (detection, exact title, title-or-alt, family, frame,
 * corrupted flag, type, per-family table, mismatching ids).
 *
 * Usage: node src/cli/corpus.ts [expectations.jsonl] [--out output.jsonl] [--score parser-output.jsonl] [--quiet]
 *   --score FILE  score an existing parser-output JSONL instead of running the engine
 */
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { normalize } from '../lib/text/normalize.ts';
import { findCrashReports } from '../lib/oops/find.ts';
import { scoreCorpus, formatScore, type ExpectedRecord, type OutputRecord } from '../lib/oops/corpus-score.ts';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The engine's answer for one record: its first crash report (syzkaller titles the first crash). */
export function parseRecord(id: string, log: string): OutputRecord {
  // The corpus logs already had `\r` removed upstream; do it again for logs from elsewhere.
  const { lines } = normalize(log.replace(/\r/g, ''));
  const reports = findCrashReports(lines);
  const first = reports[0];
  if (!first) return { id, title: null, frame: null, corrupted: false, alt_titles: [], type: null };
  return {
    id,
    title: first.title,
    frame: first.frame,
    corrupted: first.corrupted,
    alt_titles: first.altTitles ?? [],
    type: first.type ?? null,
  };
}

export function readJsonl<T>(text: string): T[] {
  return text
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as T);
}

function main(argv: string[]): number {
  const args = argv.slice(2);
  const quiet = args.includes('--quiet');
  const outIdx = args.indexOf('--out');
  const outPath = outIdx >= 0 ? args[outIdx + 1] : undefined;
  const scoreIdx = args.indexOf('--score');
  const scorePath = scoreIdx >= 0 ? args[scoreIdx + 1] : undefined;
  const positional = args.filter((a, i) => !a.startsWith('--') && i !== outIdx + 1 && i !== scoreIdx + 1);
  const expPath = positional[0] ?? resolve(ROOT, '..', 'shared', 'corpus', 'syzkaller-linux-dev.jsonl');
  let expected: (ExpectedRecord & { log: string })[];
  try {
    expected = readJsonl(readFileSync(expPath, 'utf8'));
  } catch (e) {
    process.stderr.write(`corpus: cannot read ${expPath}: ${(e as Error).message}\n`);
    return 2;
  }
  if (scorePath !== undefined) {
    let outputs: OutputRecord[];
    try {
      outputs = readJsonl<OutputRecord>(readFileSync(scorePath, 'utf8'));
    } catch (e) {
      process.stderr.write(`corpus: cannot read ${scorePath}: ${(e as Error).message}\n`);
      return 2;
    }
    try {
      process.stdout.write(formatScore(scoreCorpus(expected, outputs), { quiet }));
    } catch (e) {
      process.stderr.write(`corpus: ${(e as Error).message}\n`);
      return 1;
    }
    return 0;
  }
  const t0 = performance.now();
  const outputs = expected.map((r) => parseRecord(r.id, r.log));
  const ms = performance.now() - t0;
  const out = outPath ?? resolve(ROOT, 'node_modules', '.cache', 'kmem-corpus', 'syzkaller-linux-dev.out.jsonl');
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, outputs.map((o) => JSON.stringify(o)).join('\n') + '\n');
  let score;
  try {
    score = scoreCorpus(expected, outputs);
  } catch (e) {
    process.stderr.write(`corpus: ${(e as Error).message}\n`);
    return 1;
  }
  process.stdout.write(formatScore(score, { quiet }));
  process.stdout.write(`\nparser output: ${out}\nparsed ${expected.length} logs in ${ms.toFixed(0)} ms\n`);
  return 0;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = main(process.argv);
}
