/**
 * The crash detector on the five source investigations as pasted (Chinese notes with logs inside):
 * every oops the notes show is found with the title syzkaller's conventions give it, and the quoted
 * kernel source, crash sessions and screenshots-only seed produce no false crash.
 */
import { describe, expect, it } from 'vitest';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { normalize } from '../text/normalize.ts';
import { findCrashReports } from './find.ts';

const SEEDS = fileURLToPath(new URL('../../../../shared/seeds/', import.meta.url));

function crashes(prefix: string) {
  const file = readdirSync(SEEDS).find((f) => f.startsWith(prefix));
  if (!file) throw new Error(`seed ${prefix} missing`);
  return findCrashReports(normalize(readFileSync(SEEDS + file, 'utf8')).lines);
}

describe.skipIf(!existsSync(SEEDS))('seed investigations', () => {
  it('000: the vmcore-dmesg excerpt without its header line is the NULL dereference in do_show_dentry_tree', () => {
    const r = crashes('000_');
    expect(r).toHaveLength(1);
    expect(r[0]).toMatchObject({
      kind: 'oops',
      title: 'BUG: unable to handle kernel NULL pointer dereference in do_show_dentry_tree',
      frame: 'do_show_dentry_tree',
      corrupted: true,
      arch: 'x86_64',
    });
    expect(r[0]?.corruptedReason).toMatch(/header/);
    expect(r[0]?.crash.frames.map((f) => f.func)).toContain('moom_callback');
  });

  it('001: the kswapd WARNING and the arm64 oops in the RCU callback, one report each', () => {
    const r = crashes('001_');
    expect(r.map((x) => [x.kind, x.title, x.corrupted])).toEqual([
      ['warning', 'WARNING in dentry_free', false],
      ['oops', 'BUG: unable to handle kernel NULL pointer dereference in ext4_i_callback', false],
    ]);
    expect(r[1]?.arch).toBe('arm64');
    expect(r[1]?.crash.frames.slice(0, 2).map((f) => f.func)).toEqual(['kmem_cache_free', 'ext4_i_callback']);
  });

  it('002, 003, 004: no crash report (screenshots, an OOM report, quoted kernel source)', () => {
    expect(crashes('002_')).toEqual([]);
    expect(crashes('003_')).toEqual([]);
    expect(crashes('004_')).toEqual([]);
  });
});
