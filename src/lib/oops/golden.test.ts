/**
 * Golden files (shared by the crash detector and the engine as a whole).
 *
 * `testdata/<name>.txt`: a header block in syzkaller's style, an empty line, then the raw log verbatim.
 *   TITLE: <t>       title of the first report (of KIND, when given)
 *   ALT: <t>         alternative titles, repeatable; the set must match exactly when present
 *   FRAME: <f>       guilty frame of that report
 *   CORRUPTED: Y|N   its corrupted flag
 *   KIND: <k>        which report kind the header talks about (default: the first report)
 *   EXPECT: nothing  negative golden: no report of any kind may be found
 *   SAME-AS: <name>  the same log in another input format: its reports must equal that golden's
 *   # …              comments
 * A file with neither TITLE nor EXPECT must produce no crash report (OOM/slab reports allowed).
 *
 * `testdata/<name>.json`: the full `analyze()` output for that log, reviewed by hand. Regenerate after an
 * intended change with `UPDATE_GOLDEN=1 npx vitest run src/lib/oops/golden.test.ts` and review the diff.
 */
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { analyze } from '../analyze.ts';
import type { Analysis, Report } from '../types.ts';

const DIR = fileURLToPath(new URL('./testdata/', import.meta.url));
const UPDATE = process.env['UPDATE_GOLDEN'] === '1';
const NON_CRASH = new Set(['oom', 'slab', 'slab-trace', 'meminfo', 'kmem-info']);

export interface Golden {
  name: string;
  title?: string;
  alts: string[];
  frame?: string;
  corrupted?: boolean;
  kind?: string;
  expectNothing: boolean;
  sameAs?: string;
  log: string;
}

export function parseGolden(name: string, text: string): Golden {
  const g: Golden = { name, alts: [], expectNothing: false, log: '' };
  const lines = text.split('\n');
  let i = 0;
  for (; i < lines.length; i++) {
    const l = lines[i] ?? '';
    if (l === '') break;
    if (l.startsWith('#')) continue;
    const colon = l.indexOf(':');
    const key = l.slice(0, colon);
    const value = l.slice(colon + 1).trim();
    if (key === 'TITLE') g.title = value;
    else if (key === 'ALT') g.alts.push(value);
    else if (key === 'FRAME') g.frame = value;
    else if (key === 'CORRUPTED') g.corrupted = value === 'Y';
    else if (key === 'KIND') g.kind = value;
    else if (key === 'EXPECT' && value === 'nothing') g.expectNothing = true;
    else if (key === 'SAME-AS') g.sameAs = value;
    else throw new Error(`${name}: unknown header line "${l}"`);
  }
  g.log = lines.slice(i + 1).join('\n');
  return g;
}

export function loadGoldens(): Golden[] {
  return readdirSync(DIR)
    .filter((f) => f.endsWith('.txt'))
    .sort()
    .map((f) => parseGolden(f.replace(/\.txt$/, ''), readFileSync(join(DIR, f), 'utf8')));
}

/** The analysis as stored in the .json file (plain JSON values only). */
function snapshot(a: Analysis): unknown {
  return JSON.parse(JSON.stringify(a));
}

function subject(reports: readonly Report[], kind: string | undefined): Report | undefined {
  return kind === undefined ? reports[0] : reports.find((r) => r.kind === kind);
}

const goldens = loadGoldens();

describe('golden files', { timeout: 120_000 }, () => {
  it('has goldens to check', () => {
    expect(goldens.length).toBeGreaterThan(5);
  });

  for (const g of goldens) {
    describe(g.name, () => {
      const analysis = analyze(g.log);

      it('keeps every report inside the input and in log order', () => {
        let last = 0;
        for (const r of analysis.reports) {
          expect(r.startLine).toBeGreaterThanOrEqual(1);
          expect(r.endLine).toBeGreaterThanOrEqual(r.startLine);
          expect(r.endLine).toBeLessThanOrEqual(analysis.input.lines);
          expect(r.startLine).toBeGreaterThanOrEqual(last);
          last = r.startLine;
        }
      });

      if (g.expectNothing) {
        it('finds nothing', () => {
          expect(analysis.reports.map((r) => `${r.kind}: ${r.title}`)).toEqual([]);
        });
      } else if (g.title === undefined) {
        it('finds no crash report', () => {
          expect(analysis.reports.filter((r) => !NON_CRASH.has(r.kind)).map((r) => r.title)).toEqual([]);
        });
      } else {
        it('gives the expected title, frame and corrupted flag', () => {
          const r = subject(analysis.reports, g.kind);
          expect(r, `no ${g.kind ?? ''} report found`).toBeDefined();
          expect(r?.title).toBe(g.title);
          if (g.frame !== undefined) expect(r?.frame).toBe(g.frame);
          if (g.corrupted !== undefined) expect(r?.corrupted).toBe(g.corrupted);
          if (g.alts.length > 0) expect([...(r?.altTitles ?? [])].sort()).toEqual([...g.alts].sort());
        });
      }

      const sameAs = g.sameAs;
      if (sameAs !== undefined) {
        it(`reads the same reports as ${sameAs}`, () => {
          const base = goldens.find((x) => x.name === sameAs);
          expect(base, `no golden ${sameAs}`).toBeDefined();
          expect(snapshot(analysis)).toMatchObject({
            reports: (snapshot(analyze(base?.log ?? '')) as Analysis).reports,
          });
        });
      }

      it('matches the reviewed structured output', () => {
        const file = join(DIR, `${g.name}.json`);
        const got = snapshot(analysis);
        if (UPDATE) {
          writeFileSync(file, JSON.stringify(got, null, 2) + '\n');
          return;
        }
        expect(existsSync(file), `${g.name}.json missing: run with UPDATE_GOLDEN=1 and review it`).toBe(true);
        expect(got).toEqual(JSON.parse(readFileSync(file, 'utf8')));
      });
    });
  }
});
