/**
 * The corpus scorer, exactly as ../shared/corpus/README.md "Scorer specification" says: byte-for-byte
 * string comparison, frames derived from titles by the frame rule when the output gives none, families by
 * the family rule, rates rounded to 4 decimals, mismatching ids sorted numerically.
 * Pure (no I/O), so the CLI and the regression test share it.
 */
import { familyOfTitle, frameOfTitle } from './title.ts';

export interface ExpectedRecord {
  id: string;
  title: string | null;
  alt_titles: string[];
  type: string | null;
  frame: string | null;
  corrupted: boolean;
}

export interface OutputRecord {
  id: string;
  title: string | null;
  frame?: string | null;
  corrupted?: boolean;
  alt_titles?: string[];
  type?: string | null;
}

export interface Metric {
  num: number;
  den: number;
  rate: number;
  /** Ids where the record counted in the denominator but not the numerator. */
  mismatches: string[];
}

export interface FamilyRow {
  family: string;
  count: number;
  exactTitle: Metric;
  frame: Metric;
}

export interface CorpusScore {
  records: number;
  detection: Metric;
  exactTitle: Metric;
  exactTitleNotCorrupted: Metric;
  exactTitleCorrupted: Metric;
  titleOrAlt: Metric;
  family: Metric;
  frame: Metric;
  corrupted: Metric;
  corruptedPrecision: Metric;
  corruptedRecall: Metric;
  corruptedF1: number;
  type: Metric | null;
  families: FamilyRow[];
}

const round4 = (x: number): number => Math.round(x * 10000) / 10000;

class Counter {
  num = 0;
  den = 0;
  mismatches: string[] = [];
  add(id: string, ok: boolean): void {
    this.den++;
    if (ok) this.num++;
    else this.mismatches.push(id);
  }
  metric(): Metric {
    const ids = [...this.mismatches].sort(byNumericId);
    return { num: this.num, den: this.den, rate: this.den === 0 ? 0 : round4(this.num / this.den), mismatches: ids };
  }
}

function byNumericId(a: string, b: string): number {
  const na = Number(a.replace(/^\D+/, ''));
  const nb = Number(b.replace(/^\D+/, ''));
  if (Number.isFinite(na) && Number.isFinite(nb) && na !== nb) return na - nb;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Score parser outputs against expectations. Throws on duplicate or unknown ids (the spec's "error"). */
export function scoreCorpus(expected: readonly ExpectedRecord[], outputs: readonly OutputRecord[]): CorpusScore {
  const expIds = new Set<string>();
  for (const e of expected) {
    if (expIds.has(e.id)) throw new Error(`duplicate id in expectations: ${e.id}`);
    expIds.add(e.id);
  }
  const byId = new Map<string, OutputRecord>();
  for (const o of outputs) {
    if (byId.has(o.id)) throw new Error(`duplicate id in output: ${o.id}`);
    if (!expIds.has(o.id)) throw new Error(`output id not in expectations: ${o.id}`);
    byId.set(o.id, o);
  }
  const hasType = outputs.some((o) => Object.prototype.hasOwnProperty.call(o, 'type'));
  const detection = new Counter();
  const exact = new Counter();
  const exactNC = new Counter();
  const exactC = new Counter();
  const alt = new Counter();
  const family = new Counter();
  const frame = new Counter();
  const corrupted = new Counter();
  const precision = new Counter();
  const recall = new Counter();
  const type = new Counter();
  const fam = new Map<string, { exact: Counter; frame: Counter; count: number }>();
  for (const e of expected) {
    const o: OutputRecord = byId.get(e.id) ?? { id: e.id, title: null, frame: null, corrupted: false };
    const oTitle = o.title ?? null;
    detection.add(e.id, (e.title !== null) === (oTitle !== null));
    const titleOk = oTitle === e.title;
    exact.add(e.id, titleOk);
    if (e.title !== null) {
      (e.corrupted ? exactC : exactNC).add(e.id, titleOk);
      alt.add(e.id, oTitle !== null && (oTitle === e.title || e.alt_titles.includes(oTitle)));
    }
    const eFam = familyOfTitle(e.title);
    family.add(e.id, familyOfTitle(oTitle) === eFam);
    const predFrame = o.frame === undefined || o.frame === null ? frameOfTitle(oTitle) : o.frame;
    let frameOk: boolean | null = null;
    if (e.frame !== null && e.frame !== 'corrupted') {
      frameOk = predFrame === e.frame;
      frame.add(e.id, frameOk);
    }
    const oCorr = o.corrupted === true;
    if (e.title !== null) {
      corrupted.add(e.id, oCorr === e.corrupted);
      if (oCorr) precision.add(e.id, e.corrupted);
      if (e.corrupted) recall.add(e.id, oCorr);
    }
    if (hasType) type.add(e.id, (o.type ?? null) === e.type);
    const key = eFam ?? '(no title: no crash expected)';
    let row = fam.get(key);
    if (!row) {
      row = { exact: new Counter(), frame: new Counter(), count: 0 };
      fam.set(key, row);
    }
    row.count++;
    row.exact.add(e.id, titleOk);
    if (frameOk !== null) row.frame.add(e.id, frameOk);
  }
  const p = precision.metric();
  const r = recall.metric();
  const f1 =
    p.rate + r.rate === 0
      ? 0
      : round4(
          (2 * (p.num / Math.max(1, p.den)) * (r.num / Math.max(1, r.den))) /
            (p.num / Math.max(1, p.den) + r.num / Math.max(1, r.den)),
        );
  const families = [...fam.entries()]
    .map(([family, v]) => ({ family, count: v.count, exactTitle: v.exact.metric(), frame: v.frame.metric() }))
    .sort((a, b) => b.count - a.count || (a.family < b.family ? -1 : a.family > b.family ? 1 : 0));
  return {
    records: expected.length,
    detection: detection.metric(),
    exactTitle: exact.metric(),
    exactTitleNotCorrupted: exactNC.metric(),
    exactTitleCorrupted: exactC.metric(),
    titleOrAlt: alt.metric(),
    family: family.metric(),
    frame: frame.metric(),
    corrupted: corrupted.metric(),
    corruptedPrecision: p,
    corruptedRecall: r,
    corruptedF1: f1,
    type: hasType ? type.metric() : null,
    families,
  };
}

function line(name: string, m: Metric): string {
  return `${name.padEnd(34)} ${`${m.num}/${m.den}`.padStart(9)}  ${m.rate.toFixed(4)}\n`;
}

/** Human-readable report: headline rates, the per-family table, then the mismatching ids. */
export function formatScore(s: CorpusScore, opts: { quiet?: boolean } = {}): string {
  let out = `records: ${s.records}\n`;
  out += line('crash detection accuracy', s.detection);
  out += line('exact title (all)', s.exactTitle);
  out += line('exact title (crashing, not corrupted)', s.exactTitleNotCorrupted);
  out += line('exact title (crashing, corrupted)', s.exactTitleCorrupted);
  out += line('title-or-alt (crashing)', s.titleOrAlt);
  out += line('family', s.family);
  out += line('frame', s.frame);
  out += line('corrupted-flag accuracy', s.corrupted);
  out += line('corrupted precision', s.corruptedPrecision);
  out += line('corrupted recall', s.corruptedRecall);
  out += `${'corrupted F1'.padEnd(34)} ${''.padStart(9)}  ${s.corruptedF1.toFixed(4)}\n`;
  if (s.type) out += line('type', s.type);
  if (opts.quiet) return out;
  out += '\nper family (count, exact title, frame):\n';
  for (const f of s.families) {
    const fr = f.frame.den === 0 ? '     -' : f.frame.rate.toFixed(4);
    out += `${String(f.count).padStart(4)}  ${f.exactTitle.rate.toFixed(4)}  ${fr}  ${f.family}\n`;
  }
  out += '\nmismatching ids:\n';
  const lists: [string, Metric][] = [
    ['detection', s.detection],
    ['exact title', s.exactTitle],
    ['family', s.family],
    ['frame', s.frame],
    ['corrupted flag', s.corrupted],
  ];
  if (s.type) lists.push(['type', s.type]);
  for (const [name, m] of lists) out += `${name}: ${m.mismatches.join(' ') || '(none)'}\n`;
  return out;
}
