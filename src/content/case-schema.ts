/**
 * The language-independent facts of a case: `content/cases/<slug>/case.yaml`.
 * Every field documented; the loader (`load-cases.ts`) reports errors naming the file and the field,
 * what was expected and what was found, and also rejects unknown (misspelt) fields.
 * Owned by the site — extend (new fields, new enum values), don't rename.
 */
import { z } from 'zod';
import { SignatureSchema } from '../lib/match/signature-schema.ts';

/** Kernel subsystems, for the home page filter and the search facet `subsystem`. */
export const SUBSYSTEMS = ['mm', 'oom', 'slab', 'vfs', 'ext4', 'thp', 'memcg', 'kernfs', 'rcu'] as const;
/** CPU architectures (as the analyzer names them), for the filter and the facet `arch`. */
export const ARCHES = ['x86_64', 'arm64', 'arm', 'powerpc', 'riscv'] as const;
/** Failure kinds, for the "symptom" filter and the facet `kind`; UI labels are `kind.<value>` in src/i18n. */
export const KINDS = ['oops', 'warning', 'bug', 'list-corruption', 'oom', 'slab-leak', 'double-free'] as const;

export const EvidenceSchema = z.object({
  /** File name under `evidence/`, e.g. `oops.log`. Must exist. */
  file: z.string().regex(/^[a-z0-9][a-z0-9._-]*$/, 'a file name of lower-case letters, digits, ".", "_" and "-"'),
  /** One-line description in each language. */
  title: z.object({ en: z.string().min(1), zh: z.string().min(1) }),
  /** What produced it: dmesg, serial console, crash, slabtop, kern.log… */
  source: z.string().min(1),
  /**
   * true for context rather than kernel evidence (package metadata, unit files, sysctl values, a `ps` or
   * `mount` listing, a struct layout): the analyzer is not expected to point to the case from it, and the
   * matcher test only checks that it points strongly to no other case.
   */
  context: z.boolean().optional(),
});

export const CaseSchema = z.object({
  /** Must equal the folder name; fixed slugs are listed in DESIGN.md. */
  slug: z.string().regex(/^[a-z0-9-]+$/, 'a slug of lower-case letters, digits and "-"'),
  /** Article title in each language. */
  title: z.object({ en: z.string().min(1), zh: z.string().min(1) }),
  /** "In three lines": what failed, why, what fixed it — exactly three entries per language. */
  summary: z.object({
    /** The three lines in English. */
    en: z.array(z.string().min(1)).length(3, 'exactly three lines'),
    /** The three lines in Chinese. */
    zh: z.array(z.string().min(1)).length(3, 'exactly three lines'),
  }),
  /** Kernel releases the case was seen on (uname -r style). */
  kernels: z.array(z.string().min(1)).min(1),
  /** CPU architectures involved. */
  arch: z.array(z.enum(ARCHES)).min(1),
  /** Kernel subsystems the case touches, for filters. */
  subsystems: z.array(z.enum(SUBSYSTEMS)).min(1),
  /** Failure kinds, for filters and search facets. */
  kinds: z.array(z.enum(KINDS)).min(1),
  /** Short symptom tags ("oops in kswapd", "slab grows") in each language. */
  symptoms: z.object({ en: z.array(z.string().min(1)).min(1), zh: z.array(z.string().min(1)).min(1) }),
  /** Date of the investigation, ISO yyyy-mm-dd; omitted when the source notes do not date it (never guessed). */
  date: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'an ISO date yyyy-mm-dd')
    .optional(),
  /** The raw logs, stored verbatim under `evidence/`. */
  evidence: z.array(EvidenceSchema).min(1),
  /** Slugs of related cases. */
  related: z.array(z.string().regex(/^[a-z0-9-]+$/, 'a case slug')).default([]),
  /** What points to this case in a pasted log (see src/lib/match). */
  signatures: z.array(SignatureSchema).default([]),
});
export type CaseData = z.infer<typeof CaseSchema>;
