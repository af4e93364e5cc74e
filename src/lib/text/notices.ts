/**
 * Bounded collection of input notices: a 100 MB paste with a million over-long lines must not
 * produce a million notices. Each code keeps its first few notices and a count of the rest.
 */
import type { InputNotice } from '../types.ts';

/** Notices kept per code; later ones are only counted. */
export const MAX_NOTICES_PER_CODE = 5;

export class NoticeBook {
  private readonly kept: InputNotice[] = [];
  private readonly perCode = new Map<string, number>();

  add(notice: InputNotice): void {
    const n = (this.perCode.get(notice.code) ?? 0) + 1;
    this.perCode.set(notice.code, n);
    if (n <= MAX_NOTICES_PER_CODE) this.kept.push(notice);
  }

  list(): InputNotice[] {
    const out = [...this.kept];
    for (const [code, n] of this.perCode) {
      if (n > MAX_NOTICES_PER_CODE) {
        out.push({
          level: 'info',
          code: `${code}-more`,
          message: `${n - MAX_NOTICES_PER_CODE} more notices like "${code}" were not listed.`,
          params: { more: n - MAX_NOTICES_PER_CODE },
        });
      }
    }
    return out;
  }
}

export function addNotice(
  book: NoticeBook,
  code: string,
  line: number,
  message: string,
  params?: Record<string, number>,
): void {
  book.add({ level: 'warning', code, message, line, ...(params !== undefined ? { params } : {}) });
}
