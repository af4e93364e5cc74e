/**
 * Title normalisation and the frame/family rules, following syzkaller's pkg/report conventions
 * (see ../shared/corpus/README.md, "How titles are formed" and "Frame rule and family rule").
 *
 * Titles are used to deduplicate crashes across machines and runs, so everything that varies between
 * two occurrences of the same bug (PIDs, addresses, line numbers, CPU numbers) is replaced by a token.
 */

/** syzkaller cuts titles to this many bytes (after the replacements below). */
export const MAX_TITLE_BYTES = 120;

/**
 * The replacement table, applied in order. Each row says what varies and why it must not split a bug in two.
 */
const TITLE_REPLACEMENTS: readonly (readonly [RegExp, string])[] = [
  // The fuzzer's process names carry its instance number and the PID: `syz-executor123/4567`.
  [/syz-executor[0-9]+(?:(?:\/|:)[0-9]+)?/g, 'syz-executor'],
  // Host names of the fuzzing VMs: `syzkaller123`.
  [/syzkaller[0-9]+/g, 'syzkaller'],
  // Kernel addresses and other long hex values (after a non-alphanumeric so that identifiers keep their hex-looking tails).
  [/([^a-zA-Z0-9]|^)(?:0x)?[0-9a-f]{6,}/g, '$1ADDR'],
  // IPv4 addresses in network warnings.
  [/([^0-9]|^)[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}(?![0-9])/g, '$1IP'],
  // Source line numbers change with every patch: `fs/dcache.c:338` → `fs/dcache.c:LINE`.
  [/(\.[a-zA-Z]{1,3}):[0-9]+/g, '$1:LINE'],
  // `func+0x1c/0x90` → `func`: offsets change with every build.
  [/([a-zA-Z0-9_.$]+)\+0x[0-9a-f]+\/0x[0-9a-f]+/g, '$1'],
  // `CPU#3` in lockup titles.
  [/CPU#[0-9]+/g, 'CPU'],
  // Remaining standalone decimal numbers (PIDs, counts, sizes).
  [/(^|[^a-zA-Z0-9_])[0-9]+(?=$|[^a-zA-Z0-9_])/g, '$1NUM'],
  // Long digit runs glued to words (temporary directory names, inode numbers).
  [/[0-9]{7,}/g, 'NUM'],
];

/** Apply the replacement table, cut to 120 bytes, drop control and non-ASCII bytes, collapse spaces. */
export function normalizeTitle(raw: string): string {
  let t = raw.length > 1024 ? raw.slice(0, 1024) : raw;
  for (const [re, rep] of TITLE_REPLACEMENTS) t = t.replace(re, rep);
  // The cut counts bytes of the UTF-8 text; the non-ASCII bytes are dropped after it, as syzkaller does.
  t = cutUtf8(t, MAX_TITLE_BYTES);
  t = t.replace(/\t/g, ' ');
  t = t.replace(/[^\x20-\x7e]/g, '');
  t = t.replace(/ {2,}/g, ' ');
  return t.trim();
}

function cutUtf8(s: string, max: number): string {
  let bytes = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const n = c < 0x80 ? 1 : c < 0x800 ? 2 : c >= 0xd800 && c <= 0xdbff ? 4 : 3;
    if (bytes + n > max) return s.slice(0, i);
    bytes += n;
    if (n === 4) i++;
  }
  return s;
}

/** The frame rule: identifier after the last ` in ` that is followed by one. */
const FRAME_OF_TITLE_RE = /^.* in ((?:<[a-zA-Z0-9_: ]+>)?[a-zA-Z0-9_:]+)/s;

export function frameOfTitle(title: string | null): string | null {
  if (title === null) return null;
  const m = FRAME_OF_TITLE_RE.exec(title);
  return m ? (m[1] ?? null) : null;
}

/** The family rule: the title with its frame, and everything after it, replaced by `FUNC`. */
export function familyOfTitle(title: string | null): string | null {
  if (title === null) return null;
  const m = FRAME_OF_TITLE_RE.exec(title);
  if (!m || m[1] === undefined) return title;
  return m[0].slice(0, m[0].length - m[1].length) + 'FUNC';
}
