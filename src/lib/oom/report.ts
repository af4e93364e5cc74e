/**
 * Turns the raw facts of one OOM event (find.ts) into an OomReport: scope, totalpages, recomputed
 * badness ranking, whether the kernel's victim tops it, the per-zone watermark verdicts and a summary.
 */
import type { Arch, OomReport } from '../types.ts';
import type { OomDetails, OomScope, OomTask, OomTaskScore, OomAllocation } from './types.ts';
import type { OomEvent } from './find.ts';
import { badnessFormula, oomBadness } from '../mm/oom-badness.ts';
import { decodeGfp } from './gfp.ts';
import { checkZones } from './zone-check.ts';

const KB = 1024;
/** Unreclaimable slab above this share of RAM is called out as a likely kernel leak. */
const UNRECLAIMABLE_SLAB_SHARE = 0.1;
/** The memcg "no limit" value: PAGE_COUNTER_MAX pages printed in kB (x86_64, 4 KiB pages). */
const MEMCG_UNLIMITED_KB = 9007199254740988;

function fmtKb(kb: number): string {
  if (kb >= KB * KB) return `${(kb / KB / KB).toFixed(1)} GiB`;
  if (kb >= KB) return `${(kb / KB).toFixed(1)} MiB`;
  return `${kb} kB`;
}

function parseNodeList(s: string | undefined): number[] | null {
  if (!s || s === '(null)') return null;
  const out: number[] = [];
  for (const part of s.split(',')) {
    const m = /^(\d{1,4})(?:-(\d{1,4}))?$/.exec(part.trim());
    if (!m?.[1]) return null;
    const a = Number(m[1]);
    const b = m[2] !== undefined ? Number(m[2]) : a;
    for (let i = a; i <= b && out.length < 1024; i++) out.push(i);
  }
  return out;
}

function scopeOf(ev: OomEvent): OomScope {
  const c = ev.oomKill?.['constraint'];
  if (c === 'CONSTRAINT_MEMCG') return 'memcg';
  if (c === 'CONSTRAINT_CPUSET') return 'cpuset';
  if (c === 'CONSTRAINT_MEMORY_POLICY') return 'mempolicy';
  if (ev.sysrq || ev.header?.order === -1) {
    if (ev.memcgMessage || ev.killedByMemcg) return 'memcg';
    return 'sysrq';
  }
  if (
    ev.memcgMessage ||
    ev.killedByMemcg ||
    ev.memcgPath ||
    ev.memcg?.counters['memory'] !== undefined ||
    ev.memcg?.taskPath
  )
    return 'memcg';
  if (c === 'CONSTRAINT_NONE' || ev.oomKill?.['global_oom'] || ev.zones.length > 0 || ev.pagesRam !== null)
    return 'global';
  return 'unknown';
}

interface TotalPages {
  pages: number | null;
  source: string;
  notes: string[];
}

function swapPages(ev: OomEvent, pageKb: number): number | null {
  return ev.totalSwapKb !== null ? Math.floor(ev.totalSwapKb / pageKb) : null;
}

function totalPagesOf(ev: OomEvent, scope: OomScope, pageKb: number): TotalPages {
  const notes: string[] = [];
  const swap = swapPages(ev, pageKb);
  if (scope === 'memcg') {
    const mem = ev.memcg?.counters['memory'];
    if (!mem)
      return {
        pages: null,
        source: 'memcg limit not printed',
        notes: ['The memcg limit line is missing, so totalpages is unknown.'],
      };
    const limit = Math.floor(mem.limit / pageKb);
    let extra = 0;
    const memsw = ev.memcg?.counters['memory+swap'];
    const swapCounter = ev.memcg?.counters['swap'];
    // mem_cgroup_get_max(): memory.max plus the swap the group may still use, capped by total swap.
    if (memsw) {
      const excess =
        memsw.limit >= MEMCG_UNLIMITED_KB ? Infinity : Math.max(0, Math.floor((memsw.limit - mem.limit) / pageKb));
      extra = Math.min(excess, swap ?? 0);
      if (swap === null && excess > 0)
        notes.push('Total swap is not in this memcg report; the swap share of totalpages was taken as 0.');
    } else if (swapCounter) {
      const sl = swapCounter.limit >= MEMCG_UNLIMITED_KB ? Infinity : Math.floor(swapCounter.limit / pageKb);
      extra = Math.min(sl, swap ?? 0);
      if (swap === null && sl > 0)
        notes.push('Total swap is not in this memcg report; the swap share of totalpages was taken as 0.');
    }
    notes.push('memory.swappiness is not printed; a non-zero swappiness (the default) was assumed.');
    return { pages: limit + (Number.isFinite(extra) ? extra : 0), source: 'memcg limit (+ usable swap)', notes };
  }
  if (scope === 'cpuset' || scope === 'mempolicy') {
    const nodes = parseNodeList(
      scope === 'cpuset'
        ? (ev.oomKill?.['mems_allowed'] ?? ev.cpuset?.['mems_allowed'])
        : (ev.header?.nodemask ?? ev.oomKill?.['nodemask']),
    );
    if (nodes) {
      let present = 0;
      let seen = false;
      for (const z of ev.zones) {
        if (nodes.includes(z.node) && z.present !== null) {
          present += z.present;
          seen = true;
        }
      }
      if (seen) {
        return {
          pages: Math.floor(present / pageKb) + (swap ?? 0),
          source: `present pages of nodes ${nodes.join(',')} + swap (constrained_alloc())`,
          notes,
        };
      }
    }
    notes.push('The allowed nodes or their zone sizes are not in the printout; the global totalpages was used.');
  }
  let managedKb = 0;
  let haveManaged = ev.zones.length > 0;
  for (const z of ev.zones) {
    if (z.managed === null) {
      haveManaged = false;
      break;
    }
    managedKb += z.managed;
  }
  let ram: number | null = null;
  let source = '';
  if (haveManaged) {
    ram = Math.floor(managedKb / pageKb);
    source = 'managed pages of all zones';
  } else if (ev.pagesRam !== null) {
    ram = ev.pagesRam - (ev.pagesReserved ?? 0);
    source = 'pages RAM − pages reserved';
  }
  if (ram === null)
    return {
      pages: null,
      source: 'RAM size not printed',
      notes: [...notes, 'Neither zone sizes nor `pages RAM` were printed, so totalpages is unknown.'],
    };
  if (swap === null) notes.push('Total swap was not printed; taken as 0.');
  return { pages: ram + (swap ?? 0), source: `${source} + total swap (totalram_pages + total_swap_pages)`, notes };
}

/**
 * Task-table layouts that pin the kernel to one badness formula (mm/oom_kill.c dump_tasks()):
 * `cpu oom_adj` without oom_score_adj is 2.6.32–2.6.35; `cpu oom_adj oom_score_adj` is 2.6.36–3.7;
 * `nr_pmds` is 4.1–4.14; `rss_anon` is 6.8+. Other layouts span a formula change and are not used.
 */
const LAYOUT_RANGE: Record<string, string> = {
  '2.6.32': 'kernels before 2.6.36',
  '3.0': '2.6.36–3.7',
  '4.14': '4.1–4.14',
  '6.8': '6.8 and later',
};

function kernelFromLayout(cols: string[]): string | null {
  if (cols.length === 0) return null;
  const has = (c: string): boolean => cols.includes(c);
  if (has('oom_adj') && !has('oom_score_adj')) return '2.6.32';
  if (has('cpu') && has('oom_score_adj')) return '3.0';
  if (has('nr_pmds')) return '4.14';
  if (has('rss_anon')) return '6.8';
  return null;
}

function pgtableBytes(t: OomTask, pageSize: number): number | null {
  if (t.pgtablesBytes !== null) return t.pgtablesBytes;
  if (t.nrPtes !== null || t.nrPmds !== null) return ((t.nrPtes ?? 0) + (t.nrPmds ?? 0)) * pageSize;
  return null;
}

function rssOf(t: OomTask): number | null {
  if (t.rss !== null) return t.rss;
  if (t.rssAnon !== null || t.rssFile !== null || t.rssShmem !== null)
    return (t.rssAnon ?? 0) + (t.rssFile ?? 0) + (t.rssShmem ?? 0);
  return null;
}

function rankTasks(
  ev: OomEvent,
  kernel: string | null,
  totalPages: number | null,
  pageKb: number,
): { ranking: OomTaskScore[]; notes: string[] } {
  const notes: string[] = [];
  const ranking: OomTaskScore[] = [];
  if (ev.tasks.length === 0) return { ranking, notes };
  const formula = badnessFormula(kernel);
  const pageSize = pageKb * KB;
  if (formula === 'pre-2.6.36-heuristic') {
    notes.push(
      'This kernel predates 2.6.36: its badness() used total_vm with children, CPU time, run time, nice and oom_adj, which the task dump does not print. No ranking is computed.',
    );
    return { ranking, notes };
  }
  const cols = new Set(ev.taskColumns);
  if (!cols.has('swapents')) notes.push('The task table has no swapents column; swap use counts as 0.');
  if (!cols.has('pgtables_bytes') && !cols.has('nr_ptes'))
    notes.push('The task table has no page-table column; page tables count as 0.');
  const adminBonus =
    formula === '2.6.36-3.9-normalised' ||
    formula === '3.10-3.13-pages-admin-adj' ||
    formula === '3.14-4.16-pages-admin-3pct';
  if (adminBonus)
    notes.push(
      'This kernel gave CAP_SYS_ADMIN tasks a 3% bonus; the dump does not print capabilities, so uid 0 was taken to mean CAP_SYS_ADMIN.',
    );
  const total = totalPages ?? 0;
  if (totalPages === null)
    notes.push(
      'totalpages is unknown: oom_score_adj could not be scaled, so tasks with a non-zero adj are ranked on their pages alone.',
    );
  for (const t of ev.tasks) {
    const adj =
      t.oomScoreAdj ?? (t.oomAdj !== null ? (t.oomAdj === -17 ? -1000 : Math.round((t.oomAdj * 1000) / 17)) : 0);
    const rss = rssOf(t);
    const res = oomBadness({
      rssPages: rss ?? 0,
      swapPages: t.swapents ?? 0,
      pgtableBytes: pgtableBytes(t, pageSize) ?? 0,
      oomScoreAdj: totalPages === null ? (adj === -1000 ? -1000 : 0) : adj,
      totalPages: total,
      ...(kernel ? { kernel } : {}),
      capSysAdmin: adminBonus && t.uid === 0,
      pageSize,
    });
    for (const n of res.notes) if (!n.startsWith('oom_score_adj is −1000') && !notes.includes(n)) notes.push(n);
    if (res.excluded || res.points === null) continue;
    const score: OomTaskScore = { pid: t.pid, comm: t.comm, points: res.points };
    if (totalPages !== null && res.oomScore !== null) score.oomScore = res.oomScore;
    if (totalPages !== null && totalPages > 0) {
      const base = (rss ?? 0) + (t.swapents ?? 0) + Math.floor((pgtableBytes(t, pageSize) ?? 0) / pageSize);
      score.share = Math.round((base / totalPages) * 10000) / 10000;
    }
    ranking.push(score);
  }
  // Stable: equal points keep dump order.
  ranking.sort((a, b) => b.points - a.points);
  return { ranking, notes };
}

function victimCheck(
  ev: OomEvent,
  scope: OomScope,
  ranking: OomTaskScore[],
  killedEarlier: Map<number, number>,
): OomDetails['victimCheck'] {
  const top = ranking[0] ?? null;
  const victim = ev.killed ?? ev.selected;
  if (!victim)
    return {
      topPid: top?.pid ?? null,
      victimIsTop: null,
      reason: ev.tasks.length ? 'No victim is named in the paste.' : null,
    };
  if (!top)
    return {
      topPid: null,
      victimIsTop: null,
      reason: ev.tasks.length
        ? 'No task could be ranked.'
        : 'No task table was printed (oom_dump_tasks=0 or a cut paste), so the choice cannot be checked.',
    };
  if (
    top.pid === victim.pid ||
    (ev.selected && top.pid === ev.selected.pid && ev.killed && ev.killed.pid !== ev.selected.pid)
  ) {
    if (ev.selected && ev.killed && ev.selected.pid !== ev.killed.pid) {
      return {
        topPid: top.pid,
        victimIsTop: true,
        reason: `The kernel chose ${ev.selected.comm} (${ev.selected.pid}), the top of the ranking, then killed its child ${ev.killed.comm} (${ev.killed.pid}) instead ("sacrifice child": a child with its own memory is killed in place of the parent).`,
      };
    }
    return { topPid: top.pid, victimIsTop: true, reason: null };
  }
  const reasons: string[] = [];
  if (ev.allocatingTask)
    reasons.push(
      'vm.oom_kill_allocating_task is set: the kernel killed the task that asked for memory, not the largest one.',
    );
  const inTable = ranking.find((r) => r.pid === victim.pid);
  const topEarlier = killedEarlier.get(top.pid);
  if (topEarlier !== undefined)
    reasons.push(
      `${top.comm} (${top.pid}) was already killed by an earlier OOM at line ${topEarlier}; a task that is already an OOM victim and still exiting is skipped (or makes the kernel wait) instead of being chosen again.`,
    );
  if (!inTable) {
    const excluded = ev.tasks.find((t) => t.pid === victim.pid);
    if (excluded)
      reasons.push(
        `${victim.comm} (${victim.pid}) has oom_score_adj −1000 in the table yet was killed; it may share its mm with a killable task, or the adj changed after the dump.`,
      );
    else
      reasons.push(
        `${victim.comm} (${victim.pid}) is not in the task table (a thread or child killed in place of its process, or the table was cut).`,
      );
  }
  if (scope === 'cpuset' || scope === 'mempolicy')
    reasons.push(
      `The OOM was constrained (${scope}): tasks whose allowed nodes do not intersect the request's are not eligible, and the dump does not show which ones those are.`,
    );
  if (inTable && top.points > 0 && Math.abs(top.points - inTable.points) / top.points < 0.02)
    reasons.push(
      'The two scores are within 2%: memory changed between the selection and the dump, or rounding in the printout decided it.',
    );
  if (reasons.length === 0)
    reasons.push(
      'The kernel skips tasks that are exiting, already reaped (MMF_OOM_SKIP) or in vfork; the top task may have been one of those when the victim was chosen, or its memory changed between selection and the dump.',
    );
  return { topPid: top.pid, victimIsTop: false, reason: reasons.join(' ') };
}

function memorySummary(ev: OomEvent, pageKb: number): Record<string, number> {
  const m = ev.memInfo;
  const out: Record<string, number> = {};
  const pages = (...keys: string[]): number | null => {
    let sum = 0;
    let any = false;
    for (const k of keys) {
      const v = m[k];
      if (v !== undefined) {
        sum += v;
        any = true;
      }
    }
    return any ? sum * pageKb : null;
  };
  const put = (k: string, v: number | null): void => {
    if (v !== null) out[k] = v;
  };
  put('anon', pages('active_anon', 'inactive_anon', 'isolated_anon'));
  put('file', pages('active_file', 'inactive_file', 'isolated_file'));
  put('shmem', pages('shmem'));
  put('slabReclaimable', pages('slab_reclaimable'));
  put('slabUnreclaimable', pages('slab_unreclaimable'));
  put('pageTables', pages('pagetables'));
  put('unevictable', pages('unevictable'));
  put('free', pages('free'));
  put('mapped', pages('mapped'));
  let stack = 0;
  let anyStack = false;
  for (const n of ev.nodes) {
    const v = n.fields['kernel_stack'];
    if (v !== undefined) {
      stack += v;
      anyStack = true;
    }
  }
  if (anyStack) out['kernelStack'] = stack;
  let managed = 0;
  let anyManaged = false;
  for (const z of ev.zones) {
    if (z.managed !== null) {
      managed += z.managed;
      anyManaged = true;
    }
  }
  if (anyManaged) out['managed'] = managed;
  if (ev.totalSwapKb !== null) out['swapTotal'] = ev.totalSwapKb;
  if (ev.freeSwapKb !== null) out['swapFree'] = ev.freeSwapKb;
  return out;
}

const MEMORY_LABELS: Record<string, string> = {
  anon: 'anonymous memory',
  file: 'page cache',
  shmem: 'shmem/tmpfs',
  slabReclaimable: 'reclaimable slab',
  slabUnreclaimable: 'unreclaimable slab',
  pageTables: 'page tables',
  kernelStack: 'kernel stacks',
  unevictable: 'unevictable pages',
};

function titleOf(ev: OomEvent, scope: OomScope): string {
  if (ev.panic) return ev.panic.replace(/\.{3}$/, '').trim();
  const who = ev.killed?.comm ?? ev.selected?.comm ?? null;
  const prefix =
    scope === 'memcg' ? 'Memory cgroup out of memory' : scope === 'sysrq' ? 'Manual OOM (sysrq f)' : 'Out of memory';
  if (who) return `${prefix}: Killed process ${who}`;
  if (ev.ignored) return `${prefix}: no killable process`;
  if (ev.header) return `${prefix}: ${ev.header.comm} invoked oom-killer`;
  return prefix;
}

const ARCHES: readonly string[] = ['x86_64', 'x86', 'arm64', 'arm', 'powerpc', 'riscv', 's390', 'mips', 'loongarch'];

export function buildOomReport(ev: OomEvent, killedEarlier: Map<number, number>): OomReport | null {
  // A lone "Out of memory" from user space is not an OOM report: require some kernel OOM evidence.
  const evidence =
    ev.header !== null ||
    ev.killed !== null ||
    ev.selected !== null ||
    ev.panic !== null ||
    ev.oomKill !== null ||
    ev.tasks.length > 0 ||
    ev.memcg !== null ||
    ev.ignored !== null;
  if (!evidence) return null;

  const kernel = ev.trigger?.kernel ?? null;
  // Headers that print oom_adj come from 2.6.x–3.x kernels, all covered by the 2.6.32–4.3 gfp table.
  const gfpKernel = kernel ?? (ev.header?.oomAdj !== undefined ? '3.0' : null);
  const pageKb = ev.pageKb ?? 4;
  const scope = scopeOf(ev);
  const notes: string[] = [];
  if (ev.pageKb === null && ev.tasks.length > 0)
    notes.push('Page size not visible in the report (no buddy list); 4 KiB assumed.');

  let allocation: OomAllocation | null = null;
  if (ev.header) {
    const gfp = ev.header.gfpMask ? decodeGfp(ev.header.gfpMask, ev.header.gfpPrinted, gfpKernel) : null;
    if (gfp?.flagsSource === 'decoded' && kernel === null)
      notes.push(
        'The kernel version is not in the paste; the header prints oom_adj, which only 2.6.x–3.x kernels did, so the gfp.h 2.6.32–4.3 bit table was used.',
      );
    const order = ev.header.order;
    allocation = {
      gfp,
      order,
      bytes: order >= 0 && order < 20 ? pageKb * KB * 2 ** order : null,
      ...(ev.header.nodemask !== undefined ? { nodemask: ev.header.nodemask } : {}),
      ...(ev.header.oomScoreAdj !== undefined ? { oomScoreAdj: ev.header.oomScoreAdj } : {}),
      ...(ev.header.oomAdj !== undefined ? { oomAdj: ev.header.oomAdj } : {}),
    };
    if (gfp && gfp.flagsSource === 'unknown' && gfp.value !== null)
      notes.push(
        'The gfp_mask was printed as a number and the kernel version is unknown, so its flags were not decoded.',
      );
  }

  const tp = totalPagesOf(ev, scope, pageKb);
  const layoutKernel = kernel ?? kernelFromLayout(ev.taskColumns);
  if (kernel === null && layoutKernel !== null)
    notes.push(
      `The kernel version is not in the paste; the task table layout (${ev.taskColumns.join(' ')}) only existed in ${LAYOUT_RANGE[layoutKernel] ?? layoutKernel}, so that range's badness formula was used.`,
    );
  const { ranking, notes: rankNotes } = rankTasks(ev, layoutKernel, tp.pages, pageKb);
  const check = victimCheck(ev, scope, ranking, killedEarlier);
  const zoneResult =
    scope === 'memcg' || scope === 'sysrq'
      ? { verdicts: [], notes: [] }
      : checkZones(ev.zones, allocation?.gfp ?? null, allocation?.order ?? null, pageKb);

  const memory = memorySummary(ev, pageKb);
  const freedKb = ev.killed ? (ev.killed.anonRss ?? 0) + (ev.killed.fileRss ?? 0) + (ev.killed.shmemRss ?? 0) : null;
  const largest = ranking.slice(0, 5).map((r) => {
    const t = ev.tasks.find((x) => x.pid === r.pid);
    return { pid: r.pid, comm: r.comm, kb: ((t ? rssOf(t) : 0) ?? 0) * pageKb + (t?.swapents ?? 0) * pageKb };
  });

  const verdicts: string[] = [];
  if (ev.header) {
    const a = allocation;
    const what =
      a && a.order !== null && a.order >= 0
        ? `an order-${a.order} allocation (${fmtKb(pageKb * 2 ** a.order)})${a.gfp ? ` with ${a.gfp.flags.join('|') || a.gfp.mask}` : ''}`
        : 'no allocation (a manual or memcg-forced OOM, order −1)';
    const fault = ev.trace.some((f) => /page_fault|handle_mm_fault|do_fault/.test(f)) ? ' from a page fault' : '';
    verdicts.push(`${ev.header.comm}${ev.trigger ? ` (pid ${ev.trigger.pid})` : ''} asked for ${what}${fault}.`);
  }
  if (scope === 'memcg') {
    const mem = ev.memcg?.counters['memory'];
    verdicts.push(
      mem
        ? `The memory cgroup ${ev.memcg?.path ?? ''} hit its limit: usage ${fmtKb(mem.usage)} of ${fmtKb(mem.limit)} (limit hit ${mem.failcnt} times).`.replace(
            '  ',
            ' ',
          )
        : 'A memory cgroup limit was hit.',
    );
  } else if (scope === 'sysrq') {
    verdicts.push(
      'The OOM killer was invoked by hand (sysrq f / moom_callback): no allocation failed, and only the badness ranking decided the victim.',
    );
  } else if (zoneResult.verdicts.length > 0) {
    const failing = zoneResult.verdicts.filter((v) => v.ok === false);
    if (failing.length === zoneResult.verdicts.length) {
      const frag = failing.some((v) => v.passesOrder0);
      verdicts.push(
        frag
          ? `Every usable zone failed the min watermark check, ${failing
              .filter((v) => v.passesOrder0)
              .map((v) => v.zone)
              .join(', ')} only for lack of a large enough free block (fragmentation).`
          : `Every zone the request may use was at or below its min watermark plus lowmem reserve (${failing.map((v) => `${v.zone} ${v.free} ≤ ${v.watermark + v.reserve} pages`).join('; ')}).`,
      );
    } else {
      const okZones = zoneResult.verdicts.filter((v) => v.ok === true).map((v) => v.zone);
      if (okZones.length)
        verdicts.push(
          `At the time of the dump ${okZones.join(', ')} passed the watermark check: memory was freed between the failed attempt and the report, or the request was constrained to other nodes.`,
        );
    }
  }
  if (ev.killed) {
    verdicts.push(
      `The kernel killed ${ev.killed.comm} (pid ${ev.killed.pid}), freeing about ${fmtKb(freedKb ?? 0)} of resident memory (anon ${fmtKb(ev.killed.anonRss ?? 0)}, file ${fmtKb(ev.killed.fileRss ?? 0)}, shmem ${fmtKb(ev.killed.shmemRss ?? 0)}).`,
    );
  } else if (ev.panic) {
    verdicts.push(`The system panicked: ${ev.panic}.`);
  } else if (ev.ignored) {
    verdicts.push('No task was eligible to be killed.');
  }
  if (ev.reaped)
    verdicts.push(`The oom_reaper then unmapped its memory (now anon-rss ${fmtKb(ev.reaped.anonRss ?? 0)}).`);
  const consumers = Object.entries(memory)
    .filter(([k]) => k in MEMORY_LABELS)
    .sort((a, b) => b[1] - a[1]);
  const managed = memory['managed'];
  const topUse = consumers[0];
  if (topUse && managed) {
    verdicts.push(
      `Where memory went: ${consumers
        .slice(0, 3)
        .map(([k, v]) => `${MEMORY_LABELS[k] ?? k} ${fmtKb(v)} (${Math.round((v / managed) * 100)}%)`)
        .join(', ')} of ${fmtKb(managed)} managed RAM${memory['swapTotal'] === 0 ? '; no swap' : ''}.`,
    );
  }
  const top = ranking[0];
  if (top && tp.pages) {
    verdicts.push(
      `${top.comm} (pid ${top.pid}) tops the recomputed ranking with ${top.points} pages${top.share !== undefined ? `, ${Math.round(top.share * 100)}% of the ${tp.pages} pages allowed` : ''}.`,
    );
  }
  // Did oom_score_adj decide the choice? Compare with the order by pages alone.
  if (top && ranking.length > 1) {
    let byPages: { pid: number; comm: string; pages: number } | null = null;
    for (const t of ev.tasks) {
      if ((t.oomScoreAdj ?? 0) === -1000) continue;
      const pages =
        (rssOf(t) ?? 0) + (t.swapents ?? 0) + Math.floor((pgtableBytes(t, pageKb * KB) ?? 0) / (pageKb * KB));
      if (!byPages || pages > byPages.pages) byPages = { pid: t.pid, comm: t.comm, pages };
    }
    if (byPages && byPages.pid !== top.pid)
      verdicts.push(
        `oom_score_adj changed the choice: by memory alone ${byPages.comm} (pid ${byPages.pid}, ${byPages.pages} pages) would top the ranking, but ${top.comm} has the higher adjusted badness.`,
      );
  }
  const unrec = memory['slabUnreclaimable'];
  if (unrec !== undefined && managed && unrec / managed > UNRECLAIMABLE_SLAB_SHARE) {
    const big = [...ev.unreclaimableSlab].sort((a, b) => b.totalKb - a.totalKb).slice(0, 3);
    verdicts.push(
      `Unreclaimable slab holds ${fmtKb(unrec)} (${Math.round((unrec / managed) * 100)}% of RAM): a kernel memory leak is more likely than a user-space hog${big.length ? `; largest caches: ${big.map((c) => `${c.name} ${fmtKb(c.totalKb)}`).join(', ')}` : ''}.`,
    );
  }
  if (scope === 'memcg' && ev.memcg && Object.keys(ev.memcg.stats).length > 0) {
    const st = ev.memcg.stats;
    const v2 = ev.memcg.version === 2 || st['anon'] !== undefined;
    const parts = v2
      ? (['anon', 'file', 'kernel', 'kernel_stack', 'slab_unreclaimable', 'shmem', 'sock'] as const)
          .filter((k) => st[k] !== undefined)
          .map((k) => `${k} ${fmtKb(Math.round((st[k] ?? 0) / KB))}`)
      : (['rss', 'cache', 'rss_huge', 'shmem', 'mapped_file', 'swap'] as const)
          .filter((k) => st[k] !== undefined)
          .map((k) => `${k} ${fmtKb(st[k] ?? 0)}`);
    if (parts.length) verdicts.push(`Inside the cgroup: ${parts.join(', ')}.`);
  }
  if (check.victimIsTop === true && !check.reason)
    verdicts.push("The kernel's victim is the top of the recomputed ranking.");
  else if (check.reason && check.victimIsTop !== null) verdicts.push(check.reason);
  if (ev.selected?.score !== null && ev.selected && tp.pages) {
    const mine = ranking.find((r) => r.pid === ev.selected?.pid);
    if (mine?.oomScore !== undefined && ev.selected.score !== null && Math.abs(mine.oomScore - ev.selected.score) > 1)
      notes.push(
        `The kernel printed score ${ev.selected.score} for ${ev.selected.comm}; the recomputation gives ${mine.oomScore} (totalpages ${tp.pages} may differ from the kernel's).`,
      );
  }

  const details: OomDetails = {
    killed: ev.killed
      ? { pid: ev.killed.pid, comm: ev.killed.comm }
      : ev.selected
        ? { pid: ev.selected.pid, comm: ev.selected.comm }
        : null,
    ...(ev.header
      ? {
          trigger: {
            ...(ev.trigger ? { pid: ev.trigger.pid } : {}),
            comm: ev.header.comm,
            ...(ev.header.gfpMask ? { gfpMask: ev.header.gfpMask } : {}),
            order: ev.header.order,
          },
        }
      : {}),
    ranking,
    scope,
    constraint: ev.oomKill?.['constraint'] ?? null,
    oomKillLine: ev.oomKill ?? ev.cpuset,
    allocation,
    selected: ev.selected ? { pid: ev.selected.pid, comm: ev.selected.comm, score: ev.selected.score } : null,
    killedProcess: ev.killed,
    reaped: ev.reaped,
    memcg: ev.memcg,
    memInfo: ev.memInfo,
    nodes: ev.nodes,
    zones: ev.zones,
    hugepages: ev.hugepages,
    swap: { freeKb: ev.freeSwapKb, totalKb: ev.totalSwapKb, cachePages: ev.swapCache },
    pagecachePages: ev.pagecache,
    pagesRam: ev.pagesRam,
    pagesReserved: ev.pagesReserved,
    pagesHighMem: ev.pagesHighMem,
    tasks: ev.tasks,
    taskColumns: ev.taskColumns,
    noTaskTable: ev.tasks.length === 0,
    unreclaimableSlab: ev.unreclaimableSlab,
    panic: ev.panic,
    badness: {
      totalPages: tp.pages,
      totalPagesSource: tp.source,
      formula: badnessFormula(layoutKernel),
      notes: [...notes, ...tp.notes, ...rankNotes, ...zoneResult.notes],
    },
    victimCheck: check,
    zoneVerdicts: zoneResult.verdicts,
    summary: { memory, largest, freedKb, verdicts },
  };

  const headerMissing = ev.header === null;
  const arch = ev.arch !== null && ARCHES.includes(ev.arch) ? (ev.arch as Arch) : null;
  return {
    kind: 'oom',
    title: titleOf(ev, scope),
    frame: null,
    arch,
    kernel,
    corrupted: headerMissing,
    ...(headerMissing
      ? { corruptedReason: 'The start of this OOM report (the "invoked oom-killer" header) is not in the paste.' }
      : {}),
    startLine: ev.startLine,
    endLine: ev.endLine,
    oom: details,
  };
}
