/**
 * Which stack frames are generic plumbing (never the guilty frame), which frames anchor a stall,
 * and how syscall wrapper names are stripped. Data, tuned on real reports; comments say why each group exists.
 */

/**
 * Frames that are never the culprit, matched at the start of the name after leading underscores.
 * A report is about the code that *called* these, so the frame extractor walks past them.
 */
const GENERIC_SKIP: readonly string[] = [
  // Sanitizer and debug machinery reports on behalf of its caller.
  'kasan',
  'asan',
  'hwasan',
  'msan',
  'kmsan',
  'kcsan',
  'kfence',
  'ubsan',
  'sanitizer',
  'check_memory_region',
  'check_heap_object',
  'check_object',
  'check_bytes',
  'check_stack_object',
  'report_bug',
  'print_address_description',
  'print_report',
  'print_usage_bug',
  'print_unlock',
  'print_circular',
  'print_bad_irq',
  'print_deadlock',
  'valid_state',
  'mark_lock',
  'mark_usage',
  'mark_held_locks',
  'check_prev_add',
  'check_prevs_add',
  'check_noncircular',
  'check_irq_usage',
  'check_deadlock',
  'validate_chain',
  'read_word_at_a_time',
  'read_once',
  'write_once',
  'panic',
  'bug',
  'invalid_op',
  'fixup_bug',
  'do_error',
  'do_trap',
  'do_invalid_op',
  'handle_bug',
  'exc_invalid_op',
  'asm_exc_',
  'exc_',
  'do_user_addr_fault',
  'do_kern_addr_fault',
  'page_fault',
  'do_page_fault',
  'no_context',
  'bad_area',
  'spurious_kernel_fault',
  'kernelmode_fixup_or_oops',
  'die',
  'oops_',
  'show_stack',
  'show_regs',
  'show_trace',
  'dump_stack',
  'dump_backtrace',
  'unwind_backtrace',
  'dump_header',
  'warn_',
  'warn',
  'WARN',
  'printk',
  'vprintk',
  'va_format',
  'dev_printk',
  'dev_warn',
  'dev_err',
  'dev_info',
  'dev_notice',
  'dev_alert',
  'dev_crit',
  'dev_emerg',
  'netdev_warn',
  'netdev_err',
  'debug_',
  'lockdep',
  'lock_acquire',
  'lock_release',
  'lock_acquired',
  'lock_contended',
  'lock_is_held',
  'lock_downgrade',
  'might_sleep',
  'might_fault',
  'might_resched',
  'cant_sleep',
  'rcu_lockdep',
  'rcu_read_lock',
  'rcu_read_unlock',
  'should_fail',
  'should_failslab',
  'fail_dump',
  'trace_hardirqs',
  'lockdep_hardirqs',
  'fortify_',
  'stack_trace_',
  'save_stack',
  'arch_stack_walk',
  'stack_depot_',
  'kmemleak_',
  'create_object',
  'set_track',
  'init_object',
  'alloc_debug_processing',
  'free_debug_processing',
  'on_freelist',
  'object_err',
  'slab_err',
  'slab_bug',
  // Allocators: the caller asked for the memory.
  'alloc_pages',
  'alloc_page',
  'folio_alloc',
  'get_free_pages',
  'get_zeroed_page',
  'free_pages',
  'free_page',
  'kmalloc',
  'kzalloc',
  'kcalloc',
  'kvmalloc',
  'kvzalloc',
  'kvcalloc',
  'kvfree',
  'krealloc',
  'kfree',
  'kmem_cache',
  'kmemdup',
  'kstrdup',
  'kstrndup',
  'memdup',
  'slab_',
  'slub_',
  'new_slab',
  'allocate_slab',
  'cache_alloc',
  'cache_free',
  'vmalloc',
  'vzalloc',
  'vfree',
  'vunmap',
  'kvmalloc_node',
  'pcpu_alloc',
  'alloc_percpu',
  'free_percpu',
  'mempool_',
  // Locking primitives: the caller holds or waits for the lock.
  'raw_spin_',
  'spin_',
  'do_raw_spin',
  'queued_spin',
  'native_queued_spin',
  'pv_queued_spin',
  'raw_read_',
  'raw_write_',
  'read_lock',
  'read_unlock',
  'write_lock',
  'write_unlock',
  'do_raw_read',
  'do_raw_write',
  'queued_read',
  'queued_write',
  'mutex_lock',
  'mutex_trylock',
  'mutex_unlock',
  'rt_mutex',
  'down_read',
  'down_write',
  'up_read',
  'up_write',
  'down(?:$|_trylock|_interruptible|_killable|_timeout)',
  'up$',
  'rwsem_',
  'percpu_down',
  'percpu_up',
  'percpu_rwsem',
  'osq_lock',
  'osq_unlock',
  'local_bh_enable',
  'local_bh_disable',
  'bh_enable',
  'bh_disable',
  // Atomics, bit operations, string and copy helpers: inline plumbing of any caller.
  'atomic',
  'arch_atomic',
  'refcount_',
  'kref_',
  'set_bit',
  'clear_bit',
  'change_bit',
  'test_bit',
  'test_and_',
  'instrument_',
  'memcpy',
  'memmove',
  'memset',
  'memcmp',
  'memchr',
  'strcmp',
  'strncmp',
  'strchr',
  'strrchr',
  'strlen',
  'strnlen',
  'strcpy',
  'strncpy',
  'strlcpy',
  'strscpy',
  'strstr',
  'sprintf',
  'snprintf',
  'scnprintf',
  'vsnprintf',
  'vscnprintf',
  'kasprintf',
  'kvasprintf',
  'string',
  'pointer',
  'copy_to_user',
  'copy_from_user',
  'raw_copy_',
  'copy_user_',
  'copyin',
  'copyout',
  'copy_to_iter',
  'copy_from_iter',
  'copy_page_to_iter',
  'copy_page_from_iter',
  'check_copy_size',
  'get_user',
  'put_user',
  'strncpy_from_user',
  'usercopy',
  // List helpers: the list belongs to the caller.
  'list_add',
  'list_del',
  'list_replace',
  'list_move',
  'list_splice',
  'hlist_',
  'rb_',
  'x86_indirect_thunk',
  'indirect_thunk',
  // Entry paths and interrupt plumbing.
  'wake_up',
  'default_wake_function',
  'try_to_wake_up',
  'finish_wait',
  'prepare_to_wait',
  // Object lifetime helpers (kobject, device model, sysfs, work, timers): they act on the caller's object.
  'timer_is_static_object',
  'work_is_static_object',
  'kobject_',
  'kobj_',
  'kset_',
  'kref_',
  'device_add',
  'device_del',
  'device_unregister',
  'device_destroy',
  'device_release',
  'device_for_each_child',
  'devres_release',
  'release_nodes',
  'sysfs_',
  'remove_files',
  'device_remove_file',
  'device_remove_group',
  'tty_unregister_device',
  'hwrng_unregister',
  'i2c_del_adapter',
  'unregister_client',
  'usb_kill_urb',
  'usb_poison_urb',
  'register_lock_class',
  'look_up_lock_class',
  'hlock_class',
  'rollback_registered',
  'unregister_netdevice',
  'kthread_stop',
  'flush_work',
  'flush_workqueue',
  'drain_workqueue',
  'destroy_workqueue',
  'cancel_work',
  'cancel_delayed_work',
  'try_to_grab_pending',
  'queue_work',
  'queue_delayed_work',
  'insert_work',
  'del_timer',
  'try_to_del_timer',
  'timer_delete',
  'lock_timer_base',
  'mod_timer',
  'sk_stop_timer',
  'sk_reset_timer',
  'hrtimer_cancel',
  'hrtimer_try_to_cancel',
  'mutex_remove_waiter',
  'cleanup_srcu_struct',
  'ref_tracker',
  // Generic data structures and library code: the bug is in the user of the structure.
  'rhashtable_',
  'rht_',
  'klist_',
  'idr_',
  'ida_',
  'crc',
  'hex_dump',
  'print_hex_dump',
  'strnstr',
  'print_tainted',
  'folio_unlock',
  'folio_put',
  'folios_put',
  'unlock_page',
  'put_page',
  'drop_nlink',
  'inc_nlink',
  'clear_nlink',
  'handle_overflow',
  'perf_trace_lock',
  'dpm_sysfs_remove',
  'free_large_kmalloc',
  'check_panic_on_warn',
  // arm64 fault entry: the fault happened in the caller.
  'do_kernel_fault',
  'die_kernel_fault',
  'do_mem_abort',
  'el1_abort',
  'el1_da',
  'el1_ia',
  'el1h_64_sync',
  'el1_sync',
  'do_translation_fault',
  'do_bad_area',
  'do_alignment_fault',
  'do_tag_check_fault',
  'el1_sync_handler',
  'el1h_64_sync_handler',
  // MMIO and port accessors: the driver that called them touched the bad address.
  '__raw_read',
  '__raw_write',
  'logic_in',
  'logic_out',
  'ioread',
  'iowrite',
];

const GENERIC_SKIP_RE = new RegExp(`^_*(?:${GENERIC_SKIP.join('|')})`);

/**
 * Also skipped anywhere in the name: the sanitizers' own helpers have any prefix, filesystems wrap panic
 * (`__reiserfs_panic`), and user-copy wrappers (`bpf_prog_array_copy_to_user`) only move the caller's data.
 */
const ANYWHERE_SKIP_RE = /kasan|kmsan|kcsan|sanitizer|lockdep|panic|copy_to_user|copy_from_user/;

export function isGenericFrame(func: string): boolean {
  return GENERIC_SKIP_RE.test(func) || ANYWHERE_SKIP_RE.test(func);
}

/** Build a matcher for a format's own extra skips (prefixes after leading underscores). */
export function skipMatcher(extra: readonly string[] | undefined): (func: string) => boolean {
  if (!extra || extra.length === 0) return isGenericFrame;
  const cached = SKIP_CACHE.get(extra);
  if (cached) return cached;
  // Patterns starting with `.*` match anywhere; the others at the start after leading underscores.
  const re = new RegExp(`^_*(?:${extra.join('|')})`);
  const fn = (func: string): boolean => isGenericFrame(func) || re.test(func);
  SKIP_CACHE.set(extra, fn);
  return fn;
}
const SKIP_CACHE = new WeakMap<readonly string[], (func: string) => boolean>();

/**
 * Stalls and lockups: the CPU loops somewhere in a loop of several functions, so the top frame is random.
 * A representative function deeper in the stack is stable across occurrences: the frame just above a
 * well-known dispatcher. For most syscalls that is the syscall function itself (the frame above the
 * syscall entry); for multiplexing syscalls (ioctl, read, write, sendmsg…) it is the frame above the
 * generic dispatcher, which names the device or protocol.
 */
const STALL_ANCHORS_RE = new RegExp(
  '^(?:' +
    [
      // Work dispatchers.
      '__do_softirq',
      'handle_softirqs',
      '__run_timers',
      'run_timer_softirq',
      'call_timer_fn',
      'expire_timers',
      '__hrtimer_run_queues',
      'hrtimer_interrupt',
      'hrtimer_run_softirq',
      'queue_work.*',
      'queue_delayed_work.*',
      'process_one_work',
      'worker_thread',
      'kthread',
      'ret_from_fork',
      'smpboot_thread_fn',
      'run_ksoftirqd',
      'tasklet_action_common.*',
      'tasklet_action',
      'tasklet_hi_action',
      'rcu_do_batch',
      'rcu_core',
      'rcu_process_callbacks',
      'net_rx_action',
      '__napi_poll',
      'napi_poll',
      '__netif_receive_skb_core.*',
      '__netif_receive_skb_one_core',
      '__netif_receive_skb',
      'netif_receive_skb.*',
      'process_backlog',
      'ip_local_deliver_finish',
      'ip_protocol_deliver_rcu',
      // Multiplexing syscalls: the frame above names the protocol, device or file type.
      'nfnetlink_rcv_msg',
      'rtnetlink_rcv_msg',
      'genl_rcv_msg',
      'genl_family_rcv_msg.*',
      'sock_sendmsg.*',
      '__sock_sendmsg',
      'sock_recvmsg.*',
      'sock_write_iter',
      'sock_read_iter',
      'sock_ioctl',
      'sock_do_ioctl',
      'sock_common_setsockopt',
      '__sys_setsockopt',
      '__sys_getsockopt',
      'sock_common_getsockopt',
      'vfs_write',
      '__vfs_write',
      'vfs_read',
      '__vfs_read',
      'vfs_writev',
      'vfs_readv',
      'vfs_iter_read',
      'vfs_iter_write',
      'do_iter_read',
      'do_iter_write',
      'do_iter_readv_writev',
      'call_read_iter',
      'call_write_iter',
      'new_sync_read',
      'new_sync_write',
      'vfs_ioctl',
      'do_vfs_ioctl',
      'ksys_ioctl',
      '(?:__x64_|__ia32_|__arm64_|__se_|__do_)?(?:compat_)?(?:sys|SyS)_ioctl',
      '__ia32_compat_sys_ioctl',
      '__se_compat_sys_ioctl',
      '__do_compat_sys_ioctl',
      'mmap_region',
      'cpu_startup_entry',
      'do_dentry_open',
      'vfs_open',
      '__do_fault',
      'task_work_run',
      '__fput',
      '____fput',
      // Syscall entries: the frame above is the syscall.
      'do_syscall_.*',
      '__do_syscall_.*',
      'do_fast_syscall_.*',
      'do_int80_syscall_32',
      'entry_SYSCALL.*',
      'entry_SYSENTER.*',
      'entry_INT80.*',
      'sysenter_dispatch',
      'tracesys.*',
      'system_call_fastpath',
      'ret_fast_syscall',
      'el0_svc.*',
      'invoke_syscall.*',
      '__invoke_syscall',
      'do_el0_svc.*',
      'syscall_exit_to_user_mode.*',
      'exit_to_user_mode.*',
      'prepare_exit_to_usermode',
      'smp_call_function.*',
      'on_each_cpu.*',
    ].join('|') +
    ')$',
);

/**
 * Pick the stall frame from the non-generic frames (top first): the frame just above the first anchor.
 * An IPI broadcast is itself the loop, and its variants are one bug, so it names the stall.
 */
const IOCTL_WRAPPER_RE = /compat_ioctl$|^compat_blkdev_ioctl$|^blkdev_ioctl$|^block_ioctl$/;

export function stallFrame(frames: readonly string[]): string | null {
  for (let i = 0; i < frames.length; i++) {
    const f = frames[i] ?? '';
    if (!STALL_ANCHORS_RE.test(f)) continue;
    if (f.includes('smp_call_function')) return f;
    if (i === 0) return f;
    // 32-bit ioctls reach the driver through compat and block-layer wrappers: the driver is above them.
    let k = i - 1;
    while (k > 0 && IOCTL_WRAPPER_RE.test(frames[k] ?? '')) k--;
    return frames[k] ?? null;
  }
  return null;
}

/**
 * Syscall wrapper names: the title uses the bare syscall name (`sys_rmdir` from `__x64_sys_rmdir`,
 * `mremap` from `__se_sys_mremap`), the other spellings become alternative titles.
 * Returns [title frame, ...other spellings].
 */
export function frameSpellings(mangled: string): string[] {
  const raw = demangleCxx(mangled);
  const arch = /^(?:__x64_|__ia32_|__arm64_|__riscv_|__s390x_|__powerpc_)(sys_.*)$/.exec(raw);
  if (arch && arch[1]) return [arch[1], raw];
  const se = /^(?:__se_|__do_)(sys_(.+))$/.exec(raw);
  if (se && se[1] && se[2]) return [se[2], raw, se[1]];
  const plain = /^(?:SYSC_|SyS_|sys_|ksys_|compat_SyS_|compat_sys_|____sys_|___sys_|__sys_)(.+)$/.exec(raw);
  if (plain && plain[1]) return [plain[1], raw];
  const canon = CANONICAL_FRAMES.find(([re]) => re.test(raw));
  if (canon && canon[1] !== raw) return [canon[1], raw];
  return [raw];
}

/**
 * C++ symbols (out-of-tree modules, test drivers) arrive Itanium-mangled: `_Z8fakeNameiii` → `fakeName`,
 * `_ZN3foo3barEv` → `foo::bar`. Only names are decoded; parameter types are dropped, as in titles.
 */
export function demangleCxx(sym: string): string {
  if (!sym.startsWith('_Z')) return sym;
  let i = 2;
  const nested = sym[i] === 'N';
  if (nested) i++;
  const parts: string[] = [];
  while (i < sym.length) {
    let j = i;
    while (j < sym.length && sym.charCodeAt(j) >= 48 && sym.charCodeAt(j) <= 57) j++;
    if (j === i) break;
    const len = Number(sym.slice(i, j));
    if (!(len > 0) || j + len > sym.length) return sym;
    parts.push(sym.slice(j, j + len));
    i = j + len;
    if (!nested) break;
    if (sym[i] === 'E') break;
  }
  return parts.length > 0 ? parts.join('::') : sym;
}

/** Families of functions that are one bug from the reader's view (the RCU grace-period waits, IPIs). */
const CANONICAL_FRAMES: readonly (readonly [RegExp, string])[] = [
  [
    /^(?:synchronize_rcu_expedited|__synchronize_srcu|synchronize_srcu|synchronize_srcu_expedited|synchronize_sched|synchronize_rcu_bh|synchronize_rcu_tasks)$/,
    'synchronize_rcu',
  ],
  [/^smp_call_function_(?:single|many|many_cond|any)$/, 'smp_call_function'],
];
