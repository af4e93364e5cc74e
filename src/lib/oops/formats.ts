/**
 * The oops tables, in syzkaller's pkg/report style: one row per header string, each with an ordered list of
 * title formats. The finder looks for the header in a line; the format whose `title` regex matches earliest in
 * the report text wins (ties: the earlier row); the title comes from `fmt` with the captured text (`%1`…)
 * and the guilty frame (`%F`) found by the `stack` rule. A header with no matching format gives the raw line
 * as the title (the catch-all row).
 *
 * Regex macros: {{FUNC}} a symbol followed by `.` or `+` (captured), {{PC}} `[<ffff…>]`, {{ADDR}} `0x…`,
 * {{SRC}} `file.c:123` (captured).
 */
import type { ReportKind } from '../types.ts';

/** Marker for "parse call-trace frames here" inside a stack rule. */
export const TRACE = 'trace';

export interface StackRule {
  /** Located in order, each from where the previous one stopped: regexes (a capture is a frame) or TRACE. */
  parts: readonly (RegExp | typeof TRACE)[];
  /** Extra frames to walk past for this format (prefixes after leading underscores). */
  skip?: readonly string[];
  /** 'stall': the frame above a well-known dispatcher (see skip-frames.ts), not the top frame. */
  extractor?: 'stall';
  /** KCSAN: a second frame from a second trace, for `A / B` titles. */
  parts2?: readonly (RegExp | typeof TRACE)[];
  /** Tried when `parts` find no frame (a report cut before the section the rule prefers). */
  fallback?: readonly (RegExp | typeof TRACE)[];
}

export interface OopsFormat {
  title: RegExp;
  /** Must also match (multi-line) for the format to apply; its captures replace the title's. */
  report?: RegExp;
  /** `%1`… captures, `%F` the frame, `%G` the second frame. */
  fmt: string;
  alt?: readonly string[];
  stack?: StackRule;
  /** The title has no frame and the report needs no stack trace. */
  noStackTrace?: boolean;
  /** Reports of this shape are always incomplete (e.g. only the trailing panic line was captured). */
  corrupted?: boolean;
  kind?: ReportKind;
  /** syzkaller TYPE class when it is not the row's. */
  type?: string;
}

export interface OopsRow {
  /** Fixed substring searched in every line (the cheap prefilter). */
  header: string;
  kind: ReportKind;
  formats: readonly OopsFormat[];
  /** Lines holding the header that are not kernel crashes. */
  suppressions: readonly RegExp[];
  /** When set, the line must also match this (for headers too short to stand alone, like SLUB's `BUG <cache>`). */
  requires?: RegExp;
}

const MACROS: Record<string, string> = {
  '{{FUNC}}': '([a-zA-Z0-9_]+)(?:\\.|\\+)',
  '{{PC}}': '\\[<?(?:0x)?[0-9a-f]+>?\\]',
  '{{ADDR}}': '0x[0-9a-f]+',
  '{{SRC}}': '([a-zA-Z0-9\\-_/.]+\\.[a-z]+:[0-9]+)',
};

/** Compile with macros. Titles are searched in a capped text, and every pattern is anchored on a literal. */
export function rx(src: string, flags = ''): RegExp {
  let s = src;
  for (const [k, v] of Object.entries(MACROS)) s = s.split(k).join(v);
  return new RegExp(s, flags);
}

/** `RIP: 0010:func+0x…`, `IP: func+…`, arm `pc : func+…`, `PC is at func+…`, powerpc `NIP [..] func+…`. */
export const RIP_FRAME = rx(
  '(?:\\bRIP|^IP|\\bEIP|\\bNIP|\\bpc |\\bepc |PC is at):? (?:(?:[0-9]+:)?(?:{{PC}} +){0,2}{{FUNC}}|(?:[0-9]+:)?0x[0-9a-f]+|(?:[0-9]+:)?{{PC}} +\\[< *\\(null\\)>\\] +\\(null\\)|[0-9]+: +\\(null\\)|\\(null\\))',
);
const OPTIONAL_PARTS = new WeakMap<RegExp, number>();
/** Lines a near-optional part is looked for in (a RIP line right after the interrupt entry). */
export const OPTIONAL_WINDOW = 6;
/**
 * A stack part that may be absent: looked for in the next `window` lines (default OPTIONAL_WINDOW, or
 * the whole report), and when missing the search resumes where it started.
 */
export function optional(re: RegExp, window: number = OPTIONAL_WINDOW): RegExp {
  const copy = new RegExp(re.source, re.flags);
  OPTIONAL_PARTS.set(copy, window);
  return copy;
}
/** How far an optional part is looked for, or 0 for a required part. */
export function optionalWindow(re: RegExp): number {
  return OPTIONAL_PARTS.get(re) ?? 0;
}
export const CALL_TRACE = /Call (?:T|t)race:|Backtrace:|^Stack:$|^stack backtrace:$/;

/**
 * Cheap substring tests that every line matched by a frequent stack part must pass, so the regex only runs on
 * candidate lines (the RIP and trace-header parts are looked for across whole reports).
 */
const PART_HINTS = new Map<string, (line: string) => boolean>([
  [RIP_FRAME.source, (l) => l.includes('IP') || l.includes('pc ') || l.includes('PC is at')],
  [CALL_TRACE.source, (l) => l.includes('race:') || l.includes('acktrace:') || l.includes('Stack:')],
]);
/** The hint for a stack part, if it has one. */
export function partHint(re: RegExp): ((line: string) => boolean) | undefined {
  return PART_HINTS.get(re.source);
}

/** Lines that start a stack trace section (a trace part stops at the next one). */
export const STACK_START = [
  /Call (?:T|t)race/,
  /^Allocated:/,
  /^Allocated by task [0-9]+:/,
  /^Freed:/,
  /^Freed by task [0-9]+:/,
  /^Last potentially related work creation:/,
  /^Second to last potentially related work creation:/,
  /[^k] backtrace:/,
  /^Backtrace:/,
  /^Uninit was stored to memory at/,
  /^Uninit was created by/,
  /^Memory state around/,
  /^The buggy address/,
];

const KASAN_SKIP = [
  'slab_',
  'kfree',
  'vunmap',
  'vfree',
  'kmem_',
  'memcpy',
  'memset',
  'memmove',
  'copy_',
  'strlen',
  'strcmp',
];
const LOCKDEP_SKIP = [
  'perf_trace_',
  'lock_',
  'mutex_',
  'spin_',
  'raw_',
  '_raw_',
  'down',
  'up_',
  'rcu_',
  'rt_mutex',
  'ww_mutex',
  'flush_',
  'start_flush',
  'wait_for',
  'complete',
  'process_one_work',
  'worker_thread',
  'kthread',
  'schedule',
];

/** kmemleak's backtrace starts in the allocator and its wrappers; the guilty frame is the first caller. */
const KMEMLEAK_SKIP = [
  'kmemleak',
  'mmap',
  'kmem',
  'slab',
  'alloc',
  'create_object',
  'kasprintf',
  'kvasprintf',
  'strdup',
  'strndup',
  'memdup',
  'kmalloc',
  'kzalloc',
  'kcalloc',
  'vmalloc',
  'kvmalloc',
  'krealloc',
  'kstrdup',
  'pcpu_',
  'percpu_',
  'kmemdup',
];

const HANG_SKIP = [
  'sched',
  'schedule',
  '__schedule',
  'context_switch',
  'switch_to',
  '__switch_to',
  'preempt_schedule',
  'io_schedule',
  'wait_',
  'do_wait',
  'mutex_',
  'rwsem',
  'down',
  'up_',
  '_lock',
  'lock_',
  'rt_mutex',
  'ww_mutex',
  'completion',
  'wait_for_completion',
  'kthread',
  'percpu_',
  'rcu_barrier',
  'flush_work',
  'flush_workqueue',
  '__flush_work',
  'cancel_work',
  'cancel_delayed_work',
  '__cancel_work',
  'bit_wait',
  'out_of_line_wait',
  'folio_wait',
  '__folio_lock',
  'wait_on_page',
  'get_request',
  'blk_mq_get_tag',
  'io_schedule',
  'freezer',
  'refrigerator',
  'synchronize_rcu_expedited_wait',
  'msleep',
  'usleep',
  'fsleep',
  'call_rwsem',
  'console_lock',
  // Synchronous USB transfers only wait for the URB: the caller is the driver that hung.
  'usb_start_wait_urb',
  'usb_bulk_msg',
  'usb_interrupt_msg',
  'usb_control_msg',
];
/** Stalls: the interrupted code is below the timer interrupt that detected the stall. */
const STALL_STACK: StackRule = {
  parts: [rx('apic_timer_interrupt|Exception stack|el1_irq|el1h_64_irq|__irq_svc'), optional(RIP_FRAME), TRACE],
  skip: [
    '.*apic_timer_interrupt',
    'rcu',
    'irq_',
    'el1_irq',
    'el1h_64_irq',
    'gic_handle_irq',
    '__irq_svc',
    'retint_kernel',
    'preempt_schedule_irq',
  ],
  extractor: 'stall',
};
const RIP_STACK: StackRule = { parts: [RIP_FRAME, CALL_TRACE, TRACE] };

const BAD_ACCESS = 'bad-access in %F';

export const OOPS_ROWS: readonly OopsRow[] = [
  {
    header: 'BUG:',
    kind: 'bug',
    formats: [
      {
        title: rx('BUG: KASAN: ([a-z\\-]+) in {{FUNC}}'),
        report: rx(
          'BUG: KASAN: ([a-z\\-]+) in {{FUNC}}(?:.*\\n){1,40}?.*(Read|Write) (?:of size|at addr) (?:[0-9a-f]+)',
        ),
        fmt: 'KASAN: %1 %3 in %F',
        alt: [BAD_ACCESS],
        kind: 'kasan',
        stack: { parts: [rx('BUG: KASAN: (?:[a-z\\-]+) in {{FUNC}}'), CALL_TRACE, TRACE], skip: KASAN_SKIP },
      },
      {
        title: rx('BUG: KASAN: (?:double-free or invalid-free|double-free|invalid-free) in (?:{{FUNC}})?'),
        fmt: 'KASAN: invalid-free in %F',
        alt: ['invalid-free in %F'],
        kind: 'kasan',
        stack: {
          parts: [
            rx('BUG: KASAN: (?:double-free or invalid-free|double-free|invalid-free) in {{FUNC}}'),
            CALL_TRACE,
            TRACE,
          ],
          skip: [...KASAN_SKIP, 'kfree', 'kmem_cache_free', 'free', 'rcu_', 'put_', 'release_'],
        },
      },
      {
        title: rx('BUG: KASAN: ([a-z\\-]+) on address(?:.*\\n){1,40}?.*(Read|Write) of size ([0-9]+)'),
        fmt: 'KASAN: %1 %2 of size %3',
        kind: 'kasan',
        noStackTrace: true,
      },
      {
        title: rx('BUG: KASAN: (.*)'),
        fmt: 'KASAN: %1',
        kind: 'kasan',
        corrupted: true,
        noStackTrace: true,
      },
      {
        title: rx('BUG: KMSAN: kernel-usb-infoleak'),
        fmt: 'KMSAN: kernel-usb-infoleak in %F',
        alt: [BAD_ACCESS],
        kind: 'kmsan',
        stack: {
          parts: [CALL_TRACE, TRACE],
          skip: ['usb_submit_urb', 'usb_start_wait_urb', 'usb_bulk_msg', 'usb_interrupt_msg', 'usb_control_msg'],
        },
      },
      {
        title: rx('BUG: KMSAN: ([a-z\\-]+) in {{FUNC}}'),
        fmt: 'KMSAN: %1 in %F',
        alt: [BAD_ACCESS],
        kind: 'kmsan',
        stack: {
          // Recent KMSAN prints the frames right under the header, without `Call Trace:`.
          parts: [rx('BUG: KMSAN: (?:[a-z\\-]+) in {{FUNC}}'), TRACE],
          skip: [
            'alloc_skb',
            'netlink_',
            'copy_',
            '_copy_',
            'instrument_',
            'iov_iter',
            'copyout',
            'copy_to_user',
            'kmsan_',
            'memcpy',
            'string',
          ],
        },
      },
      {
        title: rx('BUG: KMSAN: (.*)'),
        fmt: 'KMSAN: %1',
        kind: 'kmsan',
        corrupted: true,
        noStackTrace: true,
      },
      {
        // Both racing functions are in the header, already past KCSAN's own instrumentation.
        title: rx('BUG: KCSAN: data-race in ([a-zA-Z0-9_]+)[^ ]* / ([a-zA-Z0-9_]+)'),
        fmt: 'KCSAN: data-race in %1 / %2',
        kind: 'kcsan',
        noStackTrace: true,
      },
      {
        title: rx('BUG: KCSAN: data-race in ([a-zA-Z0-9_]+)'),
        fmt: 'KCSAN: data-race in %1',
        kind: 'kcsan',
        noStackTrace: true,
      },
      {
        title: rx('BUG: KCSAN: (?:assert: race|assert: data-race) in {{FUNC}}'),
        fmt: 'KCSAN: assert: race in %F',
        kind: 'kcsan',
        stack: { parts: [rx('BUG: KCSAN: (?:assert: race|assert: data-race) in {{FUNC}}'), TRACE], skip: ['kcsan'] },
      },
      {
        title: rx('BUG: KFENCE: (use-after-free|out-of-bounds) ([a-z\\-]+) in {{FUNC}}'),
        fmt: 'KFENCE: %1 %2 in %F',
        alt: [BAD_ACCESS],
        kind: 'kfence',
        stack: { parts: [rx('BUG: KFENCE: (?:[a-z\\- ]+) in {{FUNC}}'), CALL_TRACE, TRACE], skip: KASAN_SKIP },
      },
      {
        title: rx('BUG: KFENCE: (invalid free|memory corruption|invalid read|invalid write) in {{FUNC}}'),
        fmt: 'KFENCE: %1 in %F',
        kind: 'kfence',
        stack: { parts: [rx('BUG: KFENCE: (?:[a-z\\- ]+) in {{FUNC}}'), CALL_TRACE, TRACE], skip: KASAN_SKIP },
      },
      {
        title: rx(
          'BUG: (?:unable to handle kernel paging request|unable to handle page fault for address|Unable to handle kernel data access|Unable to handle kernel instruction fetch|unable to handle kernel access to user memory|kernel access of bad area)',
        ),
        fmt: 'BUG: unable to handle kernel paging request in %F',
        alt: [BAD_ACCESS],
        kind: 'oops',
        type: 'MEMORY_SAFETY_BUG',
        stack: RIP_STACK,
      },
      {
        title: rx(
          'BUG: (?:unable to handle kernel NULL pointer dereference|kernel NULL pointer dereference|Kernel NULL pointer dereference)',
        ),
        fmt: 'BUG: unable to handle kernel NULL pointer dereference in %F',
        alt: [BAD_ACCESS],
        kind: 'oops',
        type: 'NULL-POINTER-DEREFERENCE',
        stack: RIP_STACK,
      },
      {
        title: rx('BUG: unable to handle kernel'),
        fmt: 'BUG: unable to handle kernel',
        kind: 'oops',
        corrupted: true,
        noStackTrace: true,
      },
      {
        title: rx(
          'BUG: (spinlock|rwlock) (lockup suspected|already unlocked|recursion|cpu recursion|bad magic|wrong owner|wrong CPU|trylock failure on UP)',
        ),
        fmt: 'BUG: %1 %2 in %F',
        stack: {
          parts: [CALL_TRACE, TRACE],
          skip: ['spin_', 'raw_', '_raw_', 'do_raw', 'read_lock', 'write_lock', 'queued_', 'rwlock', 'spinlock'],
        },
      },
      {
        title: rx('BUG: soft lockup'),
        fmt: 'BUG: soft lockup in %F',
        alt: ['stall in %F'],
        kind: 'lockup',
        stack: { parts: [RIP_FRAME, CALL_TRACE, TRACE], extractor: 'stall' },
      },
      {
        title: rx('BUG: .*still has locks held!'),
        fmt: 'BUG: still has locks held in %F',
        kind: 'lockdep',
        stack: { parts: [rx('at: (?:{{PC}} +)?{{FUNC}}'), CALL_TRACE, TRACE], skip: LOCKDEP_SKIP },
      },
      {
        title: rx('BUG: scheduling while atomic'),
        fmt: 'BUG: scheduling while atomic in %F',
        type: 'ATOMIC_SLEEP',
        stack: {
          parts: [CALL_TRACE, TRACE],
          skip: [
            'schedule',
            '__schedule',
            'preempt_schedule',
            'do_nanosleep',
            'hrtimer_nanosleep',
            'msleep',
            'usleep',
            'wait_',
            'io_schedule',
          ],
        },
      },
      {
        title: rx('BUG: lock held when returning to user space'),
        fmt: 'BUG: lock held when returning to user space in %F',
        kind: 'lockdep',
        stack: { parts: [rx('at: (?:{{PC}} +)?{{FUNC}}')], skip: LOCKDEP_SKIP },
      },
      {
        title: rx('BUG: bad unlock balance detected!'),
        fmt: 'BUG: bad unlock balance in %F',
        kind: 'lockdep',
        stack: {
          parts: [
            rx('is trying to release lock.*at: (?:{{PC}} +)?{{FUNC}}|is trying to release lock'),
            rx('at: (?:{{PC}} +)?{{FUNC}}|^ *(?:{{PC}} +)?{{FUNC}}'),
            CALL_TRACE,
            TRACE,
          ],
          skip: LOCKDEP_SKIP,
        },
      },
      {
        title: rx('BUG: held lock freed!'),
        fmt: 'BUG: held lock freed in %F',
        kind: 'lockdep',
        stack: { parts: [rx('at: (?:{{PC}} +)?{{FUNC}}'), CALL_TRACE, TRACE], skip: LOCKDEP_SKIP },
      },
      {
        title: rx('BUG: Bad rss-counter state'),
        fmt: 'BUG: Bad rss-counter state',
        noStackTrace: true,
      },
      {
        title: rx('BUG: non-zero (?:nr_ptes|pgtables_bytes|nr_pmds) on freeing mm'),
        fmt: 'BUG: non-zero pgtables_bytes on freeing mm',
        noStackTrace: true,
      },
      {
        title: rx('BUG: Dentry .* still in use \\([0-9]+\\) \\[(unmount) of ([a-zA-Z0-9_]+) ([^\\]]+)\\]'),
        fmt: 'BUG: Dentry still in use in %1',
        alt: ['BUG: Dentry still in use [%1 of %2 %3]'],
        noStackTrace: true,
      },
      {
        title: rx('BUG: Bad page state'),
        fmt: 'BUG: Bad page state in %F',
        stack: {
          parts: [CALL_TRACE, TRACE],
          skip: [
            'bad_page',
            'free_page',
            'free_pages',
            'free_unref',
            'free_pcp',
            'release_pages',
            'put_page',
            'folio_put',
            '__folio_put',
            'free_the_page',
            'check_new_page',
            'check_free_page',
            'prep_new_page',
            'get_page_from_freelist',
            'rmqueue',
            'page_',
            'free_pcppages',
            'destroy_large_folio',
            'free_compound',
            'free_transhuge',
            'put_pages',
            'free_swap_cache',
            'free_hot_cold',
            'free_unref_page',
            '__put_page',
          ],
        },
      },
      {
        title: rx('BUG: Bad page map'),
        fmt: 'BUG: Bad page map',
        noStackTrace: true,
        corrupted: true,
      },
      {
        title: rx('BUG: workqueue lockup'),
        fmt: 'BUG: workqueue lockup',
        kind: 'lockup',
        noStackTrace: true,
      },
      {
        title: rx('BUG: sleeping function called from invalid context at (.*)'),
        fmt: 'BUG: sleeping function called from invalid context in %F',
        type: 'ATOMIC_SLEEP',
        stack: {
          parts: [CALL_TRACE, TRACE],
          skip: [
            'might_sleep',
            '__might_sleep',
            '___might_sleep',
            'might_fault',
            '__might_fault',
            'might_resched',
            'cond_resched',
            '_cond_resched',
            'down',
            'mutex_',
            'rwsem',
            'schedule',
            'msleep',
            'lock_sock',
            'wait_',
            'flush_',
            'kmem_',
            'slab_',
            'get_free',
            'vmalloc',
            'kmalloc',
          ],
        },
      },
      {
        title: rx('BUG: using __this_cpu_([a-z_]+)\\(\\) in preemptible'),
        fmt: 'BUG: using __this_cpu_%1() in preemptible code in %F',
        stack: {
          parts: [CALL_TRACE, TRACE],
          skip: ['dump_stack', 'preemption', 'preempt', 'debug_', 'processor_id', 'check_preemption', 'this_cpu'],
        },
      },
      {
        title: rx('BUG: using smp_processor_id\\(\\) in preemptible'),
        fmt: 'BUG: using smp_processor_id() in preemptible code in %F',
        stack: {
          parts: [CALL_TRACE, TRACE],
          skip: ['dump_stack', 'preemption', 'preempt', 'debug_', 'processor_id', 'check_preemption', 'this_cpu'],
        },
      },
      {
        title: rx('BUG: workqueue leaked lock or atomic'),
        fmt: 'BUG: workqueue leaked lock or atomic in %F',
        kind: 'lockdep',
        stack: { parts: [rx('last function: ([a-zA-Z0-9_]+)')] },
      },
      {
        title: rx('BUG: memory leak'),
        fmt: 'memory leak in %F',
        kind: 'leak',
        type: 'LEAK',
        stack: {
          parts: [rx('backtrace:'), TRACE],
          // Order does not matter: skipMatcher joins them into one alternation.
          skip: [
            ...KMEMLEAK_SKIP,
            'idr_get',
            'list_lru_init',
            'pcpu_create_chunk',
            'new_slab',
            'sk_prot_alloc',
            'sk_alloc',
            'skb_clone',
          ],
        },
      },
      {
        title: rx('BUG: .*stack guard page was hit at'),
        fmt: 'BUG: stack guard page was hit in %F',
        alt: ['stack-overflow in %F'],
        // A stack overflow is a recursion: like a stall, the top frames are wherever the stack ran out.
        stack: {
          parts: [RIP_FRAME, CALL_TRACE, TRACE],
          skip: [
            'exc_',
            'asm_exc_',
            'handle_stack_overflow',
            'page_fault',
            'do_page_fault',
            'no_context',
            'bad_area',
            'do_user_addr_fault',
            'do_kern_addr_fault',
          ],
          extractor: 'stall',
        },
      },
      {
        title: rx('BUG: Invalid wait context'),
        fmt: 'WARNING: locking bug in %F',
        kind: 'lockdep',
        stack: {
          parts: [rx('is trying to lock'), rx('at: (?:{{PC}} +)?{{FUNC}}'), CALL_TRACE, TRACE],
          skip: LOCKDEP_SKIP,
        },
      },
      {
        title: rx('BUG: (?:KASAN|KMSAN|KCSAN|KFENCE): (.*)'),
        fmt: 'BUG: %1',
        corrupted: true,
        noStackTrace: true,
      },
    ],
    suppressions: [
      // Boot-time and user-space messages that contain the word but are no kernel crash.
      /Bug: /,
      /BUG: Stall ended/,
      /DEBUG:/,
      /BUG: enabling/,
      // arm's `Internal error: Oops - BUG: 0 [#1]` is the trap of a `kernel BUG at`, handled by that row.
      /Oops - BUG: /,
    ],
  },
  {
    header: 'WARNING:',
    kind: 'warning',
    formats: [
      {
        title: rx('WARNING: .*lib/debugobjects\\.c.* (?:debug_print|debug_check)'),
        fmt: 'WARNING: ODEBUG bug in %F',
        stack: {
          parts: [CALL_TRACE, TRACE],
          skip: [
            'debug_',
            'kasan_',
            'init_',
            'timer_',
            'work_',
            'hrtimer_',
            'del_timer',
            'destroy_',
            'free_obj',
            'kfree',
            'kmem_cache_free',
            'slab_free',
            'free_',
            'mod_timer',
            'call_rcu',
            'add_timer',
            'queue_work',
            '__queue_work',
            'flush_work',
            'cancel_',
          ],
        },
      },
      {
        title: rx('WARNING: .*mm/usercopy\\.c'),
        fmt: 'WARNING: bad usercopy in %F',
        stack: { parts: [CALL_TRACE, TRACE], skip: ['usercopy', '__check', 'check_', 'copy_', '_copy_'] },
      },
      {
        title: rx('WARNING: .*lib/kobject\\.c'),
        fmt: 'WARNING: kobject bug in %F',
        stack: { parts: [CALL_TRACE, TRACE], skip: ['kobject_', 'kobj_', 'kset_'] },
      },
      {
        title: rx('WARNING: .*fs/proc/generic\\.c'),
        fmt: 'WARNING: proc registration bug in %F',
        stack: { parts: [CALL_TRACE, TRACE], skip: ['proc_'] },
      },
      {
        title: rx('WARNING: .*lib/refcount\\.c'),
        fmt: 'WARNING: refcount bug in %F',
        type: 'REFCOUNT_WARNING',
        stack: { parts: [CALL_TRACE, TRACE], skip: ['refcount', 'kref_'] },
      },
      {
        title: rx('WARNING: .*kernel/locking/lockdep\\.c.*(?:lock_|check_flags|lockdep_|__lock)'),
        fmt: 'WARNING: locking bug in %F',
        kind: 'lockdep',
        stack: { parts: [CALL_TRACE, TRACE], skip: LOCKDEP_SKIP },
      },
      {
        title: rx('WARNING: .*kernel/locking/(?:mutex|rwsem|spinlock|rtmutex|lockdep)[a-z_\\-]*\\.c'),
        fmt: 'WARNING: locking bug in %F',
        kind: 'lockdep',
        stack: { parts: [CALL_TRACE, TRACE], skip: LOCKDEP_SKIP },
      },
      {
        title: rx('WARNING: .*mm/vmalloc\\.c.*__vmalloc_node'),
        fmt: 'WARNING: zero-size vmalloc in %F',
        stack: { parts: [CALL_TRACE, TRACE], skip: ['vmalloc', '__vmalloc', 'kvmalloc', 'kvzalloc'] },
      },
      {
        title: rx('WARNING: .*(?:mm/slab_common\\.c.* kmalloc_slab|mm/util\\.c.* kvmalloc)'),
        fmt: 'WARNING: kmalloc bug in %F',
        stack: {
          parts: [CALL_TRACE, TRACE],
          skip: [
            'kmalloc',
            'krealloc',
            'slab',
            'kmem',
            'kvmalloc',
            'kvzalloc',
            'kzalloc',
            'kcalloc',
            'alloc_pages',
            'kmalloc_large',
            'kmalloc_order',
            'kmemdup',
            'memdup',
            'vmalloc',
            'alloc_',
            'folio_alloc',
            'get_free_pages',
            'kvmalloc_node',
          ],
        },
      },
      {
        title: rx('WARNING: .* at drivers/usb/core/urb\\.c:[0-9]+ usb_submit_urb'),
        fmt: 'WARNING in %F/usb_submit_urb',
        stack: {
          parts: [CALL_TRACE, TRACE],
          skip: ['usb_submit_urb', 'usb_start_wait_urb', 'usb_bulk_msg', 'usb_interrupt_msg', 'usb_control_msg'],
        },
      },
      {
        title: rx('WARNING: possible circular locking dependency detected'),
        report: rx('WARNING: possible circular locking dependency detected(?:.*\\n){1,60}?.*is trying to acquire lock'),
        fmt: 'possible deadlock in %F',
        kind: 'lockdep',
        type: 'LOCKDEP',
        stack: {
          parts: [rx('at: (?:{{PC}} +)?{{FUNC}}'), rx('at: (?:{{PC}} +)?{{FUNC}}'), CALL_TRACE, TRACE],
          skip: LOCKDEP_SKIP,
        },
      },
      {
        title: rx('WARNING: possible irq lock inversion dependency detected'),
        fmt: 'possible deadlock in %F',
        kind: 'lockdep',
        type: 'LOCKDEP',
        stack: {
          parts: [rx('just changed the state of lock'), rx('at: (?:{{PC}} +)?{{FUNC}}'), CALL_TRACE, TRACE],
          skip: LOCKDEP_SKIP,
        },
      },
      {
        title: rx('WARNING: .*-safe -> .*-unsafe lock order detected'),
        fmt: 'possible deadlock in %F',
        kind: 'lockdep',
        type: 'LOCKDEP',
        // The culprit is where the lock became irq-safe: that path is what makes the order unsafe.
        stack: {
          parts: [rx('which became (?:.*) at:'), TRACE],
          fallback: [rx('is trying to acquire'), rx('at: (?:{{PC}} +)?{{FUNC}}')],
          skip: LOCKDEP_SKIP,
        },
      },
      {
        title: rx('WARNING: possible recursive locking detected'),
        fmt: 'possible deadlock in %F',
        kind: 'lockdep',
        type: 'LOCKDEP',
        stack: {
          parts: [rx('is trying to acquire lock'), rx('at: (?:{{PC}} +)?{{FUNC}}'), CALL_TRACE, TRACE],
          skip: LOCKDEP_SKIP,
        },
      },
      {
        title: rx('WARNING: inconsistent lock state'),
        fmt: 'inconsistent lock state in %F',
        kind: 'lockdep',
        type: 'LOCKDEP',
        stack: { parts: [rx('takes:'), rx('at: (?:{{PC}} +)?{{FUNC}}'), CALL_TRACE, TRACE], skip: LOCKDEP_SKIP },
      },
      {
        title: rx('WARNING: suspicious RCU usage'),
        fmt: 'WARNING: suspicious RCU usage in %F',
        kind: 'lockdep',
        type: 'LOCKDEP',
        stack: {
          parts: [CALL_TRACE, TRACE],
          skip: [
            'rcu_',
            'lockdep_',
            'kmem_cache_alloc',
            'rcu_read_lock',
            'debug_',
            'rcu_dereference',
            'check_',
            '__might_sleep',
          ],
        },
      },
      {
        title: rx("WARNING: kernel stack regs at +(?:[0-9a-f]+|\\(ptrval\\)) in [^ ]* has bad '([^']+)' value"),
        fmt: 'WARNING: kernel stack regs has bad value',
        noStackTrace: true,
      },
      {
        title: rx('WARNING: kernel stack frame pointer at +(?:[0-9a-f]+|\\(ptrval\\)) in [^ ]* has bad value'),
        fmt: 'WARNING: kernel stack regs has bad value',
        noStackTrace: true,
      },
      {
        title: rx('WARNING: bad unlock balance detected!'),
        fmt: 'WARNING: bad unlock balance in %F',
        kind: 'lockdep',
        type: 'LOCKDEP',
        stack: {
          parts: [
            rx('is trying to release lock.*at: (?:{{PC}} +)?{{FUNC}}|is trying to release lock'),
            rx('at: (?:{{PC}} +)?{{FUNC}}|^ *(?:{{PC}} +)?{{FUNC}}'),
            CALL_TRACE,
            TRACE,
          ],
          skip: LOCKDEP_SKIP,
        },
      },
      {
        title: rx('WARNING: held lock freed!'),
        fmt: 'WARNING: held lock freed in %F',
        kind: 'lockdep',
        type: 'LOCKDEP',
        stack: { parts: [rx('at: (?:{{PC}} +)?{{FUNC}}'), CALL_TRACE, TRACE], skip: LOCKDEP_SKIP },
      },
      {
        title: rx('WARNING: lock held when returning to user space'),
        fmt: 'WARNING: lock held when returning to user space in %F',
        kind: 'lockdep',
        type: 'LOCKDEP',
        stack: { parts: [rx('at: (?:{{PC}} +)?{{FUNC}}')], skip: LOCKDEP_SKIP },
      },
      {
        title: rx('WARNING: .*still has locks held!'),
        fmt: 'WARNING: still has locks held in %F',
        kind: 'lockdep',
        type: 'LOCKDEP',
        // Where the leaked lock was taken, not where the check ran (exit, signal delivery).
        stack: { parts: [rx('at: (?:{{PC}} +)?{{FUNC}}'), CALL_TRACE, TRACE], skip: LOCKDEP_SKIP },
      },
      {
        title: rx('WARNING: [Nn]ested lock was not taken'),
        fmt: 'WARNING: nested lock was not taken in %F',
        kind: 'lockdep',
        type: 'LOCKDEP',
        stack: { parts: [CALL_TRACE, TRACE], skip: LOCKDEP_SKIP },
      },
      {
        title: rx('WARNING: Invalid wait context'),
        fmt: 'WARNING: Invalid wait context in %F',
        kind: 'lockdep',
        stack: { parts: [CALL_TRACE, TRACE], skip: LOCKDEP_SKIP },
      },
      {
        // 6.x kernels: `WARNING: fs/jfs/jfs_dmap.c:2797 at dbAdjTree+0x…, CPU#0: comm/123`.
        title: rx('WARNING: {{SRC}} at {{FUNC}}'),
        fmt: 'WARNING in %F',
        stack: { parts: [optional(RIP_FRAME, Infinity), optional(CALL_TRACE, Infinity), TRACE] },
      },
      {
        title: rx('WARNING: {{SRC}} at 0x'),
        fmt: 'WARNING in %F',
        stack: { parts: [RIP_FRAME, CALL_TRACE, TRACE] },
      },
      {
        // The frame comes from the RIP line or the trace, not the WARNING line: a WARNING cut right after
        // its first line is no proof of where it fired (compiler-split functions, inlined helpers).
        title: rx('WARNING: .* at {{SRC}} {{FUNC}}'),
        fmt: 'WARNING in %F',
        stack: { parts: [optional(RIP_FRAME, Infinity), optional(CALL_TRACE, Infinity), TRACE] },
      },
      {
        title: rx('WARNING: .* at {{SRC}}'),
        fmt: 'WARNING in %F',
        stack: { parts: [RIP_FRAME, CALL_TRACE, TRACE] },
      },
    ],
    suppressions: [
      /WARNING: \/etc\/ssh/,
      /Spectre V2 : WARNING/,
      /XFS \(.*\): WARNING/,
      /WARNING: [^ ]+ is deprecated/,
      /WARNING: Unprivileged eBPF/,
      /WARNING: The mand mount option/,
      /WARNING: Support for/,
      /WARNING: kernel not compiled with/,
      /WARNING: This device/,
      /\): WARNING:/,
      // printk_once from the capability code (it quotes a process name), not a kernel bug.
      /uses deprecated v2 capabilities/i,
    ],
  },
  {
    header: 'INFO:',
    kind: 'bug',
    formats: [
      {
        title: rx('INFO: possible circular locking dependency detected'),
        report: rx('INFO: possible circular locking dependency detected(?:.*\\n){1,60}?.*is trying to acquire lock'),
        fmt: 'possible deadlock in %F',
        kind: 'lockdep',
        type: 'LOCKDEP',
        stack: {
          parts: [rx('at: (?:{{PC}} +)?{{FUNC}}'), rx('at: (?:{{PC}} +)?{{FUNC}}'), CALL_TRACE, TRACE],
          skip: LOCKDEP_SKIP,
        },
      },
      {
        title: rx('INFO: possible irq lock inversion dependency detected'),
        fmt: 'possible deadlock in %F',
        kind: 'lockdep',
        type: 'LOCKDEP',
        stack: {
          parts: [rx('just changed the state of lock'), rx('at: (?:{{PC}} +)?{{FUNC}}'), CALL_TRACE, TRACE],
          skip: LOCKDEP_SKIP,
        },
      },
      {
        title: rx('INFO: .*-safe -> .*-unsafe lock order detected'),
        fmt: 'possible deadlock in %F',
        kind: 'lockdep',
        type: 'LOCKDEP',
        // The culprit is where the lock became irq-safe: that path is what makes the order unsafe.
        stack: {
          parts: [rx('which became (?:.*) at:'), TRACE],
          fallback: [rx('is trying to acquire'), rx('at: (?:{{PC}} +)?{{FUNC}}')],
          skip: LOCKDEP_SKIP,
        },
      },
      {
        title: rx('INFO: possible recursive locking detected'),
        fmt: 'possible deadlock in %F',
        kind: 'lockdep',
        type: 'LOCKDEP',
        stack: {
          parts: [rx('is trying to acquire lock'), rx('at: (?:{{PC}} +)?{{FUNC}}'), CALL_TRACE, TRACE],
          skip: LOCKDEP_SKIP,
        },
      },
      {
        title: rx('INFO: inconsistent lock state'),
        fmt: 'inconsistent lock state in %F',
        kind: 'lockdep',
        type: 'LOCKDEP',
        stack: { parts: [rx('takes:'), rx('at: (?:{{PC}} +)?{{FUNC}}'), CALL_TRACE, TRACE], skip: LOCKDEP_SKIP },
      },
      {
        title: rx('INFO: rcu_(?:preempt|sched|bh) (?:self-)?detected(?: expedited)? stall'),
        fmt: 'INFO: rcu detected stall in %F',
        alt: ['stall in %F'],
        kind: 'rcu-stall',
        type: 'HANG',
        stack: STALL_STACK,
      },
      {
        title: rx('INFO: rcu_(?:preempt|sched|bh|tasks) detected stalls(?: on CPU)?'),
        fmt: 'INFO: rcu detected stall in %F',
        alt: ['stall in %F'],
        kind: 'rcu-stall',
        type: 'HANG',
        stack: STALL_STACK,
      },
      {
        title: rx('INFO: trying to register non-static key'),
        fmt: 'INFO: trying to register non-static key in %F',
        kind: 'lockdep',
        type: 'LOCKDEP',
        stack: {
          parts: [CALL_TRACE, TRACE],
          skip: [...LOCKDEP_SKIP, 'register_lock_class', 'assign_lock_key', 'debug_', 'stack', 'IRQ'],
        },
      },
      {
        title: rx('INFO: suspicious RCU usage'),
        fmt: 'INFO: suspicious RCU usage in %F',
        kind: 'lockdep',
        type: 'LOCKDEP',
        stack: { parts: [CALL_TRACE, TRACE], skip: ['rcu_', 'lockdep_', 'kmem_cache_alloc', 'debug_', 'check_'] },
      },
      {
        title: rx('INFO: task .* blocked for more than [0-9]+ seconds'),
        fmt: 'INFO: task hung in %F',
        alt: ['hang in %F'],
        kind: 'hung-task',
        type: 'HANG',
        stack: { parts: [CALL_TRACE, TRACE], skip: HANG_SKIP },
      },
      {
        title: rx("INFO: task .* can't die for more than [0-9]+ seconds"),
        fmt: "INFO: task can't die in %F",
        alt: ['hang in %F'],
        kind: 'hung-task',
        type: 'HANG',
        stack: { parts: [CALL_TRACE, TRACE], skip: HANG_SKIP },
      },
      {
        // SLUB debug: where the object was freed, printed without its `BUG <cache>` header (a cut report).
        title: rx('INFO: Freed in (.*)'),
        fmt: 'INFO: Freed in %1',
        noStackTrace: true,
        corrupted: true,
      },
    ],
    suppressions: [
      /INFO: lockdep is turned off/,
      /INFO: Stall ended before state dump start/,
      /INFO: NMI handler/,
      /_INFO::/,
      /INFO: recovery required/,
      /\): INFO:/,
      /INFO: Allocated in/,
      /INFO: Slab 0x/,
      /INFO: Object 0x/,
      /INFO: lockdep/,
    ],
  },
  {
    header: 'Unable to handle kernel',
    kind: 'oops',
    formats: [
      {
        title: rx(
          'Unable to handle kernel (?:paging request|access to user memory|execute from non-executable memory|read from unreadable memory|write to read-only memory)',
        ),
        fmt: 'BUG: unable to handle kernel paging request in %F',
        alt: [BAD_ACCESS],
        type: 'MEMORY_SAFETY_BUG',
        stack: { parts: [RIP_FRAME, CALL_TRACE, TRACE] },
      },
      {
        title: rx('Unable to handle kernel NULL pointer dereference'),
        fmt: 'BUG: unable to handle kernel NULL pointer dereference in %F',
        alt: [BAD_ACCESS],
        type: 'NULL-POINTER-DEREFERENCE',
        stack: { parts: [RIP_FRAME, CALL_TRACE, TRACE] },
      },
    ],
    suppressions: [],
  },
  {
    header: 'general protection fault',
    kind: 'oops',
    formats: [
      {
        title: rx('general protection fault.*:'),
        fmt: 'general protection fault in %F',
        alt: [BAD_ACCESS],
        type: 'MEMORY_SAFETY_BUG',
        stack: RIP_STACK,
      },
    ],
    suppressions: [/general protection fault .*error:\d+ in /, /traps: .*general protection fault/],
  },
  {
    header: 'stack segment: ',
    kind: 'oops',
    formats: [{ title: rx('stack segment: '), fmt: 'stack segment fault in %F', stack: RIP_STACK }],
    suppressions: [/traps: .*stack segment/],
  },
  {
    header: 'Kernel panic',
    kind: 'panic',
    formats: [
      {
        title: rx('Kernel panic - not syncing: stack-protector: Kernel stack is corrupted in: {{FUNC}}'),
        fmt: 'kernel panic: stack is corrupted in %F',
        stack: {
          parts: [
            rx('Kernel panic - not syncing: stack-protector: Kernel stack is corrupted in: {{FUNC}}'),
            CALL_TRACE,
            TRACE,
          ],
          skip: ['stack_chk'],
        },
      },
      {
        title: rx('Kernel panic - not syncing: stack-protector: Kernel stack is corrupted in'),
        fmt: 'kernel panic: stack is corrupted in %F',
        stack: { parts: [CALL_TRACE, TRACE], skip: ['stack_chk', '__stack_chk'] },
      },
      {
        title: rx('Kernel panic - not syncing: corrupted stack end detected inside scheduler'),
        fmt: 'kernel panic: corrupted stack end in %F',
        alt: ['stack-overflow in %F'],
        stack: {
          parts: [CALL_TRACE, TRACE],
          skip: [
            'schedule',
            'retint_kernel',
            '__schedule',
            'preempt_schedule',
            'io_schedule',
            'context_switch',
            'wait_',
            'bit_wait',
            'out_of_line_wait',
            'mutex_',
            'down',
            'rwsem',
          ],
          extractor: 'stall',
        },
      },
      {
        title: rx('Kernel panic - not syncing: kernel stack overflow'),
        fmt: 'kernel stack overflow in %F',
        alt: ['stack-overflow in %F'],
        stack: {
          parts: [CALL_TRACE, TRACE],
          skip: ['bad_stack', 'handle_bad_stack', 'handle_stack_overflow', 'exc_double_fault', 'asm_exc_double_fault'],
        },
      },
      {
        title: rx('Kernel panic - not syncing: Attempted to kill init!'),
        fmt: 'kernel panic: Attempted to kill init!',
        noStackTrace: true,
      },
      {
        title: rx("Kernel panic - not syncing: Couldn't open N_TTY ldisc for [^ ]+ --- error -[0-9]+"),
        fmt: "kernel panic: Couldn't open N_TTY ldisc",
        noStackTrace: true,
      },
      {
        // Printed after an oops: if it is the first header, the oops itself was lost.
        title: rx('Kernel panic - not syncing: Fatal exception'),
        fmt: 'kernel panic: Fatal exception',
        noStackTrace: true,
        corrupted: true,
      },
      {
        title: rx('Kernel panic - not syncing: panic_on_warn set'),
        fmt: 'kernel panic: panic_on_warn set',
        noStackTrace: true,
        corrupted: true,
      },
      {
        title: rx('Kernel panic - not syncing: hung_task: blocked tasks'),
        fmt: 'kernel panic: hung_task: blocked tasks',
        noStackTrace: true,
        corrupted: true,
      },
      { title: rx('Kernel panic - not syncing: (.*)'), fmt: 'kernel panic: %1', noStackTrace: true },
    ],
    suppressions: [],
  },
  {
    header: 'PANIC: double fault',
    kind: 'oops',
    formats: [{ title: rx('PANIC: double fault'), fmt: 'PANIC: double fault in %F', stack: { parts: [RIP_FRAME] } }],
    suppressions: [],
  },
  {
    header: 'kernel BUG',
    kind: 'bug',
    formats: [
      {
        title: rx('kernel BUG at mm/usercopy\\.c'),
        fmt: 'BUG: bad usercopy in %F',
        stack: { parts: [CALL_TRACE, TRACE], skip: ['usercopy', '__check', 'check_', 'copy_', '_copy_'] },
      },
      {
        title: rx('kernel BUG at lib/list_debug\\.c'),
        fmt: 'BUG: corrupted list in %F',
        alt: [BAD_ACCESS],
        stack: { parts: [CALL_TRACE, TRACE] },
      },
      {
        title: rx('kernel BUG (?:at|in) (?:.*)'),
        fmt: 'kernel BUG in %F',
        type: 'BUG',
        stack: { parts: [RIP_FRAME, CALL_TRACE, TRACE], skip: ['bug', 'do_trap', 'do_error_trap', 'handle_bug'] },
      },
    ],
    suppressions: [],
  },
  {
    // CONFIG_DEBUG_LIST: `list_del corruption, ffff…->next is LIST_POISON1 (dead000000000100)`, then
    // `kernel BUG at lib/list_debug.c` (or a WARNING on older kernels) and the trace of the list's user.
    header: ' corruption',
    kind: 'bug',
    requires: /^list_(?:add|del) corruption/,
    formats: [
      {
        title: rx('list_(?:add|del) corruption'),
        fmt: 'BUG: corrupted list in %F',
        alt: [BAD_ACCESS],
        stack: { parts: [optional(RIP_FRAME, Infinity), optional(CALL_TRACE, Infinity), TRACE] },
      },
    ],
    suppressions: [],
  },
  {
    header: 'Kernel BUG',
    kind: 'bug',
    formats: [{ title: rx('Kernel BUG (.*)'), fmt: 'kernel BUG %1', noStackTrace: true }],
    suppressions: [],
  },
  {
    header: 'BUG kmalloc-',
    kind: 'bug',
    formats: [
      {
        title: rx('BUG kmalloc-.*: Object already free'),
        fmt: 'BUG: Object already free',
        noStackTrace: true,
        corrupted: true,
      },
      {
        title: rx('BUG kmalloc-[^ ]+ \\((?:Not tainted|Tainted: [^)]*)\\): ([A-Za-z ]+)'),
        fmt: 'BUG: %1',
        noStackTrace: true,
      },
    ],
    suppressions: [],
  },
  {
    // SLUB debugging (slub_debug=FZPU): `BUG dentry (Tainted: G    B): Poison overwritten`. The cache name
    // varies with the victim, the message names the kind of corruption.
    header: 'BUG ',
    kind: 'bug',
    requires:
      /^(?:=+ *)?BUG [\w.:()\-]+ \((?:Not tainted|Tainted: [^)]*)\): (?:Poison overwritten|Redzone overwritten|Left Redzone overwritten|Right Redzone overwritten|Object padding overwritten|Alignment padding overwritten|Padding overwritten|Freepointer corrupt|Object already free|Invalid object pointer|Wrong object count|Not a valid slab page|Objects remaining|Redzone area overwritten|kmalloc Redzone overwritten)/,
    formats: [
      {
        title: rx('BUG [\\w.:()\\-]+ \\((?:Not tainted|Tainted: [^)]*)\\): ([A-Za-z ]+)'),
        fmt: 'BUG: %1',
        noStackTrace: true,
      },
    ],
    suppressions: [],
  },
  {
    // /sys/kernel/debug/kmemleak output pasted on its own (without syzkaller's `BUG: memory leak` line).
    header: 'unreferenced object 0x',
    kind: 'leak',
    formats: [
      {
        title: rx('unreferenced object 0x'),
        fmt: 'memory leak in %F',
        stack: {
          parts: [rx('backtrace'), TRACE],
          skip: KMEMLEAK_SKIP,
        },
      },
    ],
    suppressions: [],
  },
  {
    header: 'detected hard LOCKUP',
    kind: 'lockup',
    formats: [
      {
        title: rx('[Ww]atchdog detected hard LOCKUP'),
        fmt: 'BUG: hard lockup in %F',
        alt: ['stall in %F'],
        stack: { parts: [optional(RIP_FRAME, Infinity), optional(CALL_TRACE, Infinity), TRACE], extractor: 'stall' },
      },
    ],
    suppressions: [],
  },
  {
    header: 'divide error:',
    kind: 'oops',
    formats: [{ title: rx('divide error: '), fmt: 'divide error in %F', stack: RIP_STACK }],
    suppressions: [/traps: .*divide error/],
  },
  {
    header: 'divide_error:',
    kind: 'oops',
    formats: [{ title: rx('divide_error: '), fmt: 'divide error in %F', stack: RIP_STACK }],
    suppressions: [],
  },
  {
    header: 'invalid opcode:',
    kind: 'oops',
    formats: [{ title: rx('invalid opcode: '), fmt: 'invalid opcode in %F', stack: RIP_STACK }],
    suppressions: [],
  },
  {
    header: 'UBSAN:',
    kind: 'ubsan',
    formats: [
      {
        title: rx('UBSAN: array-index-out-of-bounds in'),
        fmt: 'UBSAN: array-index-out-of-bounds in %F',
        alt: [BAD_ACCESS],
        type: 'MEMORY_SAFETY_UBSAN',
        stack: { parts: [CALL_TRACE, TRACE], skip: ['ubsan', 'overflow'] },
      },
      {
        title: rx('UBSAN: Undefined behaviour in'),
        fmt: 'UBSAN: undefined-behaviour in %F',
        type: 'UBSAN',
        stack: { parts: [CALL_TRACE, TRACE], skip: ['ubsan', 'overflow'] },
      },
      {
        title: rx('UBSAN: ([a-zA-Z0-9\\-]+) in'),
        fmt: 'UBSAN: %1 in %F',
        type: 'UBSAN',
        stack: { parts: [CALL_TRACE, TRACE], skip: ['ubsan', 'overflow'] },
      },
    ],
    suppressions: [],
  },
  {
    header: 'Booting the kernel',
    kind: 'other',
    formats: [{ title: rx('Booting the kernel'), fmt: 'unexpected kernel reboot', noStackTrace: true, type: 'REBOOT' }],
    // The decompressor's banner echoed back inside a bogus mount option is no reboot.
    suppressions: [/Unknown parameter|Bad value for/],
  },
  {
    header: 'unregister_netdevice: waiting for',
    kind: 'other',
    formats: [
      {
        title: rx('unregister_netdevice: waiting for (?:.*) to become free'),
        fmt: 'unregister_netdevice: waiting for DEV to become free',
        noStackTrace: true,
      },
    ],
    suppressions: [],
  },
  {
    header: 'trusty: panic',
    kind: 'other',
    formats: [
      {
        title: rx('trusty: panic \\(caller [^)]*\\): DEBUG ASSERT FAILED at \\([^)]*\\): (.*)'),
        fmt: 'trusty: ASSERT FAILED: %1',
        noStackTrace: true,
      },
      { title: rx('trusty: panic (.*)'), fmt: 'trusty: panic %1', noStackTrace: true },
    ],
    suppressions: [],
  },
  {
    header: 'trusty: ASSERT FAILED',
    kind: 'other',
    formats: [{ title: rx('trusty: ASSERT FAILED (.*)'), fmt: 'trusty: ASSERT FAILED %1', noStackTrace: true }],
    suppressions: [],
  },
  {
    header: 'Internal error:',
    kind: 'oops',
    formats: [
      {
        title: rx('Internal error: '),
        fmt: 'Internal error in %F',
        alt: [BAD_ACCESS],
        stack: { parts: [RIP_FRAME, CALL_TRACE, TRACE] },
      },
    ],
    suppressions: [],
  },
  {
    header: 'Unhandled fault:',
    kind: 'oops',
    formats: [
      {
        title: rx('Unhandled fault:'),
        fmt: 'Unhandled fault in %F',
        alt: [BAD_ACCESS],
        stack: { parts: [RIP_FRAME, CALL_TRACE, TRACE] },
      },
    ],
    suppressions: [],
  },
  {
    header: 'Alignment trap:',
    kind: 'oops',
    formats: [
      {
        title: rx('Alignment trap:'),
        fmt: 'Alignment trap in %F',
        alt: [BAD_ACCESS],
        stack: { parts: [RIP_FRAME, CALL_TRACE, TRACE] },
      },
    ],
    suppressions: [],
  },
  {
    header: 'int3:',
    kind: 'oops',
    formats: [{ title: rx('int3: '), fmt: 'int3 in %F', stack: RIP_STACK }],
    suppressions: [/traps: .*int3/],
  },
  {
    header: 'VFS: Close: file count is ',
    kind: 'bug',
    formats: [
      {
        title: rx('VFS: Close: file count is (?:zero|0)'),
        fmt: 'VFS: Close: file count is zero (use-after-free)',
        noStackTrace: true,
      },
    ],
    suppressions: [],
  },
  {
    header: 'with overflow',
    kind: 'bug',
    formats: [
      {
        title: rx('(attempt to [a-z]+ with overflow)'),
        fmt: '%1 in %F',
        stack: { parts: [CALL_TRACE, TRACE], skip: ['rust_', '_R', 'core', 'panic', 'rust_begin_unwind', 'kernel..'] },
      },
    ],
    suppressions: [],
  },
  {
    header: 'SYZFAIL:',
    kind: 'other',
    formats: [{ title: rx('SYZFAIL: (.*)'), fmt: 'SYZFAIL: %1', noStackTrace: true, type: 'SYZ_FAILURE' }],
    suppressions: [],
  },
  {
    header: 'SYZFATAL:',
    kind: 'other',
    formats: [
      { title: rx('SYZFATAL: (.*)'), fmt: 'SYZFATAL: %1', alt: ['SYZFATAL'], noStackTrace: true, type: 'SYZ_FAILURE' },
    ],
    suppressions: [],
  },
  {
    header: 'fatal error:',
    kind: 'other',
    formats: [{ title: rx('fatal error:'), fmt: 'go runtime error', noStackTrace: true }],
    suppressions: [/ALSA/, /fatal error: cannot create timer/],
  },
  {
    header: 'panic: ',
    kind: 'other',
    formats: [{ title: rx('panic: (.*)'), fmt: 'panic: %1', noStackTrace: true }],
    suppressions: [/_panic:/, /xlog_status:/, /evtlog_status:/, /Kernel panic/, /[a-z]panic: /],
  },
];
