/**
 * syzkaller's crash TYPE class, a pure function of the title: the first prefix row that matches wins.
 * Classes group titles for triage (memory-safety bugs before warnings, hangs apart).
 */
const TYPE_PREFIXES: readonly (readonly [RegExp, string])[] = [
  [/^KASAN: (?:slab-)?use-after-free Read/, 'KASAN-USE-AFTER-FREE-READ'],
  [/^KASAN: (?:slab-)?use-after-free Write/, 'KASAN-USE-AFTER-FREE-WRITE'],
  [/^KASAN: null-ptr-deref Read/, 'KASAN-NULL-POINTER-DEREFERENCE-READ'],
  [/^KASAN: null-ptr-deref Write/, 'KASAN-NULL-POINTER-DEREFERENCE-WRITE'],
  [/^KASAN: invalid-free/, 'KASAN-INVALID-FREE'],
  [/^KASAN: .* Write/, 'KASAN-WRITE'],
  [/^KASAN: /, 'KASAN-READ'],
  [/^KMSAN: uninit-value/, 'KMSAN-UNINIT-VALUE'],
  [/^KMSAN: kernel-(?:usb-)?infoleak/, 'KMSAN-INFO-LEAK'],
  [/^KCSAN: data-race/, 'KCSAN-DATARACE'],
  [/^KCSAN: assert/, 'KCSAN-ASSERT'],
  [/^KFENCE: use-after-free read/, 'KFENCE-USE-AFTER-FREE-READ'],
  [/^KFENCE: use-after-free write/, 'KFENCE-USE-AFTER-FREE-WRITE'],
  [/^KFENCE: out-of-bounds read/, 'KFENCE-READ'],
  [/^KFENCE: out-of-bounds write/, 'KFENCE-WRITE'],
  [/^KFENCE: invalid free/, 'KFENCE-INVALID-FREE'],
  [/^KFENCE: memory corruption/, 'KFENCE-MEMORY-CORRUPTION'],
  [/^UBSAN: array-index-out-of-bounds/, 'MEMORY_SAFETY_UBSAN'],
  [/^UBSAN: /, 'UBSAN'],
  [/^(?:INFO: task hung|INFO: task can't die|INFO: rcu detected stall|BUG: soft lockup)/, 'HANG'],
  [/^BUG: unable to handle kernel NULL pointer dereference/, 'NULL-POINTER-DEREFERENCE'],
  [/^BUG: unable to handle kernel paging request/, 'MEMORY_SAFETY_BUG'],
  [/^(?:BUG: (?:sleeping function called from invalid context|scheduling while atomic))/, 'ATOMIC_SLEEP'],
  [
    /^(?:possible deadlock|inconsistent lock state|BUG: (?:bad unlock balance|held lock freed|spinlock|rwlock|using __this_cpu|using smp_processor_id)|WARNING: (?:bad unlock balance|held lock freed|locking bug|nested lock was not taken|still has locks held|suspicious RCU usage in))/,
    'LOCKDEP',
  ],
  [/^WARNING: refcount bug/, 'REFCOUNT_WARNING'],
  [/^WARNING/, 'WARNING'],
  [/^(?:kernel BUG|BUG: bad usercopy)/, 'BUG'],
  [/^memory leak/, 'LEAK'],
  [/^(?:SYZFAIL|SYZFATAL)/, 'SYZ_FAILURE'],
  [/^unexpected kernel reboot/, 'REBOOT'],
  [
    /^(?:general protection fault|divide error|invalid opcode|stack segment fault|PANIC: double fault|kernel panic|Internal error|Unhandled fault|Alignment trap|go runtime error|trusty|unregister_netdevice|VFS: Close|BUG: Object already free|int3)/,
    'DoS',
  ],
];

/** The TYPE class for a title, or null when syzkaller would call it unknown. */
export function crashType(title: string | null): string | null {
  if (title === null) return null;
  for (const [re, t] of TYPE_PREFIXES) if (re.test(title)) return t;
  return null;
}
