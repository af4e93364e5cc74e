/** Details of one OOM event. Owned by the OOM parser; first draft — extend, don't rename. */
export interface OomTaskScore {
  pid: number;
  comm: string;
  /** Recomputed badness (pages + scaled oom_score_adj), highest first in `ranking`. */
  points: number;
  /** The 0–1000 value /proc/<pid>/oom_score would show. */
  oomScore?: number;
}

export interface OomDetails {
  killed: { pid: number; comm: string } | null;
  trigger?: { pid?: number; comm: string; gfpMask?: string; order?: number };
  ranking: OomTaskScore[];
}
