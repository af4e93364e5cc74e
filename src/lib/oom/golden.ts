/**
 * Golden-file helpers for OOM fixtures: a fixture is a `# KEY: value` header block, a blank line,
 * then the log verbatim. The expected JSON holds a projection of each report that a reader can
 * check by hand against the log.
 */
import type { OomReport } from '../types.ts';

export function splitFixture(text: string): { header: Record<string, string>; body: string; bodyLine: number } {
  const lines = text.split('\n');
  const header: Record<string, string> = {};
  let i = 0;
  let last = '';
  for (; i < lines.length; i++) {
    const l = lines[i] ?? '';
    if (l.trim() === '') break;
    const m = /^# ([A-Z]+): (.*)$/.exec(l);
    if (m?.[1] && m[2] !== undefined) {
      header[m[1]] = m[2];
      last = m[1];
    } else if (l.startsWith('#') && last) header[last] += ' ' + l.replace(/^#\s*/, '');
  }
  return { header, body: lines.slice(i + 1).join('\n'), bodyLine: i + 2 };
}

export function projectOom(r: OomReport): Record<string, unknown> {
  const o = r.oom;
  return {
    title: r.title,
    lines: [r.startLine, r.endLine],
    corrupted: r.corrupted,
    kernel: r.kernel,
    arch: r.arch,
    scope: o.scope,
    constraint: o.constraint,
    trigger: o.trigger ?? null,
    gfp: o.allocation?.gfp
      ? { flags: o.allocation.gfp.flags, source: o.allocation.gfp.flagsSource, zone: o.allocation.gfp.zoneClass }
      : null,
    killed: o.killed,
    selected: o.selected,
    reaped: o.reaped ? o.reaped.pid : null,
    panic: o.panic,
    memcg: o.memcg ? { version: o.memcg.version, path: o.memcg.path, counters: o.memcg.counters } : null,
    zones: o.zones.map(
      (z) => `${z.node}:${z.name} free=${z.free} min=${z.min} reserve=${z.lowmemReserve?.join(',') ?? '-'}`,
    ),
    tasks: o.tasks.length,
    taskColumns: o.taskColumns.join(' '),
    totalPages: o.badness.totalPages,
    formula: o.badness.formula,
    ranking: o.ranking.slice(0, 5).map((t) => `${t.pid} ${t.comm} ${t.points} ${t.oomScore ?? '-'}`),
    rankingLength: o.ranking.length,
    victimIsTop: o.victimCheck.victimIsTop,
    zoneVerdicts: o.zoneVerdicts.map((v) => `${v.node}:${v.zone} ${v.ok}`),
  };
}
