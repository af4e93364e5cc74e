/**
 * Finds every OOM event in normalised lines and turns each into a report of kind `oom`.
 *
 * One linear pass. An event starts at `… invoked oom-killer:` (or, when the paste starts in the middle
 * of one, at its first recognisable line: `Out of memory`, `Killed process`, `Memory cgroup out of
 * memory`, the sysrq banner) and ends after the kill (`Killed process …`, with a following
 * `oom_reaper:` line), after a panic, at the next event's header, or after too many lines that no
 * recogniser knows. Lines that are not OOM output (other CPUs' messages) are skipped, not fatal.
 */
import type { LogLine } from '../text/types.ts';
import type { OomReport } from '../types.ts';
import type { OomKilled, OomMemcg, OomNode, OomTask, OomZone } from './types.ts';
import {
  OOM_MAX_LINE,
  buddyPageKb,
  parseBuddy,
  parseCpuLine,
  parseHeader,
  parseKilled,
  parseLowmemReserve,
  parseMemcgCounter,
  parseNodeLine,
  parseOomKillLine,
  parsePairs,
  parseReaped,
  parseSelected,
  parseShowMem,
  parseTaskHeader,
  parseTaskRow,
  parseUnreclaimableRow,
  type OomHeader,
} from './parse-lines.ts';
import { buildOomReport } from './report.ts';

/** Lines no recogniser knows before an open event is given up (a call trace and registers fit easily). */
const MAX_UNKNOWN_RUN = 160;

type Section = 'none' | 'meminfo' | 'tasks' | 'slab' | 'memcg-stats' | 'done';

/** Raw facts gathered for one event; report.ts turns them into OomDetails. */
export interface OomEvent {
  startLine: number;
  endLine: number;
  header: OomHeader | null;
  headerLine: number | null;
  trigger: { pid: number; comm: string; kernel: string | null } | null;
  arch: string | null;
  sysrq: boolean;
  trace: string[];
  memInfo: Record<string, number>;
  nodes: OomNode[];
  zones: OomZone[];
  /** Buddy lists seen before their zone line (some kernels print them apart). */
  hugepages: { node: number; total: number; free: number; surp: number; sizeKb: number }[];
  pagecache: number | null;
  swapCache: number | null;
  freeSwapKb: number | null;
  totalSwapKb: number | null;
  pagesRam: number | null;
  pagesReserved: number | null;
  pagesHighMem: number | null;
  pageKb: number | null;
  taskColumns: string[];
  tasks: OomTask[];
  unreclaimableSlab: { name: string; usedKb: number; totalKb: number }[];
  oomKill: Record<string, string> | null;
  selected: { pid: number; comm: string; score: number | null; memcg: boolean } | null;
  killed: OomKilled | null;
  killedByMemcg: boolean;
  allocatingTask: boolean;
  reaped: {
    pid: number;
    comm: string;
    anonRss: number | null;
    fileRss: number | null;
    shmemRss: number | null;
    line: number;
  } | null;
  memcg: OomMemcg | null;
  memcgMessage: boolean;
  panic: string | null;
  ignored: string | null;
  section: Section;
  unknownRun: number;
}

function newEvent(no: number): OomEvent {
  return {
    startLine: no,
    endLine: no,
    header: null,
    headerLine: null,
    trigger: null,
    arch: null,
    sysrq: false,
    trace: [],
    memInfo: {},
    nodes: [],
    zones: [],
    hugepages: [],
    pagecache: null,
    swapCache: null,
    freeSwapKb: null,
    totalSwapKb: null,
    pagesRam: null,
    pagesReserved: null,
    pagesHighMem: null,
    pageKb: null,
    taskColumns: [],
    tasks: [],
    unreclaimableSlab: [],
    oomKill: null,
    selected: null,
    killed: null,
    killedByMemcg: false,
    allocatingTask: false,
    reaped: null,
    memcg: null,
    memcgMessage: false,
    panic: null,
    ignored: null,
    section: 'none',
    unknownRun: 0,
  };
}

function memcgOf(ev: OomEvent): OomMemcg {
  if (!ev.memcg) ev.memcg = { version: null, path: null, taskPath: null, counters: {}, stats: {} };
  return ev.memcg;
}

/** Cheap test: could this line start (or belong to the tail of) an OOM event? */
function startsEvent(text: string): boolean {
  return (
    text.includes('invoked oom-killer') ||
    text.includes('Out of memory') ||
    text.includes('Killed process ') ||
    text.includes('Memory cgroup out of memory') ||
    text.includes('Manual OOM execution') ||
    text.startsWith('oom-kill:')
  );
}

/**
 * Lines of an OOM report's body. A paste that starts in the middle of a report opens a headless
 * event on them; show_mem() output of other origins (allocation-failure warnings, sysrq m) opens one
 * too, and is dropped by buildOomReport() for lack of any OOM evidence.
 */
function startsHeadless(text: string): boolean {
  return (
    text.startsWith('Mem-Info:') ||
    text.startsWith('Tasks state (memory values in pages)') ||
    (text.startsWith('[') && text.includes('oom_score_adj') && text.includes('pid')) ||
    (text.startsWith('Task in ') && text.includes('killed as a result of limit')) ||
    text.startsWith('memory: usage ') ||
    (text.startsWith('Node ') && text.includes(' free:')) ||
    (text.startsWith('Node ') && text.includes('active_anon:')) ||
    text.startsWith('lowmem_reserve[]:')
  );
}

const TRACE_FRAME = /^(?:\[<[0-9a-f]{8,16}>\] )?(?:\? )?\(?([A-Za-z_.$][\w.$]{0,127})\+0x[0-9a-f]+\/0x[0-9a-f]+/;

/**
 * Feed one line to an open event. Returns true when the line was recognised as OOM output.
 */
function feed(ev: OomEvent, line: LogLine, text: string): boolean {
  const no = line.no;
  // Header and the lines that always belong to an event.
  if (text.includes(' invoked oom-killer:')) {
    const h = parseHeader(text);
    if (h) {
      ev.header = h;
      ev.headerLine = no;
      if (h.order === -1) ev.sysrq = true;
      ev.section = 'none';
      return true;
    }
  }
  if (text.includes('Manual OOM execution')) {
    ev.sysrq = true;
    return true;
  }
  if (text.startsWith('CPU: ') || text.startsWith('Pid: ')) {
    const c = parseCpuLine(text);
    if (c) {
      if (!ev.trigger) ev.trigger = c;
      if (ev.arch === null && c.kernel) ev.arch = archFromKernel(c.kernel);
      return true;
    }
  }
  if (text.startsWith('Hardware name:') || text.startsWith('Call Trace:') || text.startsWith('Call trace:'))
    return true;
  if (text.startsWith('RIP: ') || text.startsWith('RSP: ')) {
    if (ev.arch === null) ev.arch = 'x86_64';
    return true;
  }
  if (text.startsWith('pc : ') || text.startsWith('lr : ')) {
    if (ev.arch === null) ev.arch = 'arm64';
    return true;
  }
  if (ev.section !== 'tasks' && ev.trace.length < 64) {
    const f = TRACE_FRAME.exec(text);
    if (f?.[1]) {
      if (!f[0].includes('? ')) ev.trace.push(f[1]);
      if (f[1] === 'moom_callback' || f[1] === 'sysrq_handle_moom') ev.sysrq = true;
      return true;
    }
  }

  // Memory cgroup lines.
  if (text.startsWith('Task in ') && text.includes(' killed as a result of limit of ')) {
    const m = /^Task in (\S+) killed as a result of limit of (\S+)/.exec(text);
    const mc = memcgOf(ev);
    if (m?.[1] && m[2]) {
      mc.taskPath = m[1];
      mc.path = m[2];
    }
    return true;
  }
  const counter = parseMemcgCounter(text);
  if (counter) {
    const mc = memcgOf(ev);
    mc.counters[counter.name] = { usage: counter.usage, limit: counter.limit, failcnt: counter.failcnt };
    if (counter.name === 'memory+swap') mc.version = 1;
    if (counter.name === 'swap' && mc.version === null) mc.version = 2;
    return true;
  }
  if (text.startsWith('Memory cgroup stats for ')) {
    const mc = memcgOf(ev);
    const m = /^Memory cgroup stats for ([^:]{1,512}):(.*)$/.exec(text);
    if (m?.[1]) {
      if (!mc.path) mc.path = m[1].trim();
      const inline = parsePairs(m[2] ?? '');
      for (const [k, v] of Object.entries(inline)) mc.stats[k] = v;
      if (Object.keys(inline).length > 0) mc.version = mc.version ?? 1;
    }
    ev.section = 'memcg-stats';
    return true;
  }
  if (ev.section === 'memcg-stats') {
    const m = /^([a-z_]{1,40}) (\d{1,20})$/.exec(text);
    if (m?.[1] && m[2]) {
      memcgOf(ev).stats[m[1]] = Number(m[2]);
      if (memcgOf(ev).version === null) memcgOf(ev).version = 2;
      return true;
    }
    if (text.startsWith('Memory cgroup stats') === false) ev.section = 'none';
  }

  // show_mem / show_free_areas.
  if (text.startsWith('Mem-Info:') || text.startsWith('Mem-info:')) {
    ev.section = 'meminfo';
    return true;
  }
  if (ev.section === 'meminfo' && /^[a-z_]{2,40}:\d/.test(text)) {
    const pairs = parsePairs(text);
    for (const [k, v] of Object.entries(pairs)) ev.memInfo[k] = v;
    return true;
  }
  if (/^CPU\s+\d+: hi:/.test(text) || text.endsWith(' per-cpu:')) return true;
  const nodeLine = parseNodeLine(text);
  if (nodeLine) {
    switch (nodeLine.kind) {
      case 'zone': {
        const f = parsePairs(nodeLine.rest);
        const unrec = /all_unreclaimable\? (yes|no)/.exec(nodeLine.rest);
        // 3.x kernels print lowmem_reserve[] on the zone line itself.
        const inlineReserve = nodeLine.rest.indexOf('lowmem_reserve[]:');
        ev.zones.push({
          node: nodeLine.node,
          name: nodeLine.zone,
          free: f['free'] ?? null,
          min: f['min'] ?? null,
          low: f['low'] ?? null,
          high: f['high'] ?? null,
          managed: f['managed'] ?? null,
          present: f['present'] ?? null,
          fields: f,
          lowmemReserve: inlineReserve >= 0 ? parseLowmemReserve(nodeLine.rest.slice(inlineReserve)) : null,
          allUnreclaimable: unrec?.[1] ? unrec[1] === 'yes' : null,
          buddy: null,
          line: no,
        });
        break;
      }
      case 'buddy': {
        if (ev.pageKb === null) ev.pageKb = buddyPageKb(nodeLine.rest);
        const buddy = parseBuddy(nodeLine.rest, ev.pageKb ?? 4);
        const zone = ev.zones.find((z) => z.node === nodeLine.node && z.name === nodeLine.zone && z.buddy === null);
        if (zone) zone.buddy = buddy;
        else
          ev.zones.push({
            node: nodeLine.node,
            name: nodeLine.zone,
            free: buddy.totalKb,
            min: null,
            low: null,
            high: null,
            managed: null,
            present: null,
            fields: {},
            lowmemReserve: null,
            allUnreclaimable: null,
            buddy,
            line: no,
          });
        break;
      }
      case 'hugepages': {
        const p = /hugepages_total=(\d+) hugepages_free=(\d+) hugepages_surp=(\d+) hugepages_size=(\d+)kB/.exec(
          nodeLine.rest,
        );
        if (p)
          ev.hugepages.push({
            node: nodeLine.node,
            total: Number(p[1]),
            free: Number(p[2]),
            surp: Number(p[3]),
            sizeKb: Number(p[4]),
          });
        break;
      }
      case 'node': {
        const unrec = /all_unreclaimable\? (yes|no)/.exec(nodeLine.rest);
        ev.nodes.push({
          node: nodeLine.node,
          fields: parsePairs(nodeLine.rest),
          allUnreclaimable: unrec?.[1] ? unrec[1] === 'yes' : null,
          line: no,
        });
        break;
      }
      case 'percpu':
        break;
    }
    ev.section = 'meminfo';
    return true;
  }
  const reserve = parseLowmemReserve(text);
  if (reserve) {
    const zone = ev.zones[ev.zones.length - 1];
    if (zone && zone.lowmemReserve === null) zone.lowmemReserve = reserve;
    return true;
  }
  const sm = parseShowMem(text);
  if (sm) {
    switch (sm.key) {
      case 'pagecache':
        ev.pagecache = sm.value;
        break;
      case 'swapcache':
        ev.swapCache = sm.value;
        break;
      case 'pagesRam':
        ev.pagesRam = sm.value;
        break;
      case 'pagesReserved':
        ev.pagesReserved = sm.value;
        break;
      case 'pagesHighMem':
        ev.pagesHighMem = sm.value;
        break;
      case 'freeSwap':
        ev.freeSwapKb = sm.value;
        break;
      case 'totalSwap':
        ev.totalSwapKb = sm.value;
        break;
      default:
        break;
    }
    return true;
  }
  if (text.startsWith('Swap cache stats:') || text.startsWith('Tasks state (memory values in pages)')) return true;

  // Task dump.
  if (text.startsWith('[')) {
    const cols = parseTaskHeader(text);
    if (cols) {
      ev.taskColumns = cols;
      ev.section = 'tasks';
      return true;
    }
    if (ev.section === 'tasks' && ev.taskColumns.length > 0) {
      const row = parseTaskRow(text, ev.taskColumns);
      if (row) {
        ev.tasks.push(taskFrom(row.values, row.comm, no));
        return true;
      }
    }
  }

  // Unreclaimable slab table.
  if (text.startsWith('Unreclaimable slab info:')) {
    ev.section = 'slab';
    return true;
  }
  if (ev.section === 'slab') {
    if (/^Name\s+Used\s+Total/.test(text)) return true;
    const row = parseUnreclaimableRow(text);
    if (row) {
      ev.unreclaimableSlab.push(row);
      return true;
    }
  }

  // Verdict lines.
  if (text.includes('oom-kill:')) {
    const k = parseOomKillLine(text);
    if (k) {
      ev.oomKill = k;
      return true;
    }
  }
  if (text.includes('ill process ') || text.includes('illed process ')) {
    const sel = parseSelected(text);
    if (sel) {
      ev.selected = sel;
      if (sel.memcg) ev.memcgMessage = true;
      if (text.includes('oom_kill_allocating_task')) ev.allocatingTask = true;
      return true;
    }
    const k = parseKilled(text, no);
    if (k) {
      ev.killed = k;
      if (text.startsWith('Memory cgroup out of memory')) ev.killedByMemcg = true;
      if (text.includes('oom_kill_allocating_task')) ev.allocatingTask = true;
      ev.section = 'done';
      return true;
    }
    // `Kill process 1235 (x) sharing same memory` and similar: part of the kill.
    if (/[Kk]ill(?:ed)? process \d+ \(/.test(text)) return true;
  }
  if (text.startsWith('oom_reaper:')) {
    const r = parseReaped(text, no);
    if (r) ev.reaped = r;
    return true;
  }
  if (text.startsWith('Memory cgroup out of memory')) {
    ev.memcgMessage = true;
    return true;
  }
  if (
    text.includes('Kernel panic - not syncing:') &&
    (text.includes('Out of memory') || text.includes('deadlocked on memory') || text.includes('panic_on_oom'))
  ) {
    ev.panic = text.slice(text.indexOf('Kernel panic')).trim();
    ev.section = 'done';
    return true;
  }
  if (text.includes('Out of memory and no killable processes') || text.includes('OOM request ignored')) {
    ev.ignored = text.trim();
    return true;
  }
  return false;
}

function num(values: Record<string, number>, ...keys: string[]): number | null {
  for (const k of keys) {
    const v = values[k];
    if (v !== undefined) return v;
  }
  return null;
}

function taskFrom(values: Record<string, number>, comm: string, line: number): OomTask {
  return {
    pid: values['pid'] ?? 0,
    uid: num(values, 'uid'),
    tgid: num(values, 'tgid'),
    totalVm: num(values, 'total_vm'),
    rss: num(values, 'rss'),
    rssAnon: num(values, 'rss_anon'),
    rssFile: num(values, 'rss_file'),
    rssShmem: num(values, 'rss_shmem'),
    nrPtes: num(values, 'nr_ptes'),
    nrPmds: num(values, 'nr_pmds'),
    pgtablesBytes: num(values, 'pgtables_bytes'),
    swapents: num(values, 'swapents'),
    oomScoreAdj: num(values, 'oom_score_adj'),
    oomAdj: num(values, 'oom_adj'),
    comm,
    line,
  };
}

function archFromKernel(kernel: string): string | null {
  if (/x86_64|amd64/.test(kernel)) return 'x86_64';
  if (/aarch64|arm64/.test(kernel)) return 'arm64';
  if (/ppc64|powerpc/.test(kernel)) return 'powerpc';
  if (/s390/.test(kernel)) return 's390';
  if (/riscv/.test(kernel)) return 'riscv';
  return null;
}

/** True once an event has told us who was killed or that it ended otherwise. */
function isComplete(ev: OomEvent): boolean {
  return ev.killed !== null || ev.panic !== null || ev.ignored !== null;
}

export function findOomReports(lines: LogLine[]): OomReport[] {
  const reports: OomReport[] = [];
  let ev: OomEvent | null = null;
  /** Closed events by killed pid, for `oom_reaper:` lines that arrive late. */
  const byKilledPid = new Map<number, OomEvent>();
  const closed: OomEvent[] = [];

  const close = (): void => {
    if (!ev) return;
    closed.push(ev);
    if (ev.killed) byKilledPid.set(ev.killed.pid, ev);
    ev = null;
  };

  for (const line of lines) {
    const raw = line.text;
    const text = raw.length > OOM_MAX_LINE ? raw.slice(0, OOM_MAX_LINE) : raw;
    if (ev === null) {
      if (text.startsWith('oom_reaper: reaped process ')) {
        const r = parseReaped(text, line.no);
        const owner = r ? byKilledPid.get(r.pid) : undefined;
        if (r && owner && owner.reaped === null) owner.reaped = r;
        continue;
      }
      if (!startsEvent(text) && !startsHeadless(text) && parseNodeLine(text) === null) continue;
      ev = newEvent(line.no);
    } else {
      // A new header closes the open event, unless the open event is only the sysrq banner.
      const isHeader = text.includes(' invoked oom-killer:');
      if (isHeader && (ev.header !== null || isComplete(ev) || ev.tasks.length > 0)) {
        close();
        ev = newEvent(line.no);
      } else if (isComplete(ev)) {
        // After the kill only the reaper line and a panic still belong to the event.
        if (text.startsWith('oom_reaper: reaped process ')) {
          const r = parseReaped(text, line.no);
          if (r && ev.killed && r.pid === ev.killed.pid && ev.reaped === null) {
            ev.reaped = r;
            ev.endLine = line.no;
            continue;
          }
        }
        if (
          text.includes('Kernel panic - not syncing:') &&
          (text.includes('Out of memory') || text.includes('deadlocked on memory') || text.includes('panic_on_oom'))
        ) {
          feed(ev, line, text);
          ev.endLine = line.no;
          continue;
        }
        // panic() prints the CPU line right after its message: it tells the kernel version.
        if (ev.panic !== null && ev.trigger === null && (text.startsWith('CPU: ') || text.startsWith('Pid: '))) {
          feed(ev, line, text);
          ev.endLine = line.no;
          continue;
        }
        close();
        if (!startsEvent(text)) continue;
        ev = newEvent(line.no);
      }
    }
    const current: OomEvent = ev;
    if (feed(current, line, text)) {
      current.endLine = line.no;
      current.unknownRun = 0;
    } else if (++current.unknownRun > MAX_UNKNOWN_RUN) {
      close();
    }
  }
  close();
  const killedEarlier = new Map<number, number>();
  for (const e of closed) {
    const report = buildOomReport(e, killedEarlier);
    if (report) reports.push(report);
    if (e.killed) killedEarlier.set(e.killed.pid, e.killed.line);
  }
  return reports;
}
