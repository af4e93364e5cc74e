/**
 * Finds slab evidence in normalised lines: slabtop and /proc/slabinfo snapshots (kind `slab`),
 * slub_debug TRACE logs (kind `slab-trace`), /proc/meminfo (kind `meminfo`) and crash's `kmem -i`
 * and `ps` (kind `kmem-info`). One pass for the tables, one for TRACE records; both linear.
 */
import type { LogLine } from '../text/types.ts';
import type { KmemInfoReport, MeminfoReport, Report, SlabReport, SlabTraceReport } from '../types.ts';
import type { CrashPsTask, KmemInfoDetails, SlabCache, SlabCacheGrowth, SlabDetails } from './types.ts';
import { isSlabtopHeader, parseSlabinfoRow, parseSlabtopRow, parseSlabtopSummary } from './snapshot.ts';
import { meminfoBlockCounts, parseMeminfoRow } from './meminfo.ts';
import { isPsHeader, parseKmemRow, parsePsRow } from './crash.ts';
import { parseSlubTrace } from './trace.ts';
import { knownLeak } from './known-leaks.ts';

const MAX_LINE = 2048;
const PAGE_SIZE = 4096;
/** Blank or unrelated lines tolerated inside a kmem -i table. */
const KMEM_GAP = 3;
/** A single cache above this share of all slab memory is called out as the leak pattern. */
const SINGLE_CACHE_SHARE = 0.5;

interface Snapshot {
  source: 'slabtop' | 'slabinfo';
  caches: SlabCache[];
  startLine: number;
  endLine: number;
  summary: Record<string, { active: number; total: number }>;
  tunablesZero: number;
  tunablesSet: number;
  sortKey: string | null;
  truncated: boolean;
}

function mib(bytes: number): string {
  if (bytes >= 1024 ** 3) return `${(bytes / 1024 ** 3).toFixed(1)} GiB`;
  return `${(bytes / 1024 ** 2).toFixed(1)} MiB`;
}

function base<K extends Report['kind']>(
  kind: K,
  title: string,
  startLine: number,
  endLine: number,
  frame: string | null = null,
) {
  return { kind, title, frame, arch: null, kernel: null, corrupted: false, startLine, endLine };
}

function slabReport(s: Snapshot, prev: Snapshot | null): SlabReport {
  const caches = [...s.caches].sort((a, b) => b.bytes - a.bytes);
  const sum = caches.reduce((acc, c) => acc + c.bytes, 0);
  const sizeSummary = s.summary['size'];
  const totalBytes = s.source === 'slabtop' && sizeSummary ? Math.round(sizeSummary.total * 1024) : sum;
  for (const c of caches) {
    if (totalBytes > 0) c.share = Math.round((c.bytes / totalBytes) * 10000) / 10000;
    const leak = knownLeak(c.name);
    if (leak) c.knownLeak = leak;
  }
  const verdicts: string[] = [];
  const top = caches.slice(0, 3);
  if (top.length) {
    verdicts.push(
      `Largest caches: ${top.map((c) => `${c.name} ${mib(c.bytes)}${c.share !== undefined ? ` (${Math.round(c.share * 100)}%)` : ''}`).join(', ')} of ${mib(totalBytes)} in slabs.`,
    );
  }
  const lead0 = caches[0];
  if (lead0?.share !== undefined && lead0.share > SINGLE_CACHE_SHARE) {
    verdicts.push(
      `${lead0.name} alone holds ${Math.round(lead0.share * 100)}% of slab memory: one cache growing without bound is the leak pattern; record who allocates it with slub_debug tracing (echo 1 > /sys/kernel/slab/${lead0.name}/trace) or kmemleak.`,
    );
  }
  for (const c of caches.slice(0, 5)) {
    if (c.knownLeak && /kernfs_node_cache|names_cache|dentry/.test(c.name)) verdicts.push(`${c.name}: ${c.knownLeak}`);
  }
  let growth: SlabCacheGrowth[] | undefined;
  if (prev) {
    const before = new Map(prev.caches.map((c) => [c.name, c]));
    growth = [];
    for (const c of caches) {
      const b = before.get(c.name);
      const g: SlabCacheGrowth = {
        name: c.name,
        beforeBytes: b?.bytes ?? 0,
        afterBytes: c.bytes,
        deltaBytes: c.bytes - (b?.bytes ?? 0),
      };
      if (b?.objects !== undefined) g.beforeObjects = b.objects;
      if (c.objects !== undefined) g.afterObjects = c.objects;
      growth.push(g);
    }
    growth.sort((a, b) => b.deltaBytes - a.deltaBytes);
    const grew = growth.filter((g) => g.deltaBytes > 0).slice(0, 3);
    if (grew.length)
      verdicts.push(
        `Since the previous snapshot (line ${prev.startLine}) the fastest growing caches are ${grew.map((g) => `${g.name} +${mib(g.deltaBytes)}`).join(', ')}.`,
      );
  }
  const allocator = s.source === 'slabinfo' ? (s.tunablesSet > 0 ? 'SLAB' : s.tunablesZero > 0 ? 'SLUB' : null) : null;
  const details: SlabDetails = {
    source: s.source,
    caches,
    totalBytes,
    verdicts,
    ...(s.source === 'slabinfo' ? { allocator } : {}),
    ...(Object.keys(s.summary).length ? { summary: s.summary } : {}),
    ...(s.sortKey !== null ? { sortKey: s.sortKey } : {}),
    ...(s.truncated ? { truncated: true } : {}),
    ...(growth ? { growth } : {}),
  };
  const lead = caches[0];
  const title = lead ? `${s.source}: ${lead.name} largest slab cache (${mib(lead.bytes)})` : `${s.source} snapshot`;
  return { ...base('slab', title, s.startLine, s.endLine), slab: details };
}

/** `name<spaces>digits…`: the shape of a /proc/slabinfo row, checked without scanning the whole line. */
function looksLikeSlabinfoRow(text: string, from: number): boolean {
  const sp = text.indexOf(' ', from);
  if (sp < 1 || sp > from + 128) return false;
  let i = sp;
  while (i < text.length && text.charCodeAt(i) === 32) i++;
  const c = text.charCodeAt(i);
  return c >= 48 && c <= 57;
}

export function findSlabReports(lines: LogLine[]): Report[] {
  const out: { report: Report; order: number }[] = [];
  const snapshots: Snapshot[] = [];
  let snap: Snapshot | null = null;
  let pendingSummary: Record<string, { active: number; total: number }> = {};
  let pendingSort: string | null = null;
  let pendingTruncated = false;

  let mem: { fields: Record<string, number>; start: number; end: number } | null = null;
  const memBlocks: { fields: Record<string, number>; start: number; end: number }[] = [];

  let kmem: { fields: KmemInfoDetails['fields']; start: number; end: number; gap: number } | null = null;
  const kmemBlocks: { fields: KmemInfoDetails['fields']; start: number; end: number }[] = [];

  let inPs = false;
  const ps: CrashPsTask[] = [];
  let psStart = 0;
  let psEnd = 0;

  const closeSnap = (): void => {
    if (snap && snap.caches.length > 0) snapshots.push(snap);
    snap = null;
  };
  const closeMem = (): void => {
    if (mem && meminfoBlockCounts(mem.fields)) memBlocks.push(mem);
    mem = null;
  };
  const closeKmem = (): void => {
    if (kmem && Object.keys(kmem.fields).length >= 2) kmemBlocks.push(kmem);
    kmem = null;
  };

  for (let li = 0; li < lines.length; li++) {
    const line = lines[li];
    if (!line) continue;
    const text = line.text.length > MAX_LINE ? line.text.slice(0, MAX_LINE) : line.text;
    // One look at the first visible character decides which recognisers may apply.
    let f = 0;
    while (f < text.length && text.charCodeAt(f) === 32) f++;
    const c0 = text.charCodeAt(f);
    const upper = c0 >= 65 && c0 <= 90;

    // slabtop
    const summary = c0 === 65 ? parseSlabtopSummary(text) : null; // A
    if (summary) {
      pendingSummary[summary.key] = { active: summary.active, total: summary.total };
      continue;
    }
    if (c0 === 79 && isSlabtopHeader(text)) {
      // The command line (sort key, `| head`) is a few lines above, when it was pasted.
      for (let b = li - 1; b >= 0 && b >= li - 12; b--) {
        const prev = lines[b]?.text ?? '';
        if (prev.length < 300 && prev.includes('slabtop')) {
          const sk = /slabtop\b.{0,40}?(?:-s\s?|--sort[= ])(\S)/.exec(prev);
          pendingSort = sk?.[1] ?? null;
          pendingTruncated = /\|\s*head\b/.test(prev);
          break;
        }
      }
      closeSnap();
      snap = {
        source: 'slabtop',
        caches: [],
        startLine: line.no,
        endLine: line.no,
        summary: pendingSummary,
        tunablesZero: 0,
        tunablesSet: 0,
        sortKey: pendingSort,
        truncated: pendingTruncated,
      };
      pendingSummary = {};
      pendingSort = null;
      pendingTruncated = false;
      continue;
    }
    if (snap !== null && snap.source === 'slabtop') {
      const s: Snapshot = snap;
      const row = parseSlabtopRow(text, line.no);
      if (row) {
        s.caches.push(row);
        s.endLine = line.no;
        continue;
      }
      if (text.trim() === '' && s.caches.length === 0) continue;
      closeSnap();
    }

    // /proc/slabinfo
    const last = text.charCodeAt(text.length - 1);
    if (last >= 48 && last <= 57 && looksLikeSlabinfoRow(text, f) && text.includes(': slabdata')) {
      const r = parseSlabinfoRow(text, line.no, PAGE_SIZE);
      if (r) {
        if (snap === null || snap.source !== 'slabinfo') {
          closeSnap();
          snap = {
            source: 'slabinfo',
            caches: [],
            startLine: line.no,
            endLine: line.no,
            summary: {},
            tunablesZero: 0,
            tunablesSet: 0,
            sortKey: null,
            truncated: false,
          };
        }
        const s: Snapshot = snap;
        s.caches.push(r.cache);
        s.endLine = line.no;
        if (r.tunablesZero) s.tunablesZero++;
        else s.tunablesSet++;
        continue;
      }
    }
    if (snap !== null && snap.source === 'slabinfo') {
      if (text.startsWith('slabinfo - version') || text.startsWith('# name')) continue;
      closeSnap();
    }

    // /proc/meminfo (every key starts with a capital letter)
    const mr =
      upper && (text.endsWith(' kB') || (last >= 48 && last <= 57 && text.startsWith('HugePages_', f)))
        ? parseMeminfoRow(text)
        : null;
    if (mr) {
      if (!mem || mem.fields[mr.key] !== undefined) {
        closeMem();
        mem = { fields: {}, start: line.no, end: line.no };
      }
      mem.fields[mr.key] = mr.value;
      mem.end = line.no;
      continue;
    }
    if (mem) closeMem();

    // crash> kmem -i
    // kmem -i rows: an upper-case label, then numbers; test the first letter before any regex.
    // kmem -i labels are upper-case words without a colon (unlike RIP:, CPU:, BUG: …).
    const c1 = text.charCodeAt(f + 1);
    const kr =
      upper &&
      c1 >= 65 &&
      c1 <= 90 &&
      text.lastIndexOf(':', f + 16) === -1 &&
      (text.endsWith('----') || text.includes('% of TOTAL'))
        ? parseKmemRow(text)
        : null;
    if (kr) {
      if (!kmem || kmem.fields[kr.label] !== undefined) {
        closeKmem();
        kmem = { fields: {}, start: line.no, end: line.no, gap: 0 };
      }
      kmem.fields[kr.label] = {
        pages: kr.pages,
        bytes: kr.bytes,
        ...(kr.percent !== null ? { percent: kr.percent } : {}),
      };
      kmem.end = line.no;
      kmem.gap = 0;
      continue;
    }
    if (kmem && !(c0 === 80 && /PAGES\s+TOTAL\s+PERCENTAGE/.test(text)) && ++kmem.gap > KMEM_GAP) closeKmem();

    // crash> ps
    if (c0 === 80 && isPsHeader(text)) {
      inPs = true;
      if (!psStart) psStart = line.no;
      psEnd = line.no;
      continue;
    }
    if (inPs) {
      const row = parsePsRow(text, line.no);
      if (row) {
        if (ps.length < 100000) ps.push(row);
        psEnd = line.no;
        continue;
      }
      inPs = false;
    }
  }
  closeSnap();
  closeMem();
  closeKmem();

  // slab snapshots, each compared with the previous one of the same source
  const lastBySource = new Map<string, Snapshot>();
  for (const s of snapshots) {
    const prev = lastBySource.get(s.source) ?? null;
    out.push({ report: slabReport(s, prev), order: s.startLine });
    lastBySource.set(s.source, s);
  }

  for (const m of memBlocks) {
    const f = m.fields;
    const verdicts: string[] = [];
    const total = f['MemTotal'];
    const sun = f['SUnreclaim'];
    const slab = f['Slab'];
    const details: MeminfoReport['meminfo'] = { fields: f, verdicts };
    if (total && sun !== undefined) details.unreclaimableShare = Math.round((sun / total) * 10000) / 10000;
    if (total && slab !== undefined) details.slabShare = Math.round((slab / total) * 10000) / 10000;
    if (slab !== undefined && sun !== undefined && slab > 0)
      verdicts.push(
        `Unreclaimable slab (SUnreclaim) is ${mib(sun * 1024)}, ${Math.round((sun / slab) * 100)}% of all slab memory (${mib(slab * 1024)}): the shrinkers cannot give it back.`,
      );
    if (details.unreclaimableShare !== undefined)
      verdicts.push(`SUnreclaim is ${(details.unreclaimableShare * 100).toFixed(1)}% of RAM.`);
    if (f['Committed_AS'] !== undefined && f['CommitLimit'])
      verdicts.push(`Committed_AS is ${Math.round((f['Committed_AS'] / f['CommitLimit']) * 100)}% of CommitLimit.`);
    const title = sun !== undefined ? `meminfo: SUnreclaim ${mib(sun * 1024)}` : 'meminfo';
    out.push({ report: { ...base('meminfo', title, m.start, m.end), meminfo: details }, order: m.start });
  }

  const psSorted = [...ps].sort((a, b) => b.rss - a.rss);
  for (const k of kmemBlocks) {
    // crash prints sizes rounded (15.1 GB); pages × the page size is exact. The page size is the
    // power of two nearest to TOTAL MEM bytes / pages.
    const tm = k.fields['TOTAL MEM'];
    if (tm && tm.pages > 0 && tm.bytes > 0) {
      const pageSize = 2 ** Math.round(Math.log2(tm.bytes / tm.pages));
      if (pageSize >= 4096 && pageSize <= 65536) for (const f of Object.values(k.fields)) f.bytes = f.pages * pageSize;
    }
    const verdicts: string[] = [];
    const details: KmemInfoDetails = { fields: k.fields, verdicts };
    const limit = k.fields['COMMIT LIMIT'];
    const committed = k.fields['COMMITTED'];
    if (limit && committed && limit.pages > 0) {
      details.commitRatio = Math.round((committed.pages / limit.pages) * 100) / 100;
      verdicts.push(
        `COMMITTED is ${Math.round((committed.pages / limit.pages) * 100)}% of COMMIT LIMIT (${committed.pages} vs ${limit.pages} pages)${committed.pages > limit.pages ? ': overcommit mode 0 or 1, since mode 2 would refuse such commitments' : ''}.`,
      );
    }
    const total = k.fields['TOTAL MEM'];
    const free = k.fields['FREE'];
    const slab = k.fields['SLAB'];
    if (total && free)
      verdicts.push(
        `Free memory is ${mib(free.bytes || free.pages * PAGE_SIZE)} of ${mib(total.bytes || total.pages * PAGE_SIZE)} (${((free.pages / total.pages) * 100).toFixed(1)}%).`,
      );
    if (total && slab) verdicts.push(`Slab holds ${((slab.pages / total.pages) * 100).toFixed(1)}% of memory.`);
    if (psSorted.length) {
      details.ps = psSorted;
      const t = psSorted[0];
      if (t)
        verdicts.push(
          `Largest task by RSS in crash ps: ${t.comm} (pid ${t.pid}) ${mib(t.rss * 1024)}, ${t.memPercent}% of memory.`,
        );
    }
    const title =
      committed && limit
        ? `kmem -i: COMMITTED ${committed.percent ?? Math.round((committed.pages / limit.pages) * 100)}% of commit limit`
        : 'kmem -i';
    out.push({ report: { ...base('kmem-info', title, k.start, k.end), kmemInfo: details }, order: k.start });
  }
  if (kmemBlocks.length === 0 && psSorted.length > 0) {
    const t = psSorted[0];
    const details: KmemInfoDetails = {
      fields: {},
      ps: psSorted,
      verdicts: t
        ? [
            `Largest task by RSS in crash ps: ${t.comm} (pid ${t.pid}) ${mib(t.rss * 1024)}, ${t.memPercent}% of memory.`,
          ]
        : [],
    };
    const report: KmemInfoReport = {
      ...base('kmem-info', t ? `crash ps: ${t.comm} largest RSS` : 'crash ps', psStart, psEnd),
      kmemInfo: details,
    };
    out.push({ report, order: psStart });
  }

  const trace = parseSlubTrace(lines);
  if (trace) {
    const verdicts: string[] = [];
    const leakStacks = trace.stacks.filter((s) => s.op === 'alloc' && s.outstanding > 0);
    const suspect = leakStacks[0] ?? null;
    for (const c of trace.caches) {
      verdicts.push(
        `${c.name}: ${c.allocs} allocations against ${c.frees} frees${c.countSource === 'grep-count' ? ` (counts quoted from a grep over the full log; ${c.tracedAllocs + c.tracedFrees} TRACE records are in the paste)` : ''}, ${c.outstanding} objects outstanding.`,
      );
    }
    if (suspect)
      verdicts.push(
        `Most likely leaking stack (${suspect.outstanding} of its ${suspect.count} allocations never freed in the paste): ${suspect.frames.slice(0, 6).join(' ← ')}.`,
      );
    const lead = trace.caches[0];
    const frame = suspect?.frames[0] ?? null;
    const title = lead
      ? `slub_debug TRACE: ${lead.name} ${lead.allocs} allocs, ${lead.frees} frees`
      : 'slub_debug TRACE';
    const report: SlabTraceReport = {
      ...base('slab-trace', title, trace.startLine, trace.endLine, frame),
      slabTrace: { caches: trace.caches, stacks: trace.stacks, leakSuspect: suspect, verdicts },
    };
    out.push({ report, order: trace.startLine });
  }

  out.sort((a, b) => a.order - b.order);
  return out.map((o) => o.report);
}
