/**
 * Scores every case against the whole analysis and says why. See README.md for the rationale;
 * weights are named in weights.ts. Pure, never throws, linear in the size of the analysis
 * (plus one pass over the lines per symptom pattern).
 */
import type {
  Analysis,
  CaseMatch,
  CrashReport,
  MatchReason,
  OomReport,
  Report,
  SlabReport,
  SlabTraceReport,
} from '../types.ts';
import type { StackFrame } from '../oops/types.ts';
import type { CaseSignatures, Signature } from './signature-schema.ts';
import * as W from './weights.ts';

/** A line of the paste as the matcher needs it (LogLine from src/lib/text fits). */
export interface MatchLine {
  no: number;
  text: string;
}

type OopsSig = Extract<Signature, { kind: 'oops' }>;
type OomSig = Extract<Signature, { kind: 'oom' }>;
type SlabSig = Extract<Signature, { kind: 'slab' }>;
type SlabTraceSig = Extract<Signature, { kind: 'slab-trace' }>;
type SymptomSig = Extract<Signature, { kind: 'symptom' }>;

/** What one signature found in the paste. */
interface SignatureResult {
  /** Share (0..1) of the signature's declared weight that was found. */
  coverage: number;
  /** Anchor present and coverage ≥ STRONG_COVERAGE (and the signature is not `supporting`). */
  strong: boolean;
  /** Evidence with raw weights; scaled to score contributions when the case is scored. */
  evidence: MatchReason[];
  /** Total declared weight, to scale raw weights into contributions. */
  possible: number;
}

const CRASH_EXCLUDED = new Set(['oom', 'slab', 'slab-trace', 'meminfo', 'kmem-info']);

/** Function names carry compiler suffixes (`.cold`, `.isra.0`, `.constprop.3`); signatures name the function. */
export function baseFunction(name: string): string {
  const dot = name.indexOf('.');
  return (dot > 0 ? name.slice(0, dot) : name).trim();
}

/** `0x00000000000000d0` → `d0`; `dead000000000122` → `dead000000000122`. */
function normHex(value: string): string {
  const h = value
    .trim()
    .toLowerCase()
    .replace(/^0x/, '')
    .replace(/^0+(?=[0-9a-f])/, '');
  return /^[0-9a-f]+$/.test(h) ? h : '';
}

function compile(source: string | undefined): RegExp | null {
  if (source === undefined) return null;
  try {
    return new RegExp(source);
  } catch {
    return null;
  }
}

function capped(text: string): string {
  return text.length > W.MAX_MATCH_LINE ? text.slice(0, W.MAX_MATCH_LINE) : text;
}

function isCrash(r: Report): r is CrashReport {
  return !CRASH_EXCLUDED.has(r.kind);
}

function reason(
  signal: string,
  weight: number,
  text: string,
  line: number | undefined,
  params: Record<string, string | number>,
): MatchReason {
  return line !== undefined ? { text, signal, weight, line, params } : { text, signal, weight, params };
}

function result(
  found: number,
  possible: number,
  anchored: boolean,
  sig: Signature,
  evidence: MatchReason[],
): SignatureResult {
  const coverage = possible > 0 ? Math.min(1, found / possible) : 0;
  return { coverage, strong: anchored && sig.supporting !== true && coverage >= W.STRONG_COVERAGE, evidence, possible };
}

const EMPTY: SignatureResult = { coverage: 0, strong: false, evidence: [], possible: 1 };

function better(a: SignatureResult, b: SignatureResult): SignatureResult {
  if (a.strong !== b.strong) return a.strong ? a : b;
  return b.coverage > a.coverage ? b : a;
}

/* ------------------------------------------------------------------ crash */

function frameIndex(frames: readonly StackFrame[]): Map<string, StackFrame> {
  const map = new Map<string, StackFrame>();
  for (const f of frames) {
    const name = baseFunction(f.func);
    // Prefer the first reliable occurrence: `? func` frames are unwinder guesses.
    const seen = map.get(name);
    if (seen === undefined || (!seen.reliable && f.reliable)) map.set(name, f);
  }
  return map;
}

function faultValue(r: CrashReport): { value: string; line: number } | null {
  const fa = r.crash.faultAddress;
  if (fa !== undefined) return { value: normHex(fa.value), line: r.crash.headerLine };
  for (const reg of r.crash.registers) {
    if (reg.name === 'CR2' || reg.name === 'FAR') return { value: normHex(reg.value), line: r.crash.headerLine };
  }
  return null;
}

function findPoison(
  r: CrashReport,
  poison: string,
  lines: readonly MatchLine[] | undefined,
): { where: string; line: number } | null {
  const p = normHex(poison);
  if (p === '') return null;
  for (const reg of r.crash.registers) {
    if (normHex(reg.value) === p) return { where: `register ${reg.name}`, line: r.startLine };
  }
  const fa = r.crash.faultAddress;
  if (fa !== undefined && normHex(fa.value).includes(p))
    return { where: 'the fault address', line: r.crash.headerLine };
  if (lines !== undefined) {
    const from = lowerBound(lines, r.startLine);
    for (let i = from; i < lines.length; i++) {
      const l = lines[i]!;
      if (l.no > r.endLine) break;
      if (capped(l.text).toLowerCase().includes(p)) return { where: 'the report text', line: l.no };
    }
  }
  return null;
}

function lowerBound(lines: readonly MatchLine[], no: number): number {
  let lo = 0;
  let hi = lines.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (lines[mid]!.no < no) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function scoreCrash(sig: OopsSig, r: CrashReport, lines: readonly MatchLine[] | undefined): SignatureResult {
  const ev: MatchReason[] = [];
  let possible = 0;
  let found = 0;
  let anchored = true;
  const frames = frameIndex(r.crash.frames);
  const pcFunc = r.crash.pc !== undefined ? baseFunction(r.crash.pc.func) : null;
  const guilty = r.frame !== null ? baseFunction(r.frame) : null;

  if (sig.reportKinds !== undefined) {
    possible += W.REPORT_KIND;
    if (sig.reportKinds.includes(r.kind)) {
      found += W.REPORT_KIND;
      ev.push(
        reason('REPORT_KIND', W.REPORT_KIND, `a ${r.kind} report at line ${r.startLine}`, r.startLine, {
          kind: r.kind,
        }),
      );
    } else anchored = false;
  }
  if (sig.title !== undefined) {
    possible += W.TITLE_PATTERN;
    const re = compile(sig.title);
    if (re !== null && re.test(capped(r.title))) {
      found += W.TITLE_PATTERN;
      ev.push(
        reason('TITLE_PATTERN', W.TITLE_PATTERN, `title "${r.title}" (line ${r.startLine})`, r.startLine, {
          title: r.title,
        }),
      );
    } else anchored = false;
  }
  if (sig.frame !== undefined) {
    possible += W.GUILTY_FRAME;
    const want = baseFunction(sig.frame);
    if (want === guilty || want === pcFunc) {
      found += W.GUILTY_FRAME;
      const line = frames.get(want)?.line ?? r.crash.headerLine;
      ev.push(reason('GUILTY_FRAME', W.GUILTY_FRAME, `crash in ${want} (line ${line})`, line, { frame: want }));
    } else {
      anchored = false;
      const f = frames.get(want);
      if (f !== undefined) {
        found += W.FRAME_IN_TRACE;
        ev.push(
          reason(
            'FRAME_IN_TRACE',
            W.FRAME_IN_TRACE,
            `${want} in the call trace (line ${f.line}), but the crash is elsewhere`,
            f.line,
            { frame: want },
          ),
        );
      }
    }
  }
  if (sig.frames !== undefined && sig.frames.length > 0) {
    possible += W.SUPPORTING_FRAMES;
    const hits: StackFrame[] = [];
    for (const name of sig.frames) {
      const f = frames.get(baseFunction(name));
      if (f !== undefined) hits.push(f);
    }
    if (hits.length > 0) {
      const w = (W.SUPPORTING_FRAMES * hits.length) / sig.frames.length;
      found += w;
      const names = hits.map((f) => baseFunction(f.func));
      ev.push(
        reason(
          'SUPPORTING_FRAMES',
          w,
          `call chain ${names.join(', ')} (${hits.length} of ${sig.frames.length} expected frames, first at line ${hits[0]!.line})`,
          hits[0]!.line,
          { frames: names.join(', '), count: hits.length, total: sig.frames.length },
        ),
      );
    }
  }
  if (sig.nullOffset !== undefined) {
    possible += W.NULL_OFFSET;
    const want = normHex(sig.nullOffset);
    const fault = faultValue(r);
    if (fault !== null && fault.value === want) {
      found += W.NULL_OFFSET;
      ev.push(
        reason('NULL_OFFSET', W.NULL_OFFSET, `fault address NULL + 0x${want} (line ${fault.line})`, fault.line, {
          offset: `0x${want}`,
        }),
      );
    } else if (fault !== null && fault.value.length > 0 && fault.value.length <= 3) {
      // A different field of a NULL struct: the same chain failing differently, a near miss.
      anchored = false;
      found += W.NULL_OFFSET_OTHER;
      ev.push(
        reason(
          'NULL_OFFSET_OTHER',
          W.NULL_OFFSET_OTHER,
          `fault address NULL + 0x${fault.value}, not 0x${want} (line ${fault.line})`,
          fault.line,
          {
            offset: `0x${fault.value}`,
            expected: `0x${want}`,
          },
        ),
      );
    }
  }
  if (sig.poison !== undefined && sig.poison.length > 0) {
    possible += W.POISON_VALUE;
    for (const p of sig.poison) {
      const hit = findPoison(r, p, lines);
      if (hit !== null) {
        found += W.POISON_VALUE;
        ev.push(
          reason('POISON_VALUE', W.POISON_VALUE, `poison ${p} in ${hit.where} (line ${hit.line})`, hit.line, {
            value: p,
            where: hit.where,
          }),
        );
        break;
      }
    }
  }
  if (sig.arch !== undefined) {
    possible += W.ARCH;
    if (r.arch !== null && sig.arch.includes(r.arch)) {
      found += W.ARCH;
      ev.push(reason('ARCH', W.ARCH, `architecture ${r.arch}`, undefined, { arch: r.arch }));
    }
  }
  // A signature that declares neither frame nor title has nothing specific to anchor on.
  if (sig.frame === undefined && sig.title === undefined) anchored = false;
  return result(found, possible, anchored, sig, ev);
}

/* ------------------------------------------------------------------ OOM */

function oomScope(r: OomReport): string | null {
  const scope = r.oom.scope as string | undefined;
  if (scope !== undefined && scope !== 'unknown') return scope;
  const c = (r.oom.constraint ?? '').toUpperCase();
  if (c.includes('MEMCG')) return 'memcg';
  if (c.includes('CPUSET')) return 'cpuset';
  if (c.includes('MEMORY_POLICY')) return 'mempolicy';
  if (c.includes('NONE')) return 'global';
  return null;
}

const FRAME_LINE_RE = /^\s*(?:\[<?[0-9a-f]{6,}>?\]\s*)?(?:\?\s*)?([A-Za-z_][\w.]*)\+0x[0-9a-f]+(?:\/0x[0-9a-f]+)?/;

/** Call-trace frames printed inside lines [from, to] of the paste, first occurrence of each function. */
function framesInLines(lines: readonly MatchLine[] | undefined, from: number, to: number): Map<string, number> {
  const seen = new Map<string, number>();
  if (lines === undefined) return seen;
  for (let i = lowerBound(lines, from); i < lines.length && lines[i]!.no <= to; i++) {
    const m = FRAME_LINE_RE.exec(capped(lines[i]!.text));
    if (m !== null) {
      const fn = baseFunction(m[1]!);
      if (!seen.has(fn)) seen.set(fn, lines[i]!.no);
    }
  }
  return seen;
}

function scoreOom(sig: OomSig, r: OomReport, lines: readonly MatchLine[] | undefined): SignatureResult {
  const ev: MatchReason[] = [];
  let possible = W.OOM_REPORT;
  let found = W.OOM_REPORT;
  let anchored = true;
  const killed = r.oom.killed;
  ev.push(
    reason(
      'OOM_REPORT',
      W.OOM_REPORT,
      killed !== null
        ? `OOM report at line ${r.startLine}: killed ${killed.comm} (pid ${killed.pid})`
        : `OOM report at line ${r.startLine}`,
      r.startLine,
      killed !== null ? { comm: killed.comm, pid: killed.pid } : {},
    ),
  );
  if (sig.scope !== undefined && sig.scope.length > 0) {
    possible += W.OOM_SCOPE;
    const scope = oomScope(r);
    if (scope !== null && sig.scope.includes(scope)) {
      found += W.OOM_SCOPE;
      ev.push(reason('OOM_SCOPE', W.OOM_SCOPE, `${scope} OOM`, r.startLine, { scope }));
    } else anchored = false;
  }
  if (sig.frames !== undefined && sig.frames.length > 0) {
    possible += W.OOM_FRAMES;
    // The OOM's own call trace: the lines of the report before Mem-Info.
    const frames = framesInLines(lines, r.startLine, r.endLine);
    const hits = sig.frames.map(baseFunction).filter((fn) => frames.has(fn));
    if (hits.length > 0) {
      const w = (W.OOM_FRAMES * hits.length) / sig.frames.length;
      found += w;
      const line = frames.get(hits[0]!)!;
      ev.push(
        reason('OOM_FRAMES', w, `OOM call trace through ${hits.join(', ')} (line ${line})`, line, {
          frames: hits.join(', '),
        }),
      );
    } else anchored = false;
  }
  return result(found, possible, anchored, sig, ev);
}

/* ------------------------------------------------------------------ slab */

function scoreSlab(sig: SlabSig, r: SlabReport): SignatureResult {
  const ranked = [...r.slab.caches].sort((a, b) => b.bytes - a.bytes);
  let best = EMPTY;
  for (const name of sig.caches) {
    const rank = ranked.findIndex((c) => c.name === name);
    if (rank < 0) continue;
    const cache = ranked[rank]!;
    const ev: MatchReason[] = [];
    const possible = W.SLAB_CACHE_PRESENT + (sig.topN !== undefined ? W.SLAB_CACHE_TOP : 0);
    let found = W.SLAB_CACHE_PRESENT;
    const mib = Math.round((cache.bytes / 1048576) * 10) / 10;
    ev.push(
      reason(
        'SLAB_CACHE_PRESENT',
        W.SLAB_CACHE_PRESENT,
        `slab cache ${name} holds ${mib} MiB (line ${r.startLine})`,
        r.startLine,
        {
          cache: name,
          mib,
        },
      ),
    );
    let anchored = sig.topN === undefined;
    if (sig.topN !== undefined && rank < sig.topN) {
      found += W.SLAB_CACHE_TOP;
      anchored = true;
      ev.push(
        reason(
          'SLAB_CACHE_TOP',
          W.SLAB_CACHE_TOP,
          `${name} ranks #${rank + 1} by memory (top ${sig.topN} expected)`,
          r.startLine,
          {
            cache: name,
            rank: rank + 1,
            topN: sig.topN,
          },
        ),
      );
    }
    best = better(best, result(found, possible, anchored, sig, ev));
  }
  return best;
}

function scoreSlabTrace(
  sig: SlabTraceSig,
  r: SlabTraceReport,
  lines: readonly MatchLine[] | undefined,
): SignatureResult {
  let best = EMPTY;
  for (const name of sig.caches) {
    const cache = r.slabTrace.caches.find((c) => c.name === name);
    if (cache === undefined) continue;
    const ev: MatchReason[] = [];
    let possible = W.SLAB_TRACE_CACHE + W.SLAB_TRACE_OUTSTANDING;
    let found = W.SLAB_TRACE_CACHE;
    ev.push(
      reason(
        'SLAB_TRACE_CACHE',
        W.SLAB_TRACE_CACHE,
        `slub_debug TRACE of ${name} from line ${r.startLine}`,
        r.startLine,
        { cache: name },
      ),
    );
    if (cache.allocs > cache.frees) {
      found += W.SLAB_TRACE_OUTSTANDING;
      ev.push(
        reason(
          'SLAB_TRACE_OUTSTANDING',
          W.SLAB_TRACE_OUTSTANDING,
          `${cache.allocs} allocations vs ${cache.frees} frees of ${name}`,
          r.startLine,
          { cache: name, allocs: cache.allocs, frees: cache.frees },
        ),
      );
    }
    if (sig.frames !== undefined && sig.frames.length > 0) {
      possible += W.SLAB_TRACE_FRAMES;
      const seen = new Map<string, number>();
      for (const st of r.slabTrace.stacks) {
        if (st.cache !== name || st.op !== 'alloc') continue;
        for (const f of st.frames) {
          const fn = baseFunction(f);
          if (!seen.has(fn)) seen.set(fn, st.line);
        }
      }
      // Without parsed stacks, the frames printed inside the TRACE block still count.
      if (seen.size === 0) for (const [fn, line] of framesInLines(lines, r.startLine, r.endLine)) seen.set(fn, line);
      const hits = sig.frames.map(baseFunction).filter((fn) => seen.has(fn));
      if (hits.length > 0) {
        const w = (W.SLAB_TRACE_FRAMES * hits.length) / sig.frames.length;
        found += w;
        const line = seen.get(hits[0]!)!;
        ev.push(
          reason('SLAB_TRACE_FRAMES', w, `allocation stacks through ${hits.join(', ')} (line ${line})`, line, {
            frames: hits.join(', '),
          }),
        );
      }
    }
    best = better(best, result(found, possible, true, sig, ev));
  }
  return best;
}

/* ------------------------------------------------------------------ symptom lines */

function scoreSymptom(sig: SymptomSig, lines: readonly MatchLine[] | undefined): SignatureResult {
  const re = compile(sig.pattern);
  if (re === null || lines === undefined) return EMPTY;
  for (const l of lines) {
    if (re.test(capped(l.text))) {
      const ev = [
        reason('SYMPTOM_LINE', W.SYMPTOM_LINE, `${sig.description} (line ${l.no})`, l.no, {
          description: sig.description,
          ...(sig.descriptionZh !== undefined ? { descriptionZh: sig.descriptionZh } : {}),
        }),
      ];
      return result(W.SYMPTOM_LINE, W.SYMPTOM_LINE, true, sig, ev);
    }
  }
  return EMPTY;
}

/* ------------------------------------------------------------------ cases */

function scoreSignature(
  sig: Signature,
  reports: readonly Report[],
  lines: readonly MatchLine[] | undefined,
): SignatureResult {
  let best = EMPTY;
  switch (sig.kind) {
    case 'oops':
      for (const r of reports) if (isCrash(r)) best = better(best, scoreCrash(sig, r, lines));
      break;
    case 'oom':
      for (const r of reports) if (r.kind === 'oom') best = better(best, scoreOom(sig, r, lines));
      break;
    case 'slab':
      for (const r of reports) if (r.kind === 'slab') best = better(best, scoreSlab(sig, r));
      break;
    case 'slab-trace':
      for (const r of reports) if (r.kind === 'slab-trace') best = better(best, scoreSlabTrace(sig, r, lines));
      break;
    case 'symptom':
      best = scoreSymptom(sig, lines);
      break;
  }
  return best;
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}

function scoreCase(
  c: CaseSignatures,
  reports: readonly Report[],
  lines: readonly MatchLine[] | undefined,
): CaseMatch | null {
  const results = c.signatures
    .map((s) => scoreSignature(s, reports, lines))
    .filter((r) => r.coverage >= W.POSSIBLE_COVERAGE);
  if (results.length === 0) return null;
  let lead = results[0]!;
  for (const r of results) lead = better(lead, r);
  const others = results.filter((r) => r !== lead);
  const bonusEach =
    others.length > 0 ? Math.min(W.CORROBORATION_CAP, W.CORROBORATION * others.length) / others.length : 0;
  const evidence: MatchReason[] = [];
  for (const e of lead.evidence)
    evidence.push({ ...e, weight: round((e.weight / lead.possible) * W.BEST_SIGNATURE_SHARE) });
  for (const o of others) {
    const n = o.evidence.length;
    for (const e of o.evidence) evidence.push({ ...e, weight: round(bonusEach / n) });
  }
  const score = round(Math.min(1, lead.coverage * W.BEST_SIGNATURE_SHARE + bonusEach * others.length));
  return {
    case: c.slug,
    confidence: lead.strong ? 'strong' : 'possible',
    score,
    reasons: evidence.map((e) => e.text),
    evidence,
  };
}

/**
 * Every case with some evidence in the analysis, strongest first (strong before possible,
 * then by score, then by slug so the order is stable). `lines` (the normalised lines of the
 * paste) lets symptom patterns and poison values be found in text no parser claimed.
 */
export function matchCases(
  analysis: Analysis,
  cases: readonly CaseSignatures[],
  lines?: readonly MatchLine[],
): CaseMatch[] {
  const out: CaseMatch[] = [];
  for (const c of cases) {
    try {
      const m = scoreCase(c, analysis.reports, lines);
      if (m !== null) out.push(m);
    } catch {
      // A malformed signature must never break the analysis; that case simply does not match.
    }
  }
  out.sort((a, b) => {
    if (a.confidence !== b.confidence) return a.confidence === 'strong' ? -1 : 1;
    if (a.score !== b.score) return b.score - a.score;
    return a.case < b.case ? -1 : a.case > b.case ? 1 : 0;
  });
  return out;
}
