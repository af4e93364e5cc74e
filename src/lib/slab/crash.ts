/**
 * `crash` utility output: `kmem -i` (memory_usage summary) and `ps` (task list with memory columns).
 *
 * kmem -i rows: `<LABEL>  <pages>  <size> <unit>  <percent>% of TOTAL <MEM|HUGE|SWAP|LIMIT>` or `----`:
 *   `    COMMITTED  7399654      28.2 GB  373% of TOTAL LIMIT`
 * ps rows: `>   403  -1  2  ffff8003e80b4100  RU   0.6   214476   111464  systemd-journal` (`>` = active on a CPU).
 */
import type { CrashPsTask } from './types.ts';

const KMEM_ROW =
  /^\s*([A-Z][A-Z ]{1,20}?)\s+(\d{1,20})\s+([\d.]{1,20})(?:\s?(B|KB|MB|GB|TB))?\s+(?:----|(\d{1,6})% of TOTAL (?:MEM|HUGE|SWAP|LIMIT))/;
const UNIT: Record<string, number> = { B: 1, KB: 1024, MB: 1024 ** 2, GB: 1024 ** 3, TB: 1024 ** 4 };
const PS_ROW =
  /^(>?)\s*(\d{1,9})\s+(-?\d{1,9})\s+(\d{1,5})\s+([0-9a-f]{8,16})\s+([A-Z]{2})\s+([\d.]{1,6})\s+(\d{1,15})\s+(\d{1,15})\s+(.{1,64})$/;

export const KMEM_LABELS = new Set([
  'TOTAL MEM',
  'FREE',
  'USED',
  'SHARED',
  'BUFFERS',
  'CACHED',
  'SLAB',
  'TOTAL HUGE',
  'HUGE FREE',
  'TOTAL SWAP',
  'SWAP USED',
  'SWAP FREE',
  'COMMIT LIMIT',
  'COMMITTED',
]);

export function parseKmemRow(
  text: string,
): { label: string; pages: number; bytes: number; percent: number | null } | null {
  const m = KMEM_ROW.exec(text);
  if (!m?.[1]) return null;
  const label = m[1].trim();
  if (!KMEM_LABELS.has(label)) return null;
  const size = Number(m[3]);
  const unit = m[4] ? (UNIT[m[4]] ?? 1) : 1;
  return {
    label,
    pages: Number(m[2]),
    bytes: Math.round(size * unit),
    percent: m[5] !== undefined ? Number(m[5]) : null,
  };
}

export function isPsHeader(text: string): boolean {
  return /^\s*PID\s+PPID\s+CPU\s+TASK\s+ST\s+%MEM\s+VSZ\s+RSS\s+COMM/.test(text);
}

export function parsePsRow(text: string, line: number): CrashPsTask | null {
  const m = PS_ROW.exec(text.replace(/\s+$/, ''));
  if (!m?.[2]) return null;
  return {
    pid: Number(m[2]),
    ppid: Number(m[3]),
    cpu: Number(m[4]),
    task: m[5] ?? '',
    state: m[6] ?? '',
    memPercent: Number(m[7]),
    vsz: Number(m[8]),
    rss: Number(m[9]),
    comm: (m[10] ?? '').trim(),
    active: m[1] === '>',
    line,
  };
}
