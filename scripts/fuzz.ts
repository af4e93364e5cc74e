/**
 * Mutation fuzzer for the engine: takes the real logs in the repository (case evidence, golden
 * testdata, and the syzkaller corpus beside the repo when present), mutates them (byte and line
 * edits, splices of two logs, hostile bytes, giant lines, repeated lines, prefixes of every format
 * the normaliser knows) and runs `analyze()` on each result.
 *
 * A failure is: an exception, an `internal-error` notice (analyze() turns a finder's exception
 * into one), a report whose lines fall outside the input, or an input that takes longer than its
 * time bound (proportional to its size: FIXED_BOUND_MS + size / MIN_BYTES_PER_MS). Failing inputs
 * are written to .fuzz/ for a regression test.
 *
 *   npm run fuzz                       1,000,000 inputs on every core
 *   npm run fuzz -- 20000              another count
 *   FUZZ_SEED=42 npm run fuzz          reproducible run
 *   FUZZ_THREADS=1 npm run fuzz        fewer threads than cores
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { analyze } from '../src/lib/analyze.ts';
import { corpusLogs } from './bench-inputs.ts';

const ROOT = resolve(import.meta.dirname, '..');
/** Every input may take this long whatever its size (GC pauses, JIT warm-up). */
const FIXED_BOUND_MS = 250;
/** …plus its size at this floor throughput (1 MB/s: 50× slower than the engine's benchmark). */
const MIN_BYTES_PER_MS = 1000;
const MAX_SEED_CHARS = 64 * 1024;
/** Inputs between two progress lines of a worker. */
const PROGRESS_EVERY = 25_000;

interface Failure {
  kind: 'exception' | 'internal-error' | 'bad-lines' | 'slow';
  detail: string;
  input: string;
}

function collectSeeds(): string[] {
  const seeds: string[] = [];
  const walk = (dir: string): void => {
    if (!existsSync(dir)) return;
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, entry.name);
      if (entry.isDirectory()) walk(p);
      else if (/\.(log|txt)$/.test(entry.name) && statSync(p).size < 4 * 1024 * 1024)
        seeds.push(readFileSync(p, 'utf8'));
    }
  };
  walk(join(ROOT, 'content/cases'));
  for (const area of ['oops', 'oom', 'slab', 'text', 'match']) walk(join(ROOT, 'src/lib', area, 'testdata'));
  seeds.push(...corpusLogs());
  return seeds.map((s) => (s.length > MAX_SEED_CHARS ? s.slice(0, MAX_SEED_CHARS) : s));
}

/** xorshift32: fast, seedable, good enough to pick mutations. */
function rng(seed: number): () => number {
  let x = seed | 0 || 0x9e3779b9;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 0x100000000;
  };
}

const HOSTILE = [
  '\u0000',
  '\r',
  '\r\n',
  '\u001b[31m',
  '\u001b[0m',
  '\ufeff',
  '\ud800',
  '\u200b',
  '于',
  '(已内连入)',
  '#012',
  '#011',
  '<script>alert(1)</script>',
  '[',
  ']',
  '[<',
  '>]',
  '+0x',
  '/0x',
  '0x',
  '?',
  ' ',
  '\t',
  '> ',
  'kernel: ',
  'Call Trace:',
  '<IRQ>',
  '</IRQ>',
  'RIP: 0010:',
  'pc : ',
  'BUG: ',
  'WARNING: CPU: 0 PID: 1 at ',
  'Oops: ',
  'Kernel panic - not syncing: ',
  'invoked oom-killer: gfp_mask=0x',
  'Mem-Info:',
  'Node 0 Normal: ',
  'Tasks state (memory values in pages):',
  '[  pid  ]',
  'Out of memory: Killed process ',
  'TRACE ',
  'ffffffffffffffff',
  'dead000000000100',
  '6b6b6b6b6b6b6b6b',
  'lowmem_reserve[]:',
  ' Active / Total Objects',
  'slabinfo - version: 2.1',
  'MemTotal:',
  'crash> ',
  '#0 ',
  '[   12.345678][ T1234] ',
  '2024-01-02T03:04:05.123456+00:00 host kernel: ',
  'Jan  2 03:04:05 host kernel: [ 1.000000] ',
  '12345\n',
  '*4kB (UME) ',
  '=',
  ':',
  ',',
  '(',
  ')',
];

function mutate(seeds: string[], next: () => number): string {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!;
  let s = pick(seeds);
  // Work on an excerpt most of the time: small inputs give more executions per second.
  if (s.length > 4096 && next() < 0.8) {
    const start = Math.floor(next() * (s.length - 2048));
    s = s.slice(start, start + 512 + Math.floor(next() * 6000));
  }
  const rounds = 1 + Math.floor(next() * 6);
  for (let r = 0; r < rounds; r++) {
    const at = Math.floor(next() * (s.length + 1));
    switch (Math.floor(next() * 12)) {
      case 0: // hostile token
        s = s.slice(0, at) + pick(HOSTILE) + s.slice(at);
        break;
      case 1: // delete a span
        s = s.slice(0, at) + s.slice(at + Math.floor(next() * 200));
        break;
      case 2: // random code units
        s = s.slice(0, at) + String.fromCharCode(Math.floor(next() * 0x10000)) + s.slice(at);
        break;
      case 3: {
        // duplicate a line many times
        const lines = s.split('\n');
        const i = Math.floor(next() * lines.length);
        lines.splice(i, 0, ...Array<string>(1 + Math.floor(next() * 100)).fill(lines[i] ?? ''));
        s = lines.join('\n');
        break;
      }
      case 4: {
        // shuffle two lines (interleaving)
        const lines = s.split('\n');
        const i = Math.floor(next() * lines.length);
        const j = Math.floor(next() * lines.length);
        [lines[i], lines[j]] = [lines[j] ?? '', lines[i] ?? ''];
        s = lines.join('\n');
        break;
      }
      case 5: // splice with another log
        s = s.slice(0, at) + pick(seeds).slice(0, 3000) + s.slice(at);
        break;
      case 6: // truncate
        s = s.slice(0, at);
        break;
      case 7: // one giant line
        s =
          s.slice(0, at) + pick(HOSTILE).repeat(1 + Math.floor(next() * (next() < 0.05 ? 50000 : 1000))) + s.slice(at);
        break;
      case 8: {
        // prefix every line with one format's prefix
        const prefix = pick(HOSTILE.filter((h) => h.endsWith(' ')));
        s = s
          .split('\n')
          .map((l) => prefix + l)
          .join('\n');
        break;
      }
      case 9: // CRLF everything
        s = s.replaceAll('\n', '\r\n');
        break;
      case 10: // strip leading whitespace (trace lines lose their indent)
        s = s.replace(/^[ \t]+/gm, '');
        break;
      default: {
        // flip a digit/hex char
        const c = s.charCodeAt(at);
        if (!Number.isNaN(c))
          s = s.slice(0, at) + String.fromCharCode(c ^ (1 << Math.floor(next() * 7))) + s.slice(at + 1);
      }
    }
  }
  return s;
}

function check(input: string): Failure | null {
  const bound = FIXED_BOUND_MS + input.length / MIN_BYTES_PER_MS;
  let result;
  let ms = Infinity;
  // A slow run is timed twice more and the fastest counts: on a shared machine one run can stall.
  for (let attempt = 0; attempt < 3 && ms > bound; attempt++) {
    const t0 = performance.now();
    try {
      result = analyze(input);
    } catch (err) {
      return { kind: 'exception', detail: err instanceof Error ? (err.stack ?? err.message) : String(err), input };
    }
    ms = Math.min(ms, performance.now() - t0);
  }
  if (result === undefined) return null;
  if (ms > bound) return { kind: 'slow', detail: `${ms.toFixed(0)} ms for ${input.length} chars`, input };
  const internal = result.input.notices.find((n) => n.code === 'internal-error');
  if (internal) return { kind: 'internal-error', detail: internal.message, input };
  const lineCount = result.input.lines;
  for (const r of result.reports) {
    if (!(r.startLine >= 1 && r.endLine >= r.startLine && (lineCount === 0 || r.endLine <= lineCount)))
      return { kind: 'bad-lines', detail: `${r.kind} ${r.startLine}-${r.endLine} of ${lineCount}`, input };
  }
  return null;
}

if (isMainThread) {
  const total = Number(process.argv[2] ?? 1_000_000);
  const baseSeed = Number(process.env['FUZZ_SEED'] ?? Date.now() % 2 ** 31);
  const threads = Math.max(1, Number(process.env['FUZZ_THREADS'] ?? 0) || availableParallelism());
  const seeds = collectSeeds();
  console.log(`fuzz: ${total} inputs from ${seeds.length} real logs, ${threads} threads, seed ${baseSeed}`);
  const t0 = performance.now();
  const per = Math.ceil(total / threads);
  const progress = new Array<number>(threads).fill(0);
  let failed = 0;
  const results = await Promise.all(
    Array.from(
      { length: threads },
      (_, i) =>
        new Promise<{ runs: number; bytes: number; failures: Failure[]; slowest: number }>((done, fail) => {
          const w = new Worker(new URL(import.meta.url), {
            workerData: { seeds, runs: Math.min(per, total - i * per), seed: baseSeed + i * 7919 },
          });
          w.on('message', (m: { progress?: number; failedSoFar?: number } & Parameters<typeof done>[0]) => {
            if (m.progress === undefined) return done(m);
            progress[i] = m.progress;
            failed += m.failedSoFar ?? 0;
            const sum = progress.reduce((a, b) => a + b, 0);
            const s = (performance.now() - t0) / 1000;
            // A line now and then: a long run shows it is alive, and how far it got if it is stopped.
            if (i === 0)
              console.log(`  ${sum} inputs in ${s.toFixed(0)} s (${(sum / s).toFixed(0)}/s), ${failed} failing so far`);
          });
          w.on('error', fail);
        }),
    ),
  );
  const runs = results.reduce((n, r) => n + r.runs, 0);
  const bytes = results.reduce((n, r) => n + r.bytes, 0);
  const failures = results.flatMap((r) => r.failures);
  const seconds = (performance.now() - t0) / 1000;
  console.log(
    `ran ${runs} inputs (${(bytes / 1e6).toFixed(1)} MB) in ${seconds.toFixed(1)} s; slowest input ${Math.max(...results.map((r) => r.slowest)).toFixed(1)} ms`,
  );
  const byKind = new Map<string, number>();
  for (const f of failures) byKind.set(f.kind, (byKind.get(f.kind) ?? 0) + 1);
  console.log(
    `failures: ${failures.length}${failures.length ? ` (${[...byKind].map(([k, n]) => `${k} ${n}`).join(', ')})` : ''}`,
  );
  if (failures.length) {
    mkdirSync(join(ROOT, '.fuzz'), { recursive: true });
    failures.slice(0, 50).forEach((f, i) => {
      writeFileSync(join(ROOT, '.fuzz', `failure-${i}-${f.kind}.txt`), f.input);
      if (i < 5) console.log(`- ${f.kind}: ${f.detail.split('\n').slice(0, 4).join(' | ')}`);
    });
    console.log('failing inputs written to .fuzz/');
    process.exit(1);
  }
} else {
  const { seeds, runs, seed } = workerData as { seeds: string[]; runs: number; seed: number };
  const next = rng(seed);
  const failures: Failure[] = [];
  let bytes = 0;
  let slowest = 0;
  let reported = 0;
  for (let i = 0; i < runs; i++) {
    const input = mutate(seeds, next);
    bytes += input.length;
    const t0 = performance.now();
    const f = check(input);
    slowest = Math.max(slowest, performance.now() - t0);
    if (f && failures.length < 200) failures.push(f);
    if ((i + 1) % PROGRESS_EVERY === 0)
      parentPort?.postMessage({ progress: i + 1, failedSoFar: failures.length - reported });
    if ((i + 1) % PROGRESS_EVERY === 0) reported = failures.length;
  }
  parentPort?.postMessage({ runs, bytes, failures, slowest });
}
