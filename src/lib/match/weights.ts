/**
 * Named weights of the case matcher. The rationale is in README.md next to this file;
 * in short: a signature's score is the share of its declared evidence found in the paste,
 * each piece weighted by how specific it is, and `strong` needs the signature's anchor.
 */

/* ---- crash (oops) signatures ---- */
/** The guilty frame of the report is the case's frame: the most specific single fact. */
export const GUILTY_FRAME = 0.4;
/** The case's frame is somewhere in the trace but not guilty: same call chain, different failure. */
export const FRAME_IN_TRACE = 0.15;
/** The report title matches the case's title pattern (failure class + function). */
export const TITLE_PATTERN = 0.2;
/** Supporting frames of the case's call chain; scaled by the share of them found. */
export const SUPPORTING_FRAMES = 0.2;
/** Fault address is NULL plus exactly the case's offset (the struct field that was dereferenced). */
export const NULL_OFFSET = 0.2;
/** A NULL-plus-small-offset fault, but at a different offset: a weak hint. */
export const NULL_OFFSET_OTHER = 0.04;
/** A poison value of the case (list poison, slab poison) in a register, the fault address or the report. */
export const POISON_VALUE = 0.2;
/** The report kind is one the case lists (oops, warning…): says little on its own. */
export const REPORT_KIND = 0.05;
/** The architecture is one the case was seen on: says little on its own. */
export const ARCH = 0.05;

/* ---- OOM signatures ---- */
/** An OOM report is present at all. */
export const OOM_REPORT = 0.6;
/** The OOM's constraint/scope (global, memcg, sysrq…) is one the case lists. */
export const OOM_SCOPE = 0.2;
/** Frames the case expects in the OOM's own call trace; scaled by the share found. */
export const OOM_FRAMES = 0.2;

/* ---- slab signatures ---- */
/** The named cache appears in a slabtop / slabinfo snapshot. */
export const SLAB_CACHE_PRESENT = 0.3;
/** The named cache ranks within the case's top N by memory. */
export const SLAB_CACHE_TOP = 0.7;
/** The named cache has slub_debug TRACE lines. */
export const SLAB_TRACE_CACHE = 0.5;
/** …with more allocations than frees (the leak shape). */
export const SLAB_TRACE_OUTSTANDING = 0.3;
/** Functions the case expects in the TRACE allocation stacks; scaled by the share found. */
export const SLAB_TRACE_FRAMES = 0.2;

/* ---- symptom lines ---- */
/** A characteristic line of the case was found (all-or-nothing per pattern). */
export const SYMPTOM_LINE = 1;

/* ---- combining signatures into a case score ---- */
/** Share of the case score given by its best signature. */
export const BEST_SIGNATURE_SHARE = 0.85;
/** Bonus for each further signature of the case with some evidence (corroboration)… */
export const CORROBORATION = 0.05;
/** …up to this much in total. */
export const CORROBORATION_CAP = 0.15;

/* ---- thresholds ---- */
/** A signature is strong when its anchor is present and this share of its weight was found. */
export const STRONG_COVERAGE = 0.75;
/** Below this share a signature is not evidence at all; at or above it (without strength) it is `possible`. */
export const POSSIBLE_COVERAGE = 0.15;

/** Longest text a pattern from case.yaml is run against (keeps every regex linear in practice). */
export const MAX_MATCH_LINE = 512;
/** Most symptom-pattern hits cited per signature (reasons stay readable). */
export const MAX_SYMPTOM_CITES = 1;
