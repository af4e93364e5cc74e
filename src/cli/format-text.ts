/**
 * The readable (non-JSON) CLI report: one block per report, most useful facts first, then the cases
 * that match. Colour is a palette of functions so the same code prints plain text when colour is off.
 */
import type { Analysis, CrashReport, OomReport, Report } from '../lib/types.ts';

/** Frames printed per crash report in the readable output (JSON has them all). */
export const MAX_FRAMES_SHOWN = 12;
/** Tasks printed from an OOM ranking. */
export const MAX_RANKING_SHOWN = 5;

export interface Palette {
  bold: (s: string) => string;
  dim: (s: string) => string;
  red: (s: string) => string;
  yellow: (s: string) => string;
  green: (s: string) => string;
  cyan: (s: string) => string;
}

export function makePalette(colour: boolean): Palette {
  const wrap = (open: number, close: number) => (s: string) => (colour ? `\x1b[${open}m${s}\x1b[${close}m` : s);
  return {
    bold: wrap(1, 22),
    dim: wrap(2, 22),
    red: wrap(31, 39),
    yellow: wrap(33, 39),
    green: wrap(32, 39),
    cyan: wrap(36, 39),
  };
}

/** Pasted text may hold terminal escapes; never send them to the reader's terminal. */
function clean(s: string): string {
  return s.replace(/[\x00-\x08\x0b-\x1f\x7f]/g, '?');
}

function kindColour(r: Report, p: Palette): (s: string) => string {
  if (
    r.kind === 'warning' ||
    r.kind === 'slab' ||
    r.kind === 'meminfo' ||
    r.kind === 'kmem-info' ||
    r.kind === 'slab-trace'
  )
    return p.yellow;
  return p.red;
}

function hex(n: number | undefined): string {
  return n === undefined ? '' : '0x' + n.toString(16);
}

function crashLines(r: CrashReport, p: Palette): string[] {
  const c = r.crash;
  const out: string[] = [];
  const who: string[] = [];
  if (c.comm !== undefined) who.push(`comm ${clean(c.comm)}`);
  if (c.pid !== undefined) who.push(`PID ${c.pid}`);
  if (c.cpu !== undefined) who.push(`CPU ${c.cpu}`);
  if (c.context !== undefined)
    who.push(
      `context ${c.context}${c.workqueue !== undefined ? ` (workqueue ${clean(c.workqueue)}${c.workFunction !== undefined ? ` ${clean(c.workFunction)}` : ''})` : ''}`,
    );
  if (who.length > 0) out.push(`  ${p.dim('task')}     ${who.join(', ')}`);
  if (c.hardware !== undefined) out.push(`  ${p.dim('hardware')} ${clean(c.hardware)}`);
  if (c.taint !== undefined && c.taint.flags.length > 0) {
    out.push(`  ${p.dim('taint')}    ${c.taint.flags.map((f) => `${f.letter} (${f.meaning})`).join('; ')}`);
  }
  if (c.pc !== undefined) {
    const size = c.pc.size !== undefined ? `/${hex(c.pc.size)}` : '';
    const mod = c.pc.module !== undefined ? ` [${c.pc.module}]` : '';
    out.push(
      `  ${p.dim('pc')}       ${p.bold(clean(c.pc.func))}${c.pc.offset !== undefined ? `+${hex(c.pc.offset)}${size}` : ''}${mod}`,
    );
  }
  if (c.faultAddress !== undefined)
    out.push(`  ${p.dim('address')}  ${c.faultAddress.value}: ${clean(c.faultAddress.meaning)}`);
  if (c.esr !== undefined) out.push(`  ${p.dim('ESR')}      ${c.esr.value}: ${c.esr.summary}`);
  if (c.errorCode !== undefined) out.push(`  ${p.dim('#PF code')} ${c.errorCode.value}: ${c.errorCode.summary}`);
  const flagged = c.registers.filter((reg) => reg.flags.some((f) => f !== 'user'));
  if (flagged.length > 0) {
    out.push(
      `  ${p.dim('registers')} ${flagged
        .slice(0, 10)
        .map((reg) => `${reg.name}=${reg.value} (${reg.flags.join(',')})`)
        .join(' ')}`,
    );
  }
  if (c.frames.length > 0) {
    out.push(`  ${p.dim('trace')}`);
    for (const f of c.frames.slice(0, MAX_FRAMES_SHOWN)) {
      const off = f.offset !== undefined ? `+${hex(f.offset)}${f.size !== undefined ? `/${hex(f.size)}` : ''}` : '';
      const q = f.reliable ? '  ' : '? ';
      const extra = [
        f.module !== undefined ? `[${f.module}]` : '',
        f.inlined ? '[inline]' : '',
        f.source ?? '',
        f.stack !== undefined && f.stack !== 'task' ? `<${f.stack}>` : '',
      ]
        .filter((x) => x !== '')
        .join(' ');
      const name = f.func === r.frame ? p.bold(clean(f.func)) : clean(f.func);
      out.push(`    ${q}${name}${off}${extra ? ' ' + p.dim(clean(extra)) : ''}`);
    }
    if (c.frames.length > MAX_FRAMES_SHOWN) out.push(p.dim(`    … ${c.frames.length - MAX_FRAMES_SHOWN} more frames`));
  }
  return out;
}

function oomLines(r: OomReport, p: Palette): string[] {
  const o = r.oom;
  const out: string[] = [];
  if (o.killed !== null) out.push(`  ${p.dim('killed')}   ${clean(o.killed.comm)} (PID ${o.killed.pid})`);
  if (o.trigger !== undefined)
    out.push(
      `  ${p.dim('trigger')}  ${clean(o.trigger.comm)}${o.trigger.pid !== undefined ? ` (PID ${o.trigger.pid})` : ''}${o.trigger.order !== undefined ? `, order ${o.trigger.order}` : ''}`,
    );
  out.push(`  ${p.dim('scope')}    ${o.scope}${o.constraint !== null ? ` (${o.constraint})` : ''}`);
  if (o.ranking.length > 0) {
    out.push(`  ${p.dim('ranking')}  (recomputed badness, highest first)`);
    for (const t of o.ranking.slice(0, MAX_RANKING_SHOWN))
      out.push(`    ${String(t.points).padStart(10)}  ${clean(t.comm)} (PID ${t.pid})`);
  }
  return out;
}

export function formatReport(r: Report, index: number, p: Palette): string {
  const colour = kindColour(r, p);
  const where = r.startLine === r.endLine ? `line ${r.startLine}` : `lines ${r.startLine}-${r.endLine}`;
  const lines: string[] = [`${p.bold(`#${index + 1}`)} ${colour(`[${r.kind}]`)} ${p.bold(clean(r.title))}`];
  const facts = [
    where,
    r.frame !== null ? `frame ${clean(r.frame)}` : '',
    r.arch ?? '',
    r.kernel !== null ? `kernel ${clean(r.kernel)}` : '',
  ]
    .filter((x) => x !== '')
    .join(' · ');
  lines.push(`  ${p.dim(facts)}`);
  if (r.corrupted)
    lines.push(`  ${p.yellow('corrupted')}${r.corruptedReason !== undefined ? `: ${clean(r.corruptedReason)}` : ''}`);
  if ('crash' in r) lines.push(...crashLines(r, p));
  if (r.kind === 'oom') lines.push(...oomLines(r, p));
  return lines.join('\n') + '\n';
}

export function formatAnalysis(a: Analysis, p: Palette): string {
  const out: string[] = [];
  const name = a.file === undefined || a.file === '-' ? 'standard input' : a.file;
  const n = a.reports.length;
  const formats = a.input.formats.length > 0 ? `, read as ${a.input.formats.join(', ')}` : '';
  out.push(
    `${p.bold(clean(name))}: ${n === 0 ? 'no reports found' : `${n} report${n === 1 ? '' : 's'}`} ${p.dim(`(${a.input.lines} lines${formats})`)}\n`,
  );
  for (const notice of a.input.notices) {
    out.push(`${notice.level === 'info' ? p.dim('note') : p.yellow(notice.level)}: ${clean(notice.message)}\n`);
  }
  a.reports.forEach((r, i) => {
    out.push('\n' + formatReport(r, i, p));
  });
  if (a.matches.length > 0) {
    out.push(`\n${p.bold('Matching cases')}\n`);
    for (const m of a.matches) {
      const conf = m.confidence === 'strong' ? p.green('strong') : p.yellow('possible');
      out.push(`  ${conf} ${p.bold(m.case)} ${p.dim(`score ${m.score.toFixed(2)}`)}\n`);
      for (const reason of m.reasons) out.push(`    - ${clean(reason)}\n`);
    }
  }
  return out.join('');
}
