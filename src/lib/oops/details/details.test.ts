import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { normalize } from '../../text/normalize.ts';
import { decodeEsr } from './arm64-esr.ts';
import { decodeX86ErrorCode } from './x86-error-code.ts';
import { decodeTaint } from './taint.ts';
import { classifyAddress, registerFlags } from './fault-address.ts';
import { extractCrashDetails } from './extract.ts';

const evidence = (path: string): string =>
  readFileSync(fileURLToPath(new URL(`../../../../content/cases/${path}`, import.meta.url)), 'utf8');
const field = (fields: { name: string; value: string }[], name: string): string | undefined =>
  fields.find((f) => f.name === name)?.value;

describe('decodeEsr', () => {
  it('decodes the seed 001 data abort 0x96000005', () => {
    const d = decodeEsr('0x96000005');
    expect(d.value).toBe('0x96000005');
    expect(field(d.fields, 'EC')).toBe('0x25');
    expect(field(d.fields, 'IL')).toBe('1');
    expect(field(d.fields, 'WnR')).toBe('0');
    expect(field(d.fields, 'DFSC')).toBe('0x05');
    expect(d.summary).toMatch(/kernel.*level 1 translation fault.*read/);
  });
  it('accepts numbers, bigints and bare hex, and flags writes and permission faults', () => {
    expect(field(decodeEsr(0x9600004f).fields, 'WnR')).toBe('1');
    expect(decodeEsr(0x9600004fn).summary).toMatch(/level 3 permission fault.*write/);
    expect(decodeEsr('96000047').summary).toMatch(/level 3 translation fault.* on a write$/);
  });
  it('decodes instruction aborts from user space and BRK (BUG) traps', () => {
    expect(decodeEsr('0x82000007').summary).toMatch(/^Instruction abort in user space/);
    expect(decodeEsr('f2000800').summary).toMatch(/BUG\(\)/);
  });
  it('decodes cache-maintenance, S1PTW and FnV bits', () => {
    const d = decodeEsr(0x96000000 | (1 << 10) | (1 << 8) | (1 << 7) | 0x10);
    expect(field(d.fields, 'FnV')).toBe('1');
    expect(field(d.fields, 'CM')).toBe('1');
    expect(field(d.fields, 'S1PTW')).toBe('1');
    expect(d.summary).toMatch(/external abort.*cache maintenance/);
  });
  it('never throws on garbage', () => {
    expect(decodeEsr('zz').fields).toEqual([]);
    expect(decodeEsr(-0.5).fields).toEqual([]);
    expect(decodeEsr(Number.NaN).fields).toEqual([]);
    expect(decodeEsr('0x' + 'f'.repeat(40)).fields).toEqual([]);
  });
});

describe('decodeX86ErrorCode', () => {
  it('0x0002: supervisor write to a not-present page', () => {
    const d = decodeX86ErrorCode('0x0002');
    expect(d.summary).toBe('supervisor write access, not-present page');
    expect(field(d.fields, 'P')).toBe('0');
    expect(field(d.fields, 'W')).toBe('1');
  });
  it('0x0011: instruction fetch from a present page (NX violation)', () => {
    expect(decodeX86ErrorCode('0011').summary).toBe('supervisor instruction fetch access, protection violation');
  });
  it('0x0004 user read, 0x0008 reserved bit, 0x8000 SGX', () => {
    expect(decodeX86ErrorCode(4).summary).toBe('user read access, not-present page');
    expect(decodeX86ErrorCode(9).summary).toMatch(/reserved bit/);
    expect(field(decodeX86ErrorCode(0x8005).fields, 'SGX')).toBe('1');
  });
});

describe('decodeTaint', () => {
  it('reads the fixed-width letter field', () => {
    expect(decodeTaint('G        W  O').flags.map((f) => f.letter)).toEqual(['G', 'W', 'O']);
  });
  it('reads the 6.x [X]=NAME list', () => {
    const t = decodeTaint('[W]=WARN, [L]=SOFTLOCKUP');
    expect(t.flags.map((f) => f.letter)).toEqual(['W', 'L']);
    expect(t.flags[1]?.meaning).toMatch(/soft lockup/);
  });
});

describe('classifyAddress', () => {
  it('NULL + small offset names the field offset', () => {
    const a = classifyAddress('00000000000000d0', 'arm64');
    expect(a.class).toBe('null-offset');
    expect(a.meaning).toMatch(/offset 0xd0 \(208\)/);
  });
  it('list poison: exact values and a field past them', () => {
    expect(classifyAddress('dead000000000122', 'x86_64').meaning).toMatch(/^LIST_POISON2 —/);
    expect(classifyAddress('dead000000000108', 'x86_64')).toMatchObject({ class: 'poison' });
    expect(classifyAddress('dead000000000108', 'x86_64').meaning).toMatch(/^LIST_POISON1 \+ 0x8/);
  });
  it('slab poison bytes', () => {
    expect(classifyAddress('6b6b6b6b6b6b6b6b', 'x86_64').meaning).toMatch(/POISON_FREE.*use after free/);
    expect(classifyAddress('6b6b6b6b6b6b6b83', 'x86_64').meaning).toMatch(/POISON_FREE \+ 0x18/);
    expect(classifyAddress('5a5a5a5a5a5a5a5a', 'x86_64').meaning).toMatch(/never initialised/);
    expect(classifyAddress('cccccccccccccccc', 'x86_64').meaning).toMatch(/redzone/);
  });
  it('non-canonical addresses, with KASAN shadow of NULL recognised', () => {
    expect(classifyAddress('0xdffffc0000000003', 'x86_64').meaning).toMatch(/KASAN shadow of 0x18-0x1f/);
    expect(classifyAddress('0x1234567812345678', 'x86_64').class).toBe('non-canonical');
  });
  it('user and kernel addresses', () => {
    expect(classifyAddress('00007f8cebec7000', 'x86_64').class).toBe('user');
    expect(classifyAddress('ffff888012345678', 'x86_64').meaning).toMatch(/direct map/);
    expect(classifyAddress('ffffea0001000000', 'x86_64').meaning).toMatch(/struct page/);
  });
  it('register flags', () => {
    expect(registerFlags('0000000000000000', 'x86_64')).toEqual(['null']);
    expect(registerFlags('dead000000000100', 'x86_64')).toEqual(['poison:LIST_POISON1']);
    expect(registerFlags('00007ffd12345678', 'x86_64')).toEqual(['user']);
    expect(registerFlags('0000000000000024', 'x86_64')).toEqual([]);
  });
});

describe('extractCrashDetails', () => {
  it('seed 000 vmcore-dmesg (PDF-wrapped): task, workqueue, PC, CR2 meaning, code, modules', () => {
    const { lines } = normalize(evidence('oom-dump-dentry-null-deref/evidence/vmcore-dmesg.log'));
    const r = extractCrashDetails(lines, 0, lines.length);
    expect(r.arch).toBe('x86_64');
    expect(r.kernel).toBe('5.10.0-136.75.0.155.u112.fos23.x86_64');
    expect(r.details).toMatchObject({
      cpu: 2,
      pid: 56829,
      comm: 'kworker/2:3',
      context: 'workqueue',
      workqueue: 'events',
      workFunction: 'moom_callback',
    });
    expect(r.details.pc).toMatchObject({ func: 'do_show_dentry_tree', offset: 0x161, size: 0x355 });
    expect(r.details.faultAddress).toMatchObject({ value: '0x0000000000000050', class: 'null-offset' });
    expect(r.details.code).toContain('<4c> 03 60 50');
    expect(r.details.modules[0]).toBe('nft_fib_inet');
    expect(r.details.modules.at(-1)).toBe('dm_mod');
    expect(r.details.hardware).toMatch(/^QEMU Standard PC .* 04\/01\/2014$/);
    // The OCR'd CRO of the copy is read as CR0.
    expect(r.details.registers.find((x) => x.name === 'CR0')?.value).toBe('0000000080050033');
  });
  it('seed 001 arm64 oops: ESR, fault address, softirq context, taint, LR', () => {
    const { lines } = normalize(evidence('ext4-inode-double-free/evidence/oops.log'));
    const r = extractCrashDetails(lines, 0, lines.length);
    expect(r.arch).toBe('arm64');
    expect(r.kernel).toBe('4.19.0-arm64-desktop');
    expect(r.details).toMatchObject({ cpu: 6, pid: 29060, comm: 'Isolated Web Co', context: 'softirq' });
    expect(r.details.esr?.value).toBe('0x96000005');
    expect(r.details.faultAddress?.meaning).toMatch(/NULL \+ 0xd0/);
    expect(r.details.taint?.flags.map((f) => f.letter)).toEqual(['G', 'W', 'O']);
    expect(r.details.lr).toMatchObject({ func: 'ext4_i_callback', offset: 0x18 });
    expect(r.details.registers.find((x) => x.name === 'x0')?.flags).toEqual(['null']);
    expect(r.details.code).toBe('9a820000 f9400c00 eb0002bf 54fff980 (f9406801)');
  });
  it('seed 001 warning: kswapd is a kernel thread', () => {
    const { lines } = normalize(evidence('ext4-inode-double-free/evidence/warning.log'));
    expect(extractCrashDetails(lines, 0, lines.length).details.context).toBe('kthread');
  });
  it('LKML list corruption: list poison in registers, x86 error code absent for invalid opcode', () => {
    const { lines } = normalize(evidence('thp-deferred-split-corruption/evidence/lkml-oom01-list-del-corruption.log'));
    const r = extractCrashDetails(lines, 0, lines.length);
    const flags = Object.fromEntries(r.details.registers.map((x) => [x.name, x.flags.join(',')]));
    expect(flags['R12']).toBe('poison:LIST_POISON2');
    expect(flags['R13']).toBe('poison:LIST_POISON1');
    expect(r.details.errorCode).toBeUndefined();
    expect(r.details.pc?.func).toBe('__list_del_entry_valid.cold.0');
  });
  it('x86 page fault error code from the #PF line', () => {
    const text = [
      'BUG: kernel NULL pointer dereference, address: 0000000000000008',
      '#PF: supervisor write access in kernel mode',
      '#PF: error_code(0x0002) - not-present page',
      'PGD 0 P4D 0',
      'Oops: 0002 [#1] SMP PTI',
      'CPU: 3 PID: 4242 Comm: bash Tainted: G        W         5.15.0-91-generic #101-Ubuntu',
      'RIP: 0010:list_del+0x10/0x40 [foo]',
      'Call Trace:',
      ' <IRQ>',
      ' foo_irq+0x20/0x40 [foo]',
      ' __handle_irq_event_percpu+0x40/0x1a0',
      ' </IRQ>',
    ].join('\n');
    const { lines } = normalize(text);
    const r = extractCrashDetails(lines, 0, lines.length);
    expect(r.details.errorCode?.summary).toBe('supervisor write access, not-present page');
    expect(r.details.pc).toMatchObject({ func: 'list_del', module: 'foo' });
    expect(r.details.context).toBe('hardirq');
    expect(r.kernel).toBe('5.15.0-91-generic');
    expect(r.details.faultAddress?.meaning).toMatch(/NULL \+ 0x8/);
  });
  it('never throws and stays inside the range', () => {
    const { lines } = normalize('CPU: x\nRIP: \nESR = 0xzz\nCall Trace:\n?');
    expect(() => extractCrashDetails(lines, -5, 1000)).not.toThrow();
    expect(extractCrashDetails([], 0, 0).details.registers).toEqual([]);
  });
});
