import { describe, expect, it } from 'vitest';
import { OOPS_ROWS } from './formats.ts';
import { matchReportSpan, reportSpan } from './report-span.ts';

const REPORTS = OOPS_ROWS.flatMap((r) => r.formats)
  .map((f) => f.report)
  .filter((re): re is RegExp => re !== undefined);

/** What the regex itself answers over the joined lines: groups and the line the match ends on. */
function byRegex(re: RegExp, lines: readonly string[]): string {
  const text = lines.join('\n');
  const m = re.exec(text);
  if (!m) return 'null';
  return JSON.stringify([m.slice(1), text.slice(0, m.index + m[0].length).split('\n').length - 1]);
}

function bySpan(re: RegExp, lines: readonly string[]): string {
  const span = reportSpan(re);
  if (!span) throw new Error(`no span form for ${re.source}`);
  const m = matchReportSpan(span, lines);
  if (m === undefined) return byRegex(re, lines); // declined: the caller runs the regex
  return m === null ? 'null' : JSON.stringify([m.groups, m.endLine]);
}

const KASAN = 'BUG: KASAN: use-after-free in kobject_del+0x12e/0x20';
const READ = 'Read of size 8 at addr ffff88801f3e2a40 by task syz-executor.0/1234';
const LOCKDEP = 'WARNING: possible circular locking dependency detected';
const ACQUIRE = 'syz-executor/1 is trying to acquire lock:';

const CASES: { name: string; lines: string[] }[] = [
  { name: 'header then access line', lines: [KASAN, 'CPU: 0 PID: 1', READ] },
  { name: 'access line on the header line only', lines: [`${KASAN} ${READ}`] },
  { name: 'header on the last line', lines: ['x', KASAN] },
  { name: 'access line 40 lines below', lines: [KASAN, ...Array<string>(39).fill('filler'), READ] },
  { name: 'access line 41 lines below', lines: [KASAN, ...Array<string>(40).fill('filler'), READ] },
  { name: 'second header reaches the access line', lines: [KASAN, ...Array<string>(40).fill(KASAN), READ] },
  { name: 'two accesses on one line: the last one counts', lines: [KASAN, 'Write of size 4 at addr 1 / ' + READ] },
  { name: 'two heads on one line', lines: [`${KASAN} ${KASAN.replace('kobject_del', 'other')}`, READ] },
  { name: 'many headers, no access line', lines: Array<string>(60).fill(KASAN) },
  { name: 'carriage return inside the window', lines: [KASAN, 'a\rb', READ] },
  { name: 'lockdep', lines: ['x', LOCKDEP, '----', ACQUIRE, ACQUIRE] },
  { name: 'lockdep too far', lines: [LOCKDEP, ...Array<string>(60).fill('-'), ACQUIRE] },
  { name: 'empty window', lines: [] },
];

describe('report patterns matched line by line', () => {
  it('every multi-line report pattern of the table has the span form', () => {
    expect(REPORTS.length).toBeGreaterThan(0);
    for (const re of REPORTS) expect(reportSpan(re), re.source).not.toBeNull();
  });

  for (const c of CASES)
    it(`gives the regex's answer: ${c.name}`, () => {
      for (const re of REPORTS) expect(bySpan(re, c.lines), re.source).toBe(byRegex(re, c.lines));
    });

  it('finds the KASAN access kind and the line it is on', () => {
    const span = reportSpan(REPORTS[0] ?? /x/);
    expect(span).not.toBeNull();
    if (span)
      expect(matchReportSpan(span, [KASAN, 'CPU: 0', READ])).toEqual({
        groups: ['use-after-free', 'kobject_del', 'Read'],
        endLine: 2,
      });
  });

  it('leaves a window with a carriage return to the regex (`.` stops at it)', () => {
    const span = reportSpan(REPORTS[0] ?? /x/);
    if (span) expect(matchReportSpan(span, [KASAN, 'a\rb', READ])).toBeUndefined();
  });

  it('declines a regex of another shape', () => {
    expect(reportSpan(/BUG: (.*) in (\w+)/)).toBeNull();
  });
});
