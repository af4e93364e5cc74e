import { describe, expect, it } from 'vitest';
import { parseCallTrace, parseFrameLine, parseStackMarker } from './frames.ts';
import type { LogLine } from '../text/types.ts';

describe('parseFrameLine', () => {
  const cases: [string, Record<string, unknown> | null][] = [
    [
      ' ? percpu_up_read.constprop.38+0xae/0xae',
      { func: 'percpu_up_read.constprop.38', offset: 0xae, size: 0xae, reliable: false },
    ],
    [' dump_stack+0x194/0x257', { func: 'dump_stack', offset: 0x194, size: 0x257, reliable: true }],
    [
      ' __dump_stack lib/dump_stack.c:77 [inline]',
      { func: '__dump_stack', source: 'lib/dump_stack.c:77', inlined: true },
    ],
    [' dump_stack+0x194/0x257 lib/dump_stack.c:113', { func: 'dump_stack', source: 'lib/dump_stack.c:113' }],
    [' ext4_i_callback+0x18/0x20 [ext4]', { func: 'ext4_i_callback', module: 'ext4' }],
    [' nf_hook+0x1c/0x90 [nf_tables 0123abcdef]', { func: 'nf_hook', module: 'nf_tables' }],
    [' [<ffffffff8123abcd>] ? kthread+0x1c/0x90', { func: 'kthread', reliable: false }],
    ['[<c0110a04>] (unwind_backtrace) from [<c0110b00>] (show_stack+0x10/0x14)', { func: 'unwind_backtrace' }],
    [' dump_backtrace from show_stack+0x20/0x24', { func: 'dump_backtrace' }],
    [
      '[c0000000fe3bfa30] [c0000000004e7e64] __rela_dyn_start+0x54/0x1a0 (unreliable)',
      { func: '__rela_dyn_start', reliable: false },
    ],
    ['#5 [ff6a361b00863d28] do_show_dentry_tree at fffffffb6272b6a', { func: 'do_show_dentry_tree' }],
    [' #9 [ffff8003ffec1670] ext4_i_callback at ffff0000083837fc [ext4]', { func: 'ext4_i_callback', module: 'ext4' }],
    ['slab_equal_or_root 于 mm/slab.h:229', { func: 'slab_equal_or_root', source: 'mm/slab.h:229' }],
    ['(已内连入)cache_from_obj 于 mm/slab.h:375', { func: 'cache_from_obj', source: 'mm/slab.h:375' }],
    ['(inlined by) kmem_cache_free at mm/slub.c:2966', { func: 'kmem_cache_free', source: 'mm/slub.c:2966' }],
    [' <IRQ>  [<ffffffff81080000>] ? irq_exit+0x1/0x2', { func: 'irq_exit', reliable: false }],
    ['RIP: 0010:kvm_arch_vcpu_ioctl_run+0x1f7/0x5a00', null],
    ['Kernel panic - not syncing: panic_on_warn set ...', null],
    ['WARNING: CPU: 1 PID: 8377 at arch/x86/kvm/x86.c:7209 kvm_arch_vcpu_ioctl_run+0x1f7/0x5a00', null],
    ['Modules linked in: ext4 mbcache jbd2', null],
  ];
  for (const [text, want] of cases) {
    it(JSON.stringify(text), () => {
      const f = parseFrameLine(text, 7);
      if (want === null) expect(f).toBeNull();
      else expect(f).toMatchObject({ line: 7, ...want });
    });
  }
  it('never throws on garbage and caps long lines', () => {
    expect(parseFrameLine('x'.repeat(100_000) + '+0x1/0x2', 1)).toBeNull();
    expect(parseFrameLine('', 1)).toBeNull();
  });
});

describe('parseStackMarker', () => {
  it('recognises stack boundaries', () => {
    expect(parseStackMarker('<IRQ>')).toMatchObject({ stack: 'IRQ', end: false });
    expect(parseStackMarker(' </IRQ>')).toMatchObject({ stack: 'IRQ', end: true });
    expect(parseStackMarker('<EOI>')).toMatchObject({ stack: 'IRQ', end: true });
    expect(parseStackMarker('<NMI>')).toMatchObject({ stack: 'NMI', end: false });
    expect(parseStackMarker('<#DF>')).toMatchObject({ stack: 'exception', end: false });
    expect(parseStackMarker('<TASK>')).toMatchObject({ stack: 'TASK', end: false });
    expect(parseStackMarker('dump_stack+0x1/0x2')).toBeNull();
  });
});

describe('parseCallTrace', () => {
  const mk = (texts: string[]): LogLine[] => texts.map((text, i) => ({ no: i + 1, text, indent: 0 }));
  it('tracks IRQ sections and stops after the trace', () => {
    const frames = parseCallTrace(
      mk([
        'Call Trace:',
        '<IRQ>',
        'dump_stack+0x1/0x2',
        '? foo+0x1/0x2',
        '</IRQ>',
        '<TASK>',
        'bar+0x1/0x2',
        '</TASK>',
        'Modules linked in: x',
        'baz+0x1/0x2',
      ]),
      0,
    );
    expect(frames.map((f) => [f.func, f.stack ?? null, f.reliable])).toEqual([
      ['dump_stack', 'IRQ', true],
      ['foo', 'IRQ', false],
      ['bar', 'task', true],
    ]);
  });
  it('marks faddr2line frames inlined into the next one', () => {
    const frames = parseCallTrace(
      mk([
        'slab_equal_or_root 于 mm/slab.h:229',
        '(已内连入)cache_from_obj 于 mm/slab.h:375',
        '(已内连入)kmem_cache_free 于 mm/slub.c:2966',
      ]),
      0,
    );
    expect(frames.map((f) => [f.func, f.inlined ?? false])).toEqual([
      ['slab_equal_or_root', true],
      ['cache_from_obj', true],
      ['kmem_cache_free', false],
    ]);
  });
});
