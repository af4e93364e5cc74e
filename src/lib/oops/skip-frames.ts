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
  'unwind_',
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
  'qlist_',
  'quarantine_',
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
  'entry_SYSCALL',
  'do_syscall',
  'syscall_',
  'apic_timer_interrupt',
  'sysvec_',
  'irq_exit',
  'smp_apic_timer_interrupt',
  'wake_up',
  'default_wake_function',
  'try_to_wake_up',
  'finish_wait',
  'prepare_to_wait',
];

const GENERIC_SKIP_RE = new RegExp(`^_*(?:${GENERIC_SKIP.join('|')})`);

/** Also skipped anywhere in the name: the sanitizers' own helpers have any prefix. */
const ANYWHERE_SKIP_RE = /kasan|kmsan|kcsan|sanitizer|lockdep/;

export function isGenericFrame(func: string): boolean {
  return GENERIC_SKIP_RE.test(func) || ANYWHERE_SKIP_RE.test(func);
}

/** Build a matcher for a format's own extra skips (prefixes after leading underscores). */
export function skipMatcher(extra: readonly string[] | undefined): (func: string) => boolean {
  if (!extra || extra.length === 0) return isGenericFrame;
  const re = new RegExp(`^_*(?:${extra.join('|')})`);
  return (func) => isGenericFrame(func) || re.test(func);
}

/**
 * Stalls and lockups: the CPU loops somewhere in a loop of several functions, so the top frame is random.
 * The frame just above a well-known dispatcher (syscall entry, worker loop, timer, softirq…) names the work
 * that looped, which is stable across occurrences.
 */
const STALL_ANCHORS: readonly RegExp[] = [
  /^(?:__)?do_syscall_/,
  /^do_fast_syscall_/,
  /^entry_SYSCALL/,
  /^entry_SYSENTER/,
  /^entry_INT80/,
  /^sysenter_dispatch$/,
  /^tracesys/,
  /^system_call_fastpath$/,
  /^ret_fast_syscall$/,
  /^el0_svc/,
  /^invoke_syscall/,
  /^__invoke_syscall/,
  /^el0t_64_sync/,
  /^do_el0_svc/,
  /^process_one_work$/,
  /^worker_thread$/,
  /^kthread$/,
  /^ret_from_fork/,
  /^call_timer_fn$/,
  /^expire_timers$/,
  /^__run_timers/,
  /^run_timer_softirq$/,
  /^__do_softirq$/,
  /^handle_softirqs$/,
  /^tasklet_action_common/,
  /^tasklet_action$/,
  /^tasklet_hi_action$/,
  /^net_rx_action$/,
  /^__napi_poll/,
  /^napi_poll$/,
  /^rcu_do_batch$/,
  /^rcu_core$/,
  /^rcu_process_callbacks$/,
  /^__hrtimer_run_queues$/,
  /^hrtimer_run_softirq$/,
  /^run_ksoftirqd$/,
  /^smpboot_thread_fn$/,
  /^flush_smp_call_function/,
  /^generic_smp_call_function/,
  /^__flush_smp_call_function_queue/,
  /^smp_call_function_single_interrupt/,
  /^sysvec_call_function/,
  /^do_group_exit$/,
  /^get_signal$/,
  /^exit_to_user_mode/,
  /^task_work_run$/,
  /^__se_sys_/,
  /^__x64_sys_/,
  /^__ia32_sys_/,
  /^__arm64_sys_/,
  /^__do_sys_/,
  /^SyS_/,
  /^sys_/,
  /^ksys_/,
];

/** Frames worth reporting themselves when they appear in a stall (they are the loop). */
const STALL_SELF: readonly RegExp[] = [/^smp_call_function/, /^on_each_cpu/];

function isStallAnchor(f: string): boolean {
  for (const re of STALL_ANCHORS) if (re.test(f)) return true;
  return false;
}

const SYSCALL_WRAPPER_RE = /^(?:__se_sys_|__x64_sys_|__ia32_sys_|__arm64_sys_|__do_sys_|SyS_|sys_|ksys_|__sys_|___sys_|____sys_|__do_compat_sys_|compat_SyS_|compat_sys_|__se_compat_sys_)/;

/**
 * Pick the stall frame from non-generic frames (top first): the first frame that is itself a known loop,
 * or the callee of the first anchor; a syscall wrapper anchor counts itself (there is no better name).
 */
export function stallFrame(frames: readonly string[]): string | null {
  for (let i = 0; i < frames.length; i++) {
    const f = frames[i] ?? '';
    for (const re of STALL_SELF) if (re.test(f)) return f;
    if (isStallAnchor(f)) {
      if (SYSCALL_WRAPPER_RE.test(f)) return i > 0 && !isStallAnchor(frames[i - 1] ?? '') ? (frames[i - 1] ?? f) : f;
      if (i === 0) continue;
      const prev = frames[i - 1] ?? '';
      if (!isStallAnchor(prev)) return prev;
    }
  }
  return null;
}

/**
 * Syscall wrapper names: the title uses the bare syscall name (`sys_rmdir` from `__x64_sys_rmdir`,
 * `mremap` from `__se_sys_mremap`), the other spellings become alternative titles.
 * Returns [title frame, ...other spellings].
 */
export function frameSpellings(raw: string): string[] {
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

/** Families of functions that are one bug from the reader's view (the RCU grace-period waits, IPIs). */
const CANONICAL_FRAMES: readonly (readonly [RegExp, string])[] = [
  [/^(?:synchronize_rcu_expedited|__synchronize_srcu|synchronize_srcu|synchronize_srcu_expedited|synchronize_sched|synchronize_rcu_bh|synchronize_rcu_tasks)$/, 'synchronize_rcu'],
  [/^smp_call_function_(?:single|many|many_cond|any)$/, 'smp_call_function'],
];
