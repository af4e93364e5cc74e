/**
 * What evidence points to a case, as declared in `content/cases/<slug>/case.yaml` under `signatures`.
 * A discriminated union by `kind`; every entry carries an optional `weight` override name
 * (see match/weights.ts — weights are named constants, not free numbers in YAML).
 *
 * Owned by the matcher; the site's case schema embeds it.
 */
import { z } from 'zod';

const lineRef = z.string().min(1);

/** A crash report whose title/frames/fault address look like the case's. */
export const OopsSignatureSchema = z.object({
  kind: z.literal('oops'),
  /** Generic evidence: it corroborates the case but alone only makes it related reading, never `strong`. */
  supporting: z.boolean().optional(),
  /** Report kinds that count (e.g. ['oops', 'warning']). */
  reportKinds: z.array(z.string()).min(1).optional(),
  /** Regular expression (source text) the report title must match. */
  title: z.string().optional(),
  /** The guilty frame the case is about. */
  frame: z.string().optional(),
  /** Other functions that appear in the case's call traces; each found adds evidence. */
  frames: z.array(z.string()).optional(),
  /** Fault address shape: NULL plus a small offset, given in hex (e.g. '0xd0'). */
  nullOffset: z
    .string()
    .regex(/^0x[0-9a-f]+$/i)
    .optional(),
  /** Poison values expected in registers or fault address (hex, e.g. 'dead000000000122'). */
  poison: z.array(z.string()).optional(),
  /** Architectures the case was seen on. */
  arch: z.array(z.string()).optional(),
});

/** An OOM report with given properties. */
export const OomSignatureSchema = z.object({
  kind: z.literal('oom'),
  /** Generic evidence: it corroborates the case but alone only makes it related reading, never `strong`. */
  supporting: z.boolean().optional(),
  /** 'global' | 'memcg' | 'cpuset' | 'mempolicy' | 'sysrq'; omitted = any. */
  scope: z.array(z.string()).optional(),
  /** Frames expected in the OOM's own call trace (e.g. moom_callback for sysrq f). */
  frames: z.array(z.string()).optional(),
});

/** A slab snapshot where a named cache dominates or grows. */
export const SlabSignatureSchema = z.object({
  kind: z.literal('slab'),
  /** Generic evidence: it corroborates the case but alone only makes it related reading, never `strong`. */
  supporting: z.boolean().optional(),
  /** Cache names, e.g. ['kernfs_node_cache']. */
  caches: z.array(z.string()).min(1),
  /** The cache must rank within the top N by memory. */
  topN: z.number().int().positive().optional(),
});

/** slub_debug TRACE lines for a cache with more allocations than frees. */
export const SlabTraceSignatureSchema = z.object({
  kind: z.literal('slab-trace'),
  /** Generic evidence: it corroborates the case but alone only makes it related reading, never `strong`. */
  supporting: z.boolean().optional(),
  caches: z.array(z.string()).min(1),
  /** Functions expected in the allocation stacks. */
  frames: z.array(z.string()).optional(),
});

/** A literal line (regular expression source) that is characteristic of the case. */
export const SymptomSignatureSchema = z.object({
  kind: z.literal('symptom'),
  /** Generic evidence: it corroborates the case but alone only makes it related reading, never `strong`. */
  supporting: z.boolean().optional(),
  pattern: lineRef,
  /** Short English description used in the reason sentence. */
  description: z.string().min(1),
  /** The same description in Chinese, for the zh analyzer page (English is shown when absent). */
  descriptionZh: z.string().min(1).optional(),
});

export const SignatureSchema = z.discriminatedUnion('kind', [
  OopsSignatureSchema,
  OomSignatureSchema,
  SlabSignatureSchema,
  SlabTraceSignatureSchema,
  SymptomSignatureSchema,
]);
export type Signature = z.infer<typeof SignatureSchema>;

/** What the matcher needs of a case: its slug and signatures (the rest of case.yaml is for the site). */
export interface CaseSignatures {
  slug: string;
  signatures: Signature[];
}
