/**
 * Kernel release strings ("5.10.0-60.18.0.50.oe2203.x86_64", "4.19.0-arm64-desktop", "v6.1")
 * reduced to the major.minor the calculators branch on. Vendor suffixes never matter here:
 * every formula in src/lib/mm changed at an upstream release.
 */
export interface KernelVersion {
  major: number;
  minor: number;
}

const MAX_VERSION_TEXT = 200;
const VERSION_RE = /(\d{1,2})\.(\d{1,3})/;

/** Parse the first `major.minor` in the text; null when there is none. Never throws. */
export function parseKernelVersion(text: string | null | undefined): KernelVersion | null {
  if (typeof text !== 'string') return null;
  const m = VERSION_RE.exec(text.slice(0, MAX_VERSION_TEXT));
  if (!m) return null;
  const major = Number(m[1]);
  const minor = Number(m[2]);
  if (!Number.isFinite(major) || !Number.isFinite(minor) || major < 2) return null;
  return { major, minor };
}

/** True when `v` is at or after `major.minor`. */
export function atLeast(v: KernelVersion, major: number, minor: number): boolean {
  return v.major > major || (v.major === major && v.minor >= minor);
}

/** The version the calculators assume when none is given: the kernel of cases 000 and 003. */
export const DEFAULT_KERNEL: KernelVersion = { major: 5, minor: 10 };
