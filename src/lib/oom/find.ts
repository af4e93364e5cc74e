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
  /** Index of each known column in a row, −1 when the layout lacks it. */
  colIndex: TaskColumnIndex | null;
  tasks: OomTask[];
  unreclaimableSlab: { name: string; usedKb: number; totalKb: number }[];
  oomKill: Record<string, string> | null;
  /** The older `cpuset=… mems_allowed=…` line. */
  cpuset: Record<string, string> | null;
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
  /** out_of_memory() was reached from the memcg charge path (call trace). */
  memcgPath: boolean;
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
    colIndex: null,
    tasks: [],
    unreclaimableSlab: [],
    oomKill: null,
    cpuset: null,
    selected: null,
    killed: null,
    killedByMemcg: false,
    allocatingTask: false,
    reaped: null,
    memcg: null,
    memcgMessage: false,
    memcgPath: false,
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

/** The allocating task's comm is at most 15 characters, so the header marker sits near the start. */
const HEADER_WINDOW = 48;

function hasHeader(text: string): boolean {
  // lastIndexOf from a fixed position looks at the first HEADER_WINDOW characters only, without a copy.
  return text.length > 20 && text.lastIndexOf(' invoked oom-killer:', HEADER_WINDOW) !== -1;
}

/**
 * Could this line start an OOM event, or be the first line of a paste that begins in the middle of
 * one? Normalised lines carry no prefix, so every marker but the header is anchored at the start:
 * one switch on the first character, then at most a few startsWith(); the header test looks at
 * the first 48 characters only. show_mem() output of other origins (allocation-failure warnings,
 * sysrq m) opens an event too and is dropped by buildOomReport() for lack of OOM evidence.
 */
function couldStart(text: string): boolean {
  switch (text.charCodeAt(0)) {
    case 79: // O
      return text.startsWith('Out of memory') || text.startsWith('OOM request ignored');
    case 75: // K
      return (
        text.startsWith('Killed process ') ||
        text.startsWith('Kill process ') ||
        (text.startsWith('Kernel panic - not syncing: ') &&
          /Out of memory|deadlocked on memory|panic_on_oom/.test(text))
      );
    case 77: // M
      return (
        text.startsWith('Mem-Info:') ||
        text.startsWith('Mem-info:') ||
        text.startsWith('Memory cgroup out of memory') ||
        parseNodeLine(text) !== null ||
        hasHeader(text)
      );
    case 84: // T
      return (
        text.startsWith('Tasks state (memory values in pages)') ||
        (text.startsWith('Task in ') && text.includes('killed as a result of limit')) ||
        hasHeader(text)
      );
    case 91: // [
      return text.includes('oom_score_adj') && /^\[\s*pid\s*\]/.test(text);
    case 109: // m
      return text.startsWith('memory: usage ') || hasHeader(text);
    case 78: // N
      return (
        (text.startsWith('Node ') && parseNodeLine(text) !== null) || parseNodeLine(text) !== null || hasHeader(text)
      );
    case 68: // D
    case 72: // H
      return parseNodeLine(text) !== null || hasHeader(text);
    case 108: // l
      return text.startsWith('lowmem_reserve[]:') || hasHeader(text);
    case 111: // o
      return text.startsWith('oom-kill:') || hasHeader(text);
    case 115: // s
    case 83: // S
      return text.includes('Manual OOM execution') || hasHeader(text);
    default:
      return hasHeader(text);
  }
}

const TRACE_FRAME = /^(?:\[<[0-9a-f]{8,16}>\] )?(?:\? )?\(?([A-Za-z_.$][\w.$]{0,127})\+0x[0-9a-f]+\/0x[0-9a-f]+/;

/**
 * Feed one line to an open event. Returns true when the line was recognised as OOM output.
 */
function feed(ev: OomEvent, line: LogLine, text: string): boolean {
  const no = line.no;
  const c0 = text.charCodeAt(0);
  // Task rows are most of a big report: try them first.
  if (c0 === 91 && ev.section === 'tasks' && ev.colIndex !== null) {
    const comm = parseTaskRow(text, ev.taskColumns.length - 1, ROW);
    if (comm !== null) {
      ev.tasks.push(taskFrom(ev.colIndex, comm, no));
      return true;
    }
  }
  // Header and the lines that always belong to an event.
  if (hasHeader(text)) {
    const h = parseHeader(text);
    if (h) {
      ev.header = h;
      ev.headerLine = no;
      if (h.order === -1) ev.sysrq = true;
      ev.section = 'none';
      return true;
    }
  }
  if ((c0 === 115 || c0 === 83) && text.includes('Manual OOM execution')) {
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
  if (ev.section !== 'tasks' && ev.trace.length < 64 && text.includes('+0x')) {
    const f = TRACE_FRAME.exec(text);
    if (f?.[1]) {
      if (!f[0].includes('? ')) ev.trace.push(f[1]);
      // The caller of out_of_memory() tells the scope, even in a "? " frame of an unreliable trace.
      if (f[1] === 'moom_callback' || f[1] === 'sysrq_handle_moom') ev.sysrq = true;
      if (f[1] === 'mem_cgroup_out_of_memory' || f[1] === 'mem_cgroup_oom_synchronize' || f[1] === 'try_charge_memcg')
        ev.memcgPath = true;
      return true;
    }
  }

  // `<comm> cpuset=<name> mems_allowed=<nodes>` (kernels before the oom-kill: line, up to 4.x).
  if (ev.oomKill === null && text.includes(' mems_allowed=') && text.includes(' cpuset=')) {
    const m = /\scpuset=(\S{1,256}) mems_allowed=(\S{1,64})/.exec(text);
    if (m?.[1] && m[2]) {
      ev.cpuset = { cpuset: m[1], mems_allowed: m[2] };
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
  const counter = c0 === 109 || c0 === 107 || c0 === 115 || c0 === 116 ? parseMemcgCounter(text) : null;
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
  const sm = (c0 >= 48 && c0 <= 57) || c0 === 70 || c0 === 84 ? parseShowMem(text) : null;
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
  if (c0 === 91) {
    const cols = parseTaskHeader(text);
    if (cols) {
      ev.taskColumns = cols;
      ev.colIndex = columnIndex(cols);
      ev.section = 'tasks';
      return true;
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
  if (c0 === 111 && text.startsWith('oom-kill:')) {
    const k = parseOomKillLine(text);
    if (k) {
      ev.oomKill = k;
      return true;
    }
  }
  if (
    (c0 === 79 || c0 === 75 || c0 === 77 || c0 === 107) &&
    (text.includes('ill process ') || text.includes('illed process '))
  ) {
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
    c0 === 75 &&
    text.startsWith('Kernel panic - not syncing:') &&
    (text.includes('Out of memory') || text.includes('deadlocked on memory') || text.includes('panic_on_oom'))
  ) {
    ev.panic = text.slice(text.indexOf('Kernel panic')).trim();
    ev.section = 'done';
    return true;
  }
  if (
    c0 === 79 &&
    (text.startsWith('Out of memory and no killable processes') || text.startsWith('OOM request ignored'))
  ) {
    ev.ignored = text.trim();
    return true;
  }
  return false;
}

interface TaskColumnIndex {
  uid: number;
  tgid: number;
  totalVm: number;
  rss: number;
  rssAnon: number;
  rssFile: number;
  rssShmem: number;
  nrPtes: number;
  nrPmds: number;
  pgtablesBytes: number;
  swapents: number;
  oomScoreAdj: number;
  oomAdj: number;
}

function columnIndex(cols: string[]): TaskColumnIndex {
  const at = (name: string): number => cols.indexOf(name);
  return {
    uid: at('uid'),
    tgid: at('tgid'),
    totalVm: at('total_vm'),
    rss: at('rss'),
    rssAnon: at('rss_anon'),
    rssFile: at('rss_file'),
    rssShmem: at('rss_shmem'),
    nrPtes: at('nr_ptes'),
    nrPmds: at('nr_pmds'),
    pgtablesBytes: at('pgtables_bytes'),
    swapents: at('swapents'),
    oomScoreAdj: at('oom_score_adj'),
    oomAdj: at('oom_adj'),
  };
}

/** Scratch row reused for every task line (values by column index). */
const ROW: number[] = [];

function col(i: number): number | null {
  return i >= 0 ? (ROW[i] ?? null) : null;
}

function taskFrom(ix: TaskColumnIndex, comm: string, line: number): OomTask {
  return {
    pid: ROW[0] ?? 0,
    uid: col(ix.uid),
    tgid: col(ix.tgid),
    totalVm: col(ix.totalVm),
    rss: col(ix.rss),
    rssAnon: col(ix.rssAnon),
    rssFile: col(ix.rssFile),
    rssShmem: col(ix.rssShmem),
    nrPtes: col(ix.nrPtes),
    nrPmds: col(ix.nrPmds),
    pgtablesBytes: col(ix.pgtablesBytes),
    swapents: col(ix.swapents),
    oomScoreAdj: col(ix.oomScoreAdj),
    oomAdj: col(ix.oomAdj),
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
      if (!couldStart(text)) continue;
      ev = newEvent(line.no);
    } else {
      // A new header closes the open event, unless the open event is only the sysrq banner.
      const isHeader = hasHeader(text);
      // A header starts a new event, unless the open one is only the sysrq banner that announced it
      // (a show_mem() of an earlier allocation-failure warning must not be merged into the OOM).
      const onlyBanner =
        ev.header === null && ev.sysrq && ev.zones.length === 0 && ev.tasks.length === 0 && !isComplete(ev);
      if (isHeader && !onlyBanner) {
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
        if (!couldStart(text)) continue;
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
