/**
 * analyze(): the merge of all finders, progress, and the engine-wide properties (fast-check):
 * never throws on any string, every report's lines lie inside the input, and re-analysing a report's
 * own text gives the same title.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { readFileSync, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { analyze } from './analyze.ts';
import { MAX_REPORTS } from './oops/find.ts';
import type { Analysis } from './types.ts';

const root = (p: string): string => fileURLToPath(new URL(`../../${p}`, import.meta.url));
const CORPUS = root('../shared/corpus/syzkaller-linux-dev.jsonl');
const seeds = [
  '000_31f985cc44eb4514.txt',
  '001_772dd82a798f773a.txt',
  '002_c87af1380833c311.txt',
  '003_cb28da46b3d72b2f.txt',
  '004_8ff3dd638468ff21.txt',
].map((f) => readFileSync(root(`../shared/seeds/${f}`), 'utf8'));
const corpusLogs: string[] = existsSync(CORPUS)
  ? readFileSync(CORPUS, 'utf8')
      .split('\n')
      .filter((l) => l.trim() !== '')
      .map((l) => (JSON.parse(l) as { log: string }).log)
  : [];

/** Lines of real logs: the alphabet the generators mix, so properties exercise real parser paths. */
const realLines = [...seeds, ...corpusLogs.slice(0, 60)].flatMap((t) => t.split('\n')).filter((l) => l.length < 300);

function checkInside(a: Analysis, text: string): void {
  const lineCount = text === '' ? 0 : text.split('\n').length;
  for (const r of a.reports) {
    expect(r.startLine).toBeGreaterThanOrEqual(1);
    expect(r.endLine).toBeGreaterThanOrEqual(r.startLine);
    expect(r.endLine).toBeLessThanOrEqual(Math.max(lineCount, 1));
  }
}

/** The text of lines start..end (1-based, inclusive) of the input. */
function slice(text: string, start: number, end: number): string {
  return (
    text
      .split('\n')
      .slice(start - 1, end)
      .join('\n') + '\n'
  );
}

const logArb = fc.oneof(
  fc.string({ maxLength: 400 }),
  fc.string({ unit: 'binary', maxLength: 400 }),
  fc.array(fc.constantFrom(...realLines), { maxLength: 120 }).map((ls) => ls.join('\n')),
  fc
    .tuple(
      fc.array(fc.constantFrom(...realLines), { maxLength: 80 }),
      fc.array(fc.string({ maxLength: 40 }), { maxLength: 10 }),
      fc.nat(),
    )
    .map(([ls, junk, seed]) => {
      const out = [...ls];
      junk.forEach((j, i) => out.splice((seed + i * 7) % (out.length + 1), 0, j));
      return out.join(seed % 2 === 0 ? '\n' : '\r\n');
    }),
);

describe('analyze', { timeout: 180_000 }, () => {
  it('returns every finder’s reports in log order with the input facts', () => {
    const a = analyze(seeds[1] ?? '', { file: 'seed-001.txt' });
    expect(a.file).toBe('seed-001.txt');
    expect(a.input.lines).toBe((seeds[1] ?? '').split('\n').length - ((seeds[1] ?? '').endsWith('\n') ? 1 : 0));
    const kinds = a.reports.map((r) => r.kind);
    expect(kinds).toContain('warning');
    expect(kinds).toContain('kmem-info');
    const starts = a.reports.map((r) => r.startLine);
    expect([...starts].sort((x, y) => x - y)).toEqual(starts);
  });
  it('reports progress up to the total and survives a throwing callback', () => {
    const text = (seeds[4] ?? '').repeat(20);
    const seen: [number, number][] = [];
    analyze(text, { onProgress: (d, t) => seen.push([d, t]) });
    expect(seen.length).toBeGreaterThan(2);
    expect(seen.at(-1)).toEqual([text.length, text.length]);
    expect(seen.every(([d, t]) => d <= t)).toBe(true);
    expect(() =>
      analyze(text, {
        onProgress: () => {
          throw new Error('ui gone');
        },
      }),
    ).not.toThrow();
  });
  it('matches nothing when no cases are given', () => {
    expect(analyze(seeds[0] ?? '').matches).toEqual([]);
  });
  it('says so when a paste holds more crash reports than the finder decodes', () => {
    const report = (i: number): string =>
      `[${i}.000000] BUG: unable to handle page fault for address: 0000000000000010\n[${i}.000001] RIP: 0010:foo_${i}+0x1/0x2\n`;
    const many = Array.from({ length: MAX_REPORTS + 5 }, (_, i) => report(i + 1)).join('');
    const a = analyze(many);
    const notice = a.input.notices.find((n) => n.code === 'reports-capped');
    expect(a.reports).toHaveLength(MAX_REPORTS);
    expect(notice?.line).toBe(a.reports[MAX_REPORTS - 1]?.endLine);
    expect(analyze(report(1)).input.notices.some((n) => n.code === 'reports-capped')).toBe(false);
  });
});

describe('engine properties (fast-check)', { timeout: 300_000 }, () => {
  it('never throws on any string and keeps every report inside the input', () => {
    fc.assert(
      fc.property(logArb, (text) => {
        const a = analyze(text);
        checkInside(a, text);
      }),
      { numRuns: 300 },
    );
  });

  it("re-analysing a report's own text gives the same title (generated mixes of real lines)", () => {
    fc.assert(
      fc.property(logArb, (text) => {
        const a = analyze(text);
        for (const r of a.reports) {
          const again = analyze(slice(text, r.startLine, r.endLine));
          expect(again.reports.map((x) => x.title)).toContain(r.title);
        }
      }),
      { numRuns: 150 },
    );
  });

  it("re-analysing a report's own text gives the same title (seeds and corpus)", () => {
    const failures: string[] = [];
    for (const text of [...seeds, ...corpusLogs]) {
      const a = analyze(text);
      for (const r of a.reports) {
        const again = analyze(slice(text, r.startLine, r.endLine));
        if (!again.reports.some((x) => x.title === r.title))
          failures.push(`${r.title} → ${again.reports.map((x) => x.title).join(' | ') || '(nothing)'}`);
      }
    }
    expect(failures).toEqual([]);
  });
});
