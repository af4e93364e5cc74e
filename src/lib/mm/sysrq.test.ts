import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeSysrq, diagnoseSysrqKey, parseSysrqValue, SYSRQ_COMMANDS, sysrqAllows, sysrqValueFor } from './sysrq.ts';

describe('sysrq bitmask', () => {
  it('parses decimal and 0x hex like the sysctl', () => {
    expect(parseSysrqValue('176')).toEqual({ ok: true, value: 176 });
    expect(parseSysrqValue(' 0x1b6 ')).toEqual({ ok: true, value: 0x1b6 });
    expect(parseSysrqValue('-1').ok).toBe(false);
    expect(parseSysrqValue('f').ok).toBe(false);
  });

  it('decodes 176 (Debian/Ubuntu default: sync, remount, reboot)', () => {
    const d = decodeSysrq(176);
    expect(d.bits.filter((b) => b.set).map((b) => b.bit.constant)).toEqual([
      'SYSRQ_ENABLE_SYNC',
      'SYSRQ_ENABLE_REMOUNT',
      'SYSRQ_ENABLE_BOOT',
    ]);
    const on = d.commands.filter((c) => c.keyboard).map((c) => c.command.key);
    expect(on).toEqual(['b', 'h', 'o', 's', 'u']);
  });

  it('treats 1 as everything but 3 as log level only (bit 0 is not a function bit)', () => {
    expect(decodeSysrq(1).commands.every((c) => c.keyboard)).toBe(true);
    expect(
      decodeSysrq(3)
        .commands.filter((c) => c.keyboard)
        .map((c) => c.command.key),
    ).toEqual(['h', '0-9']);
    expect(decodeSysrq(3).unknownBits).toBe(1);
    expect(decodeSysrq(0).commands.some((c) => c.keyboard)).toBe(false);
  });

  it('enables f (case 000 oom.sh) with 0x40, and d/q only with 1', () => {
    expect(sysrqAllows(0x40, 0x40)).toBe(true);
    expect(sysrqValueFor(['f'])).toEqual({ value: 0x40, needsAll: false, unknown: [] });
    expect(sysrqValueFor(['s', 'u', 'b'])).toEqual({ value: 0xb0, needsAll: false, unknown: [] });
    expect(sysrqValueFor(['m', 'q'])).toMatchObject({ value: 1, needsAll: true });
    expect(sysrqValueFor(['7', 'ё'])).toEqual({ value: 2, needsAll: false, unknown: ['ё'] });
  });

  it('has every command letter of sysrq.rst, in Latin', () => {
    const keys = new Set(SYSRQ_COMMANDS.map((c) => c.key));
    for (const k of 'bcdefghijklmnopqrstuvwxyz') expect(keys.has(k), k).toBe(true);
    expect(keys.has('0-9')).toBe(true);
    for (const c of SYSRQ_COMMANDS) expect(c.key).toMatch(/^([a-zA-Z]|0-9)$/);
  });
});

describe("seed 000's sysrq table", () => {
  // The table in the seed: "<key>\t<function>" lines between "命令\t功能" and the dentry section.
  const seed = readFileSync(new URL('../../../../shared/seeds/000_31f985cc44eb4514.txt', import.meta.url), 'utf8');
  const start = seed.indexOf('命令\t功能');
  const rows = seed
    .slice(start)
    .split('\n')
    .slice(1)
    .filter((l) => l.includes('\t'))
    .map((l) => l.split('\t')[0]!.trim());
  // Its rows are in alphabetical order of the intended commands (h missing), then 0-9.
  const intended = 'bcdefgijklmnopqrstuvwxyz'.split('');

  it('has 24 letter rows plus 0-9', () => {
    expect(rows.length).toBe(25);
  });

  it('gets eleven keys wrong, each named', () => {
    const wrong = rows.slice(0, 24).flatMap((k, i) => {
      const d = diagnoseSysrqKey(k, intended[i]);
      return d.status === 'ok' ? [] : [`${k}→${'latin' in d ? d.latin : '?'} (${d.status})`];
    });
    expect(wrong).toEqual([
      'С→c (cyrillic)',
      'е→e (cyrillic)',
      'I→l (wrong-case)',
      '0→o (digit-for-letter)',
      'р→p (cyrillic)',
      'S→s (wrong-case)',
      'V→v (wrong-case)',
      'W→w (wrong-case)',
      'X→x (wrong-case)',
      'у→y (cyrillic)',
      'Z→z (wrong-case)',
    ]);
  });
});
