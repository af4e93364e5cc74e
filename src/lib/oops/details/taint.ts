/**
 * Taint flags (Documentation/admin-guide/tainted-kernels.rst): the letters after `Tainted:` in an oops
 * header say what happened to this kernel before the crash. `W` (an earlier warning) and `D` (an
 * earlier oops) matter most: the report at hand may be a consequence, not the first failure.
 */

/** Letter → meaning, in bit order. `G` is the "clear" state of bit 0 (only GPL modules). */
export const TAINT_LETTERS: Record<string, string> = {
  P: 'proprietary module was loaded',
  G: 'only GPL-compatible modules were loaded',
  F: 'module was force loaded',
  S: 'kernel running on an out-of-specification system',
  R: 'module was force unloaded',
  M: 'processor reported a Machine Check Exception (MCE)',
  B: 'bad page referenced or unexpected page flags seen',
  U: 'taint requested by a userspace application',
  D: 'kernel died recently (an earlier OOPS or BUG)',
  A: 'ACPI table overridden by the user',
  W: 'kernel issued a warning earlier',
  C: 'staging driver was loaded',
  I: 'workaround for a platform firmware bug applied',
  O: 'externally-built (out-of-tree) module was loaded',
  E: 'unsigned module was loaded',
  L: 'soft lockup occurred earlier',
  K: 'kernel has been live patched',
  X: 'auxiliary taint (defined and used by distributions)',
  T: 'kernel was built with the struct randomization plugin',
  N: 'an in-kernel test has been run',
  J: 'userspace used a mutating debug operation (fwctl)',
};

/** Names printed by 6.x kernels in `Tainted: [W]=WARN, [O]=OOT_MODULE`. */
const TAINT_NAMES: Record<string, string> = {
  PROPRIETARY_MODULE: 'P',
  FORCED_MODULE: 'F',
  CPU_OUT_OF_SPEC: 'S',
  FORCED_RMMOD: 'R',
  MACHINE_CHECK: 'M',
  BAD_PAGE: 'B',
  USER: 'U',
  DIE: 'D',
  OVERRIDDEN_ACPI_TABLE: 'A',
  WARN: 'W',
  CRAP: 'C',
  FIRMWARE_WORKAROUND: 'I',
  OOT_MODULE: 'O',
  UNSIGNED_MODULE: 'E',
  SOFTLOCKUP: 'L',
  LIVEPATCH: 'K',
  AUX: 'X',
  RANDSTRUCT: 'T',
  TEST: 'N',
  FWCTL: 'J',
};

export interface Taint {
  raw: string;
  flags: { letter: string; meaning: string }[];
}

/** Decode `G        W  O` (letters with blanks) or `[W]=WARN, [O]=OOT_MODULE`. Unknown letters are kept. */
export function decodeTaint(raw: string): Taint {
  const flags: { letter: string; meaning: string }[] = [];
  const seen = new Set<string>();
  const add = (letter: string): void => {
    if (seen.has(letter)) return;
    seen.add(letter);
    flags.push({ letter, meaning: TAINT_LETTERS[letter] ?? 'unknown taint flag' });
  };
  const s = raw.length > 200 ? raw.slice(0, 200) : raw;
  if (s.includes('[')) {
    const re = /\[([A-Z])\](?:=([A-Z_]+))?/g;
    let m: RegExpExecArray | null;
    while ((m = re.exec(s)) !== null) {
      const byName = m[2] !== undefined ? TAINT_NAMES[m[2]] : undefined;
      add(byName ?? m[1] ?? '?');
    }
  } else {
    for (const c of s) if (c >= 'A' && c <= 'Z') add(c);
  }
  return { raw: s.trim(), flags };
}
