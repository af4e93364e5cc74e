/** Inputs the benchmark and fuzzing scripts share: the real crash logs beside the repo, and repetition. */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** The dev half of the syzkaller corpus (../shared/corpus), one log per record; none when it is absent. */
export const CORPUS_PATH = join(
  resolve(import.meta.dirname, '..'),
  '..',
  'shared',
  'corpus',
  'syzkaller-linux-dev.jsonl',
);

export function corpusLogs(): string[] {
  if (!existsSync(CORPUS_PATH)) return [];
  return readFileSync(CORPUS_PATH, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => (JSON.parse(l) as { log?: string }).log ?? '')
    .filter((log) => log !== '');
}

/** Repeats the pieces in order, each ending in a newline, until the text reaches `chars` characters. */
export function repeatTo(pieces: readonly string[], chars: number): string {
  const parts: string[] = [];
  let size = 0;
  for (let i = 0; size < chars; i++) {
    const p = pieces[i % pieces.length] ?? '';
    const t = p.endsWith('\n') ? p : p + '\n';
    parts.push(t);
    size += t.length;
  }
  return parts.join('');
}
