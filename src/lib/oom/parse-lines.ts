/**
 * Recognisers for the single lines of an OOM report (mm/oom_kill.c dump_header(), show_mem(),
 * show_free_areas(), dump_tasks(), mem_cgroup_print_oom_*(), dump_unreclaimable_slab()).
 *
 * Every recogniser gets a line already capped in length, checks a cheap prefix or substring first
 * and only then runs an anchored regex without nested quantifiers, so a long log costs linear time.
 */
import type { OomKilled } from './types.ts';

/** Longest line any recogniser looks at; longer lines are cut before matching. */
export const OOM_MAX_LINE = 4096;

export const ZONE_NAMES = ['DMA', 'DMA32', 'Normal', 'HighMem', 'Movable', 'Device'] as const;
const ZONE_SET = new Set<string>(ZONE_NAMES);

export interface OomHeader {
  comm: string;
  gfpMask: string;
  gfpPrinted: string | null;
  nodemask?: string;
  order: number;
  oomAdj?: number;
  oomScoreAdj?: number;
}

/** `a.out invoked oom-killer: gfp_mask=0x100cca(GFP_HIGHUSER_MOVABLE), order=0, oom_score_adj=0` */
export function parseHeader(text: string): OomHeader | null {
  const at = text.indexOf(' invoked oom-killer:');
  if (at < 0) return null;
  const comm = text.slice(0, at).trim();
  const rest = text.slice(at + 20);
  const gfp = /gfp_mask=(0x[0-9a-fA-F]+)(?:\(([^)]{0,400})\))?/.exec(rest);
  const order = /order=(-?\d+)/.exec(rest);
  const node = /nodemask=([^,\s]*)/.exec(rest);
  const adj = /oom_adj=(-?\d+)/.exec(rest);
  const scoreAdj = /oom_score_adj=(-?\d+)/.exec(rest);
  return {
    comm,
    gfpMask: gfp?.[1] ?? '',
    gfpPrinted: gfp?.[2] ?? null,
    ...(node?.[1] !== undefined ? { nodemask: node[1] } : {}),
    order: order?.[1] !== undefined ? Number(order[1]) : 0,
    ...(adj?.[1] !== undefined ? { oomAdj: Number(adj[1]) } : {}),
    ...(scoreAdj?.[1] !== undefined ? { oomScoreAdj: Number(scoreAdj[1]) } : {}),
  };
}

/** `CPU: 17 PID: 5532 Comm: a.out Kdump: loaded Not tainted 5.10.0-60… #1` (and 2.6.32's `Pid: 1, comm: x Not tainted 2.6.32-… #1`). */
export function parseCpuLine(text: string): { pid: number; comm: string; kernel: string | null } | null {
  let m =
    /^CPU: \d+ (?:UID: \d+ )?PID: (\d+) Comm: (.{1,16}?) (?:Kdump: \S+ )?(?:Not tainted|Tainted: [A-Z ]{0,40}?)\s+(\d+\.\d+\S*)/.exec(
      text,
    );
  if (m?.[1] && m[2] !== undefined) return { pid: Number(m[1]), comm: m[2], kernel: m[3] ?? null };
  m = /^CPU: \d+ (?:UID: \d+ )?PID: (\d+) Comm: (.{1,16}?)(?: |$)/.exec(text);
  if (m?.[1] && m[2] !== undefined) return { pid: Number(m[1]), comm: m[2], kernel: null };
  m = /^Pid: (\d+), comm: (.{1,16}?) (?:Not tainted|Tainted: [A-Z ]{0,40}?)\s+(\d+\.\d+\S*)/.exec(text);
  if (m?.[1] && m[2] !== undefined) return { pid: Number(m[1]), comm: m[2], kernel: m[3] ?? null };
  return null;
}

function isKeyChar(c: number): boolean {
  // A-Z a-z 0-9 _ ( )
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c === 40 || c === 41;
}

/**
 * All `key:123` / `key:123kB` / `key: 123kB` pairs of a line, values as printed (kB or pages).
 * Hand-scanned: zone and node lines carry ~25 pairs each and OOM-heavy logs repeat them.
 */
export function parsePairs(text: string): Record<string, number> {
  const out: Record<string, number> = {};
  const len = text.length;
  let from = 0;
  for (;;) {
    const colon = text.indexOf(':', from);
    if (colon < 0) break;
    from = colon + 1;
    let k = colon;
    while (k > 0 && colon - k < 41 && isKeyChar(text.charCodeAt(k - 1))) k--;
    if (k === colon) continue;
    const first = text.charCodeAt(k);
    if (first >= 48 && first <= 57) continue; // keys start with a letter or _
    let i = colon + 1;
    if (text.charCodeAt(i) === 32) i++;
    const start = i;
    let v = 0;
    while (i < len) {
      const c = text.charCodeAt(i);
      if (c < 48 || c > 57) break;
      v = v * 10 + (c - 48);
      i++;
    }
    if (i === start || i - start > 20) continue;
    out[text.slice(k, colon)] = v;
    from = i;
  }
  return out;
}

export type NodeLine =
  | { kind: 'zone'; node: number; zone: string; rest: string }
  | { kind: 'buddy'; node: number; zone: string; rest: string }
  | { kind: 'hugepages'; node: number; rest: string }
  | { kind: 'node'; node: number; rest: string }
  | { kind: 'percpu'; node: number; zone: string };

/** Lines that start with `Node N ` (zone, buddy list, hugepages, per-node counters). */
export function parseNodeLine(text: string): NodeLine | null {
  let node = 0;
  let rest: string;
  if (text.startsWith('Node ')) {
    const m = /^Node (\d{1,4}) /.exec(text);
    if (!m?.[1]) return null;
    node = Number(m[1]);
    rest = text.slice(m[0].length);
  } else {
    // Kernels without CONFIG_NUMA print zone and buddy lines without the `Node N ` prefix.
    const first = text.charCodeAt(0);
    if (first !== 68 && first !== 78 && first !== 72 && first !== 77) return null; // D N H M
    rest = text;
  }
  const sp = rest.search(/[ :]/);
  const word = sp < 0 ? rest : rest.slice(0, sp);
  if (ZONE_SET.has(word)) {
    const after = rest.slice(word.length);
    if (after.startsWith(':')) {
      if (!/^:\s*\d/.test(after)) return null;
      return { kind: 'buddy', node, zone: word, rest: after.slice(1) };
    }
    if (after.startsWith(' per-cpu')) return { kind: 'percpu', node, zone: word };
    if (!after.startsWith(' free:')) return null;
    return { kind: 'zone', node, zone: word, rest: after };
  }
  if (!text.startsWith('Node ')) return null;
  if (rest.startsWith('hugepages_total=')) return { kind: 'hugepages', node, rest };
  return { kind: 'node', node, rest };
}

/** `0*4kB 1*16kB (U) … = 13296kB` */
export function parseBuddy(
  rest: string,
  pageKb: number,
): { counts: number[]; types: string[]; totalKb: number | null } {
  const counts: number[] = [];
  const types: string[] = [];
  const re = /(\d{1,12})\*(\d{1,9})kB(?: \(([A-Z]{1,8})\))?/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(rest)) !== null) {
    const n = Number(m[1]);
    const size = Number(m[2]);
    const order = Math.round(Math.log2(size / pageKb));
    if (order >= 0 && order < 20) {
      counts[order] = n;
      types[order] = m[3] ?? '';
    }
  }
  for (let i = 0; i < counts.length; i++) {
    if (counts[i] === undefined) counts[i] = 0;
    if (types[i] === undefined) types[i] = '';
  }
  const total = /=\s*(\d{1,15})kB\s*$/.exec(rest);
  return { counts, types, totalKb: total?.[1] ? Number(total[1]) : null };
}

/** The first size of a buddy list tells the page size (4kB, 16kB, 64kB). */
export function buddyPageKb(rest: string): number | null {
  const m = /^\s*\d{1,12}\*(\d{1,6})kB/.exec(rest);
  return m?.[1] ? Number(m[1]) : null;
}

export function parseLowmemReserve(text: string): number[] | null {
  if (!text.startsWith('lowmem_reserve[]:')) return null;
  return text
    .slice(17, 600)
    .trim()
    .split(/\s+/)
    .filter((s) => /^\d+$/.test(s))
    .map(Number);
}

export type ShowMemLine =
  | { key: 'pagecache' | 'swapcache' | 'pagesRam' | 'pagesReserved' | 'pagesHighMem' | 'other'; value: number }
  | { key: 'freeSwap' | 'totalSwap'; value: number };

/** show_mem() tail: `4778 total pagecache pages`, `Free swap  = 0kB`, `3145595 pages RAM`, … */
export function parseShowMem(text: string): ShowMemLine | null {
  let m = /^Free swap\s*=\s*(\d+)kB/.exec(text);
  if (m?.[1]) return { key: 'freeSwap', value: Number(m[1]) };
  m = /^Total swap\s*=\s*(\d+)kB/.exec(text);
  if (m?.[1]) return { key: 'totalSwap', value: Number(m[1]) };
  m =
    /^(\d{1,15}) (total pagecache pages|pages in swap cache|pages RAM|pages reserved|pages HighMem\/MovableOnly|pages HighMem|pages hwpoisoned|pages cma reserved|pages shared|pages non-shared|pages of RAM)/.exec(
      text,
    );
  if (!m?.[1] || !m[2]) return null;
  const value = Number(m[1]);
  switch (m[2]) {
    case 'total pagecache pages':
      return { key: 'pagecache', value };
    case 'pages in swap cache':
      return { key: 'swapcache', value };
    case 'pages RAM':
    case 'pages of RAM':
      return { key: 'pagesRam', value };
    case 'pages reserved':
      return { key: 'pagesReserved', value };
    case 'pages HighMem/MovableOnly':
    case 'pages HighMem':
      return { key: 'pagesHighMem', value };
    default:
      return { key: 'other', value };
  }
}

/** Header of the task dump: `[ pid ]   uid  tgid total_vm      rss …  name`. */
export function parseTaskHeader(text: string): string[] | null {
  if (!text.startsWith('[') || !text.includes('pid') || !/\bname\s*$/.test(text)) return null;
  const cols = text.replace(/[[\]]/g, ' ').trim().split(/\s+/);
  if (cols[0] !== 'pid' || cols.length < 4) return null;
  return cols;
}

/**
 * One task row: numbers for every header column but the last, the rest of the line is the name.
 * Scanned by hand into `out` (index = column): task tables can have 10⁵ rows, so no regex, no
 * per-row objects and no substrings but the name. Returns the name, or null when the row does not fit.
 */
export function parseTaskRow(text: string, numericColumns: number, out: number[]): string | null {
  if (text.charCodeAt(0) !== 91) return null; // [
  const len = text.length;
  let i = 1;
  for (let col = 0; col < numericColumns; col++) {
    while (i < len && text.charCodeAt(i) === 32) i++;
    let neg = false;
    if (text.charCodeAt(i) === 45) {
      neg = true;
      i++;
    }
    const startDigits = i;
    let v = 0;
    while (i < len) {
      const c = text.charCodeAt(i);
      if (c < 48 || c > 57) break;
      v = v * 10 + (c - 48);
      i++;
    }
    if (i === startDigits || i - startDigits > 20) return null;
    if (col === 0) {
      if (text.charCodeAt(i) !== 93) return null; // ]
      i++;
    } else if (i < len && text.charCodeAt(i) !== 32) return null;
    out[col] = neg ? -v : v;
  }
  while (i < len && text.charCodeAt(i) === 32) i++;
  let end = len;
  while (end > i && text.charCodeAt(end - 1) <= 32) end--;
  return text.slice(i, end);
}

/** `oom-kill:constraint=CONSTRAINT_NONE,nodemask=(null),cpuset=/,…,task=a.out,pid=5532,uid=0` */
export function parseOomKillLine(text: string): Record<string, string> | null {
  const at = text.indexOf('oom-kill:');
  if (at < 0) return null;
  const out: Record<string, string> = {};
  for (const part of text.slice(at + 9).split(',')) {
    const eq = part.indexOf('=');
    if (eq < 0) {
      const flag = part.trim();
      if (flag) out[flag] = 'true';
    } else out[part.slice(0, eq).trim()] = part.slice(eq + 1).trim();
  }
  return out;
}

/** `Out of memory: Kill process 1234 (x) score 900 or sacrifice child` (and 2.6.32's `kill process … or a child`). */
export function parseSelected(
  text: string,
): { pid: number; comm: string; score: number | null; memcg: boolean } | null {
  const at = text.search(/[Kk]ill process \d/);
  if (at < 0 || text.includes('Killed process')) return null;
  const m = /^[Kk]ill process (\d+) \((.{0,64})\) (?:score (-?\d+) )?or (?:sacrifice|a) child/.exec(text.slice(at));
  if (!m?.[1] || m[2] === undefined) return null;
  return {
    pid: Number(m[1]),
    comm: m[2],
    score: m[3] !== undefined ? Number(m[3]) : null,
    memcg: text.startsWith('Memory cgroup'),
  };
}

function kb(text: string, key: string): number | null {
  const i = text.indexOf(key);
  if (i < 0) return null;
  const m = /^(\d{1,20})kB/.exec(text.slice(i + key.length));
  return m?.[1] ? Number(m[1]) : null;
}

/** `Killed process 5532 (a.out) total-vm:…kB, anon-rss:…kB, file-rss:…kB, shmem-rss:0kB, UID:0 pgtables:…kB oom_score_adj:0` */
export function parseKilled(text: string, line: number): OomKilled | null {
  const at = text.indexOf('Killed process ');
  if (at < 0) return null;
  const m = /^Killed process (\d+) \((.{0,64})\)(?=[ ,]|$)/.exec(text.slice(at));
  if (!m?.[1] || m[2] === undefined) return null;
  const rest = text.slice(at + m[0].length);
  const uid = /UID[: ](\d+)/.exec(rest);
  const adj = /oom_score_adj:(-?\d+)/.exec(rest);
  return {
    pid: Number(m[1]),
    comm: m[2],
    totalVm: kb(rest, 'total-vm:') ?? kb(rest, 'vsz:'),
    anonRss: kb(rest, 'anon-rss:'),
    fileRss: kb(rest, 'file-rss:'),
    shmemRss: kb(rest, 'shmem-rss:'),
    uid: uid?.[1] !== undefined ? Number(uid[1]) : null,
    pgtables: kb(rest, 'pgtables:'),
    oomScoreAdj: adj?.[1] !== undefined ? Number(adj[1]) : null,
    line,
  };
}

/** `oom_reaper: reaped process 5532 (a.out), now anon-rss:0kB, file-rss:0kB, shmem-rss:0kB` */
export function parseReaped(
  text: string,
  line: number,
): {
  pid: number;
  comm: string;
  anonRss: number | null;
  fileRss: number | null;
  shmemRss: number | null;
  line: number;
} | null {
  if (!text.startsWith('oom_reaper: reaped process ')) return null;
  const m = /^oom_reaper: reaped process (\d+) \((.{0,64})\)(?=[ ,]|$)/.exec(text);
  if (!m?.[1] || m[2] === undefined) return null;
  return {
    pid: Number(m[1]),
    comm: m[2],
    anonRss: kb(text, 'anon-rss:'),
    fileRss: kb(text, 'file-rss:'),
    shmemRss: kb(text, 'shmem-rss:'),
    line,
  };
}

/** `memory: usage 2097152kB, limit 2097152kB, failcnt 42` (also memory+swap, kmem, swap, tcpmem). */
export function parseMemcgCounter(
  text: string,
): { name: string; usage: number; limit: number; failcnt: number } | null {
  const m = /^(memory|memory\+swap|kmem|swap|tcpmem): usage (\d{1,20})kB, limit (\d{1,20})kB, failcnt (\d{1,20})/.exec(
    text,
  );
  if (!m?.[1]) return null;
  return { name: m[1], usage: Number(m[2]), limit: Number(m[3]), failcnt: Number(m[4]) };
}

/** `Unreclaimable slab info:` rows: `kmalloc-4096  1234KB  2048KB`. */
export function parseUnreclaimableRow(text: string): { name: string; usedKb: number; totalKb: number } | null {
  const m = /^(\S{1,64})\s+(\d{1,15})KB\s+(\d{1,15})KB\s*$/.exec(text);
  if (!m?.[1]) return null;
  return { name: m[1], usedKb: Number(m[2]), totalKb: Number(m[3]) };
}
