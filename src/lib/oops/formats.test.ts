/**
 * Every row of the oops table, exercised on a small realistic report: the header is found, the right
 * format wins, and the frame rule walks past the generic plumbing. A row without a case here fails the
 * coverage test at the bottom, so new rows come with an example.
 */
import { describe, expect, it } from 'vitest';
import { normalize } from '../text/normalize.ts';
import { findCrashReports, MAX_REPORTS } from './find.ts';
import { OOPS_ROWS } from './formats.ts';

function first(log: string) {
  return findCrashReports(normalize(log).lines)[0];
}

const TRACE = [
  'Call Trace:',
  ' dump_stack+0x194/0x257',
  ' guilty_func+0x1c/0x90',
  ' vfs_write+0x10/0x20',
  ' do_syscall_64+0x3d/0xb0',
  ' entry_SYSCALL_64_after_hwframe+0x44/0xae',
];

/** [row header, log, expected title, expected corrupted] */
const CASES: [string, string[], string, boolean][] = [
  [
    'BUG:',
    [
      'BUG: KASAN: use-after-free in guilty_func+0x1c/0x90',
      'Read of size 8 at addr ffff88801c2d4a10 by task syz/123',
      ...TRACE,
    ],
    'KASAN: use-after-free Read in guilty_func',
    false,
  ],
  [
    'BUG:',
    ['BUG: KASAN: double-free or invalid-free in kfree+0x10/0x20', ...TRACE],
    'KASAN: invalid-free in guilty_func',
    false,
  ],
  [
    'BUG:',
    ['BUG: KASAN: slab-out-of-bounds in guilty_func+0x1c/0x90'],
    'KASAN: slab-out-of-bounds in guilty_func',
    true,
  ],
  [
    'BUG:',
    [
      'BUG: KMSAN: uninit-value in guilty_func+0x1c/0x90',
      ' guilty_func+0x1c/0x90',
      ' vfs_write+0x10/0x20',
      '',
      'Uninit was created by:',
      ' kmalloc+0x1/0x2',
    ],
    'KMSAN: uninit-value in guilty_func',
    false,
  ],
  [
    'BUG:',
    [
      'BUG: KCSAN: data-race in func_a / func_b',
      '',
      'write to 0xffff8880b588efb2 of 2 bytes by task 1 on cpu 0:',
      ' func_a+0x196/0x910',
      '',
      'read to 0xffff8880b588efb2 of 2 bytes by task 2 on cpu 1:',
      ' func_b+0x196/0x910',
    ],
    'KCSAN: data-race in func_a / func_b',
    false,
  ],
  [
    'BUG:',
    [
      'BUG: KFENCE: use-after-free read in guilty_func+0x1c/0x90',
      '',
      'Use-after-free read at 0xffff8c3f2e291fcc (in kfence-#72):',
      ' guilty_func+0x1c/0x90',
      ' vfs_write+0x10/0x20',
      ' ksys_write+0x1/0x2',
      ' do_syscall_64+0x1/0x2',
    ],
    'KFENCE: use-after-free read in guilty_func',
    false,
  ],
  [
    'BUG:',
    [
      'BUG: unable to handle kernel NULL pointer dereference at 0000000000000050',
      'RIP: 0010:guilty_func+0x161/0x355',
      ...TRACE,
    ],
    'BUG: unable to handle kernel NULL pointer dereference in guilty_func',
    false,
  ],
  [
    'BUG:',
    ['BUG: unable to handle page fault for address: ffffc90000e26000', 'RIP: 0010:guilty_func+0x161/0x355', ...TRACE],
    'BUG: unable to handle kernel paging request in guilty_func',
    false,
  ],
  [
    'BUG:',
    [
      'watchdog: BUG: soft lockup - CPU#1 stuck for 22s! [syz-executor:123]',
      'RIP: 0010:looping_func+0x1/0x2',
      ...TRACE,
    ],
    'BUG: soft lockup in guilty_func',
    false,
  ],
  [
    'BUG:',
    ['BUG: sleeping function called from invalid context at mm/slab.h:421', ...TRACE],
    'BUG: sleeping function called from invalid context in guilty_func',
    false,
  ],
  [
    'BUG:',
    ['BUG: scheduling while atomic: syz/123/0x00000002', ...TRACE],
    'BUG: scheduling while atomic in guilty_func',
    false,
  ],
  ['BUG:', ['BUG: spinlock bad magic on CPU#0, syz/123', ...TRACE], 'BUG: spinlock bad magic in guilty_func', false],
  ['BUG:', ['BUG: Bad page state in process syz  pfn:1b2c3', ...TRACE], 'BUG: Bad page state in guilty_func', false],
  [
    'BUG:',
    ['BUG: workqueue lockup - pool cpus=0 node=0 flags=0x0 nice=0 stuck for 30s!'],
    'BUG: workqueue lockup',
    false,
  ],
  [
    'BUG:',
    [
      'BUG: memory leak',
      'unreferenced object 0xffff888112b5f800 (size 64):',
      '  backtrace:',
      '    [<ffffffff81234567>] kmalloc_trace+0x26/0x60',
      '    [<ffffffff81234568>] guilty_func+0x1c/0x90',
      '    [<ffffffff81234569>] vfs_write+0x1/0x2',
      '    [<ffffffff8123456a>] do_syscall_64+0x1/0x2',
    ],
    'memory leak in guilty_func',
    false,
  ],
  [
    'BUG:',
    [
      'BUG: stack guard page was hit at ffffc90000e27ff8 (stack is ffffc90000e28000..ffffc90000e2ffff)',
      'RIP: 0010:guilty_func+0x1/0x2',
      ...TRACE,
    ],
    'BUG: stack guard page was hit in guilty_func',
    false,
  ],
  [
    'BUG:',
    ['BUG: using smp_processor_id() in preemptible [00000000] code: syz/123', ...TRACE],
    'BUG: using smp_processor_id() in preemptible code in guilty_func',
    false,
  ],
  [
    'BUG:',
    ['BUG: Dentry ffff888119d8a000{i=0,n=.index}  still in use (1) [unmount of ramfs ramfs]'],
    'BUG: Dentry still in use in unmount',
    false,
  ],
  [
    'WARNING:',
    ['WARNING: CPU: 1 PID: 8377 at fs/dcache.c:338 dentry_free+0x24/0xa8', 'RIP: 0010:dentry_free+0x24/0xa8', ...TRACE],
    'WARNING in dentry_free',
    false,
  ],
  [
    'WARNING:',
    ['WARNING: CPU: 1 PID: 1 at lib/refcount.c:25 refcount_warn_saturate+0x1/0x2', ...TRACE],
    'WARNING: refcount bug in guilty_func',
    false,
  ],
  [
    'WARNING:',
    ['WARNING: CPU: 0 PID: 1 at lib/debugobjects.c:505 debug_print_object+0x1/0x2', ...TRACE],
    'WARNING: ODEBUG bug in guilty_func',
    false,
  ],
  [
    'WARNING:',
    [
      'WARNING: possible circular locking dependency detected',
      'syz/1 is trying to acquire lock:',
      ' (&mm->mmap_lock){++++}, at: guilty_func+0x1/0x2',
      '',
      'but task is already holding lock:',
      ' (&sb->s_type->i_mutex_key#10){+.+.}, at: other_func+0x1/0x2',
      ...TRACE,
    ],
    'possible deadlock in guilty_func',
    false,
  ],
  [
    'WARNING:',
    ['WARNING: suspicious RCU usage', 'include/linux/rcupdate.h:1 suspicious rcu_dereference_check() usage!', ...TRACE],
    'WARNING: suspicious RCU usage in guilty_func',
    false,
  ],
  [
    'WARNING:',
    ["WARNING: ath10k USB support is incomplete, don't expect anything to work!"],
    "WARNING: ath10k USB support is incomplete, don't expect anything to work!",
    false,
  ],
  [
    'INFO:',
    [
      'INFO: task syz:123 blocked for more than 143 seconds.',
      'Call Trace:',
      ' __schedule+0x1/0x2',
      ' schedule+0x1/0x2',
      ' mutex_lock_nested+0x1/0x2',
      ' guilty_func+0x1c/0x90',
      ' do_syscall_64+0x1/0x2',
    ],
    'INFO: task hung in guilty_func',
    false,
  ],
  [
    'INFO:',
    [
      'rcu: INFO: rcu_preempt detected stalls on CPUs/tasks:',
      ' apic_timer_interrupt+0x8e/0xa0',
      'RIP: 0010:looping_func+0x1/0x2',
      ' guilty_func+0x1c/0x90',
      ' vfs_write+0x1/0x2',
      ' do_syscall_64+0x1/0x2',
    ],
    'INFO: rcu detected stall in guilty_func',
    false,
  ],
  [
    'INFO:',
    ['INFO: trying to register non-static key.', ...TRACE],
    'INFO: trying to register non-static key in guilty_func',
    false,
  ],
  [
    'Unable to handle kernel',
    [
      'Unable to handle kernel NULL pointer dereference at virtual address 00000000000000d0',
      'Internal error: Oops: 96000005 [#1] SMP',
      'pc : kmem_cache_free+0xfc/0x1c8',
      'Call trace:',
      ' kmem_cache_free+0xfc/0x1c8',
      ' guilty_func+0x18/0x20',
      ' rcu_core+0x1/0x2',
      ' __do_softirq+0x1/0x2',
    ],
    'BUG: unable to handle kernel NULL pointer dereference in guilty_func',
    false,
  ],
  [
    'general protection fault',
    [
      'general protection fault, probably for non-canonical address 0xdffffc0000000001: 0000 [#1] PREEMPT SMP KASAN',
      'RIP: 0010:guilty_func+0x1/0x2',
      ...TRACE,
    ],
    'general protection fault in guilty_func',
    false,
  ],
  [
    'stack segment: ',
    ['stack segment: 0000 [#1] PREEMPT SMP KASAN', 'RIP: 0010:guilty_func+0x1/0x2', ...TRACE],
    'stack segment fault in guilty_func',
    false,
  ],
  [
    'Kernel panic',
    ['Kernel panic - not syncing: VFS: Unable to mount root fs on unknown-block(0,0)'],
    'kernel panic: VFS: Unable to mount root fs on unknown-block(NUM,NUM)',
    false,
  ],
  [
    'Kernel panic',
    ['Kernel panic - not syncing: stack-protector: Kernel stack is corrupted in: guilty_func+0x1/0x2', ...TRACE],
    'kernel panic: stack is corrupted in guilty_func',
    false,
  ],
  [
    'PANIC: double fault',
    ['PANIC: double fault, error_code: 0x0', 'RIP: 0010:guilty_func+0x1/0x2'],
    'PANIC: double fault in guilty_func',
    true,
  ],
  [
    'kernel BUG',
    ['kernel BUG at fs/ext4/inode.c:123!', 'invalid opcode: 0000 [#1] SMP', 'RIP: 0010:guilty_func+0x1/0x2', ...TRACE],
    'kernel BUG in guilty_func',
    false,
  ],
  [
    ' corruption',
    [
      'list_del corruption, ffffea00251c8098->next is LIST_POISON1 (dead000000000100)',
      '------------[ cut here ]------------',
      'kernel BUG at lib/list_debug.c:47!',
      'invalid opcode: 0000 [#1] SMP',
      'RIP: 0010:__list_del_entry_valid+0xd6/0xf0',
      'Call Trace:',
      ' guilty_func+0x1c/0x90',
      ' do_shrink_slab+0x1/0x2',
      ' shrink_slab+0x1/0x2',
      ' kswapd+0x1/0x2',
    ],
    'BUG: corrupted list in guilty_func',
    false,
  ],
  [
    'Kernel BUG',
    ['Kernel BUG at ffffffff81234567 [verbose debug info unavailable]'],
    'kernel BUG at ADDR [verbose debug info unavailable]',
    false,
  ],
  ['BUG kmalloc-', ['BUG kmalloc-64 (Not tainted): Object already free'], 'BUG: Object already free', true],
  [
    'BUG ',
    [
      '=============================================================================',
      'BUG dentry (Tainted: G    B            ): Poison overwritten',
      '-----------------------------------------------------------------------------',
      'INFO: 0xffff8881234567a8-0xffff8881234567a8 @offset=168. First byte 0x6a instead of 0x6b',
    ],
    'BUG: Poison overwritten',
    false,
  ],
  [
    'unreferenced object 0x',
    [
      'unreferenced object 0xffff888112b5f800 (size 64):',
      '  comm "syz", pid 123, jiffies 4294967296',
      '  backtrace:',
      '    [<ffffffff81234567>] kmem_cache_alloc_trace+0x26/0x60',
      '    [<ffffffff81234568>] guilty_func+0x1c/0x90',
      '    [<ffffffff81234569>] vfs_write+0x1/0x2',
      '    [<ffffffff8123456a>] do_syscall_64+0x1/0x2',
    ],
    'memory leak in guilty_func',
    false,
  ],
  [
    'detected hard LOCKUP',
    ['NMI watchdog: Watchdog detected hard LOCKUP on cpu 1', 'RIP: 0010:looping_func+0x1/0x2', ...TRACE],
    'BUG: hard lockup in guilty_func',
    false,
  ],
  [
    'divide error:',
    ['divide error: 0000 [#1] SMP', 'RIP: 0010:guilty_func+0x1/0x2', ...TRACE],
    'divide error in guilty_func',
    false,
  ],
  [
    'divide_error:',
    ['divide_error: 0000 [#1] PREEMPT SMP KASAN', 'RIP: 0010:guilty_func+0x1/0x2', ...TRACE],
    'divide error in guilty_func',
    false,
  ],
  [
    'invalid opcode:',
    ['invalid opcode: 0000 [#1] SMP', 'RIP: 0010:guilty_func+0x1/0x2', ...TRACE],
    'invalid opcode in guilty_func',
    false,
  ],
  [
    'UBSAN:',
    ['UBSAN: array-index-out-of-bounds in net/core/x.c:12:3', 'index 5 is out of range for type', ...TRACE],
    'UBSAN: array-index-out-of-bounds in guilty_func',
    false,
  ],
  ['Booting the kernel', ['Booting the kernel.'], 'unexpected kernel reboot', false],
  [
    'unregister_netdevice: waiting for',
    ['unregister_netdevice: waiting for lo to become free. Usage count = 2'],
    'unregister_netdevice: waiting for DEV to become free',
    false,
  ],
  [
    'trusty: panic',
    [
      'trusty: panic (caller 0xffffffffe0e1c8f4): DEBUG ASSERT FAILED at (trusty/lib/x.h:57): list_in_list(&ref->ref_node)',
    ],
    'trusty: ASSERT FAILED: list_in_list(&ref->ref_node)',
    false,
  ],
  [
    'trusty: ASSERT FAILED',
    ['trusty: ASSERT FAILED list_in_list(&x)'],
    'trusty: ASSERT FAILED list_in_list(&x)',
    false,
  ],
  [
    'Internal error:',
    [
      'Internal error: Oops - BUG: 0 [#1] PREEMPT SMP',
      'pc : guilty_func+0x1/0x2',
      'Call trace:',
      ' guilty_func+0x1/0x2',
      ' other_func+0x1/0x2',
      ' el0_svc+0x1/0x2',
    ],
    'Internal error in guilty_func',
    false,
  ],
  [
    'Unhandled fault:',
    [
      'Unhandled fault: imprecise external abort (0x1406) at 0x00000000',
      'PC is at guilty_func+0x1/0x2',
      'Backtrace:',
      '[<c0110a04>] (guilty_func) from [<c0110b00>] (other_func+0x10/0x14)',
      '[<c0110b00>] (other_func) from [<c0110c00>] (third_func+0x10/0x14)',
      '[<c0110c00>] (third_func) from [<c0100080>] (ret_fast_syscall+0x0/0x54)',
    ],
    'Unhandled fault in guilty_func',
    false,
  ],
  [
    'Alignment trap:',
    [
      'Alignment trap: not handling instruction e1953f9f at [<c0101234>]',
      'PC is at guilty_func+0x1/0x2',
      'Backtrace:',
      '[<c0110a04>] (guilty_func) from [<c0110b00>] (other_func+0x10/0x14)',
      '[<c0110b00>] (other_func) from [<c0110c00>] (third_func+0x10/0x14)',
      '[<c0110c00>] (third_func) from [<c0100080>] (ret_fast_syscall+0x0/0x54)',
    ],
    'Alignment trap in guilty_func',
    false,
  ],
  ['int3:', ['int3: 0000 [#1] SMP', 'RIP: 0010:guilty_func+0x1/0x2', ...TRACE], 'int3 in guilty_func', false],
  [
    'VFS: Close: file count is ',
    ['VFS: Close: file count is 0'],
    'VFS: Close: file count is zero (use-after-free)',
    false,
  ],
  [
    'with overflow',
    ['rust_kernel: panicked at drivers/x.rs:1:1:', 'attempt to add with overflow', ...TRACE],
    'attempt to add with overflow in guilty_func',
    false,
  ],
  ['SYZFAIL:', ['SYZFAIL: negative running'], 'SYZFAIL: negative running', false],
  [
    'SYZFATAL:',
    ['SYZFATAL: executor 1 failed 11 times: failed to create temp dir'],
    'SYZFATAL: executor NUM failed NUM times: failed to create temp dir',
    false,
  ],
  ['fatal error:', ['fatal error: runtime: out of memory'], 'go runtime error', false],
  ['panic: ', ['panic: runtime error: index out of range'], 'panic: runtime error: index out of range', false],
];

describe('oops table rows', () => {
  for (const [header, log, title, corrupted] of CASES) {
    it(`${header} → ${title}`, () => {
      const r = first(log.join('\n') + '\n');
      expect(r?.title).toBe(title);
      expect(r?.corrupted).toBe(corrupted);
    });
  }

  it('every row has a case', () => {
    const covered = new Set(CASES.map((c) => c[0]));
    const missing = OOPS_ROWS.map((r) => r.header).filter((h) => !covered.has(h));
    expect(missing).toEqual([]);
  });

  it('suppressed lines are no crash', () => {
    for (const line of [
      'INFO: NMI handler (perf_event_nmi_handler) took too long to run: 1.356 msecs',
      'traps: syz-executor229[3615] general protection fault ip:7feb96eb56a1 sp:20000fd0 error:0 in syz[7feb96e75000+84000]',
      'Spectre V2 : WARNING: Unprivileged eBPF is enabled with eIBRS on, data leaks possible via Spectre v2 BHB attacks!',
      'pr_err("BUG: workqueue leaked lock or atomic: %s/0x%08x/%d\\n"',
      "xfs: Unknown parameter '    Booting the kernel.   '",
      'BUG UNIX (Not tainted): kasan: bad access detected',
    ]) {
      expect(findCrashReports(normalize(line + '\n').lines)).toEqual([]);
    }
  });

  it('finds every report of a paste, in order', () => {
    const log = [
      '[   10.1] WARNING: CPU: 1 PID: 1 at fs/a.c:1 first_func+0x1/0x2',
      '[   10.2] RIP: 0010:first_func+0x1/0x2',
      '[   10.3] Call Trace:',
      '[   10.4]  caller_a+0x1/0x2',
      '[   10.5] ---[ end trace 0000000000000000 ]---',
      '[   20.1] general protection fault: 0000 [#1] SMP',
      '[   20.2] RIP: 0010:second_func+0x1/0x2',
      '[   20.3] Call Trace:',
      '[   20.4]  caller_b+0x1/0x2',
    ].join('\n');
    const reps = findCrashReports(normalize(log).lines);
    expect(reps.map((r) => r.title)).toEqual(['WARNING in first_func', 'general protection fault in second_func']);
    expect(reps.map((r) => [r.startLine, r.endLine])).toEqual([
      [1, 5],
      [6, 9],
    ]);
  });

  it('caps a crash storm at MAX_REPORTS and never throws on junk', () => {
    const storm = Array.from(
      { length: MAX_REPORTS + 50 },
      (_, i) => `[ ${i}.0][ T${i % 5}] WARNING: CPU: 0 PID: 1 at fs/a.c:1 f${i}+0x1/0x2`,
    );
    expect(findCrashReports(normalize(storm.join('\n')).lines)).toHaveLength(MAX_REPORTS);
    const junk = [
      'BUG:',
      'WARNING:',
      'Call Trace:',
      '? a+0x'.repeat(2000),
      '<IRQ>',
      'RIP: 0010:',
      'INFO: task',
      '\u0000\uffff',
    ];
    expect(() => findCrashReports(normalize(junk.join('\n')).lines)).not.toThrow();
  }, 60_000);
});
