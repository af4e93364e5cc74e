/**
 * Execution context of the crash: what the CPU was doing when the faulting code ran.
 *
 * Read from the call trace top-down (the crash site first): the first frame that belongs to an
 * interrupt-entry path decides. A softirq runner (`__do_softirq`, `handle_softirqs`) above any
 * hard-IRQ entry means softirq context (e.g. an RCU callback run on irq exit); a hard-IRQ entry means
 * hardirq; an NMI entry or an `<NMI>` section means NMI. With no such frame the task itself ran the
 * code: a workqueue worker (`Workqueue:` line), another kernel thread (trace ends in `kthread`), or a
 * process (system call or fault from user space).
 */
import type { StackFrame } from '../types.ts';
import type { CrashDetails } from '../types.ts';

type Context = NonNullable<CrashDetails['context']>;

const SOFTIRQ_FRAMES = new Set([
  '__do_softirq',
  'handle_softirqs',
  'do_softirq',
  'run_ksoftirqd',
  '__irq_exit_rcu',
  'irq_exit_rcu',
  'do_softirq_own_stack',
  'call_on_irq_stack_softirq',
]);
const HARDIRQ_FRAMES = new Set([
  'handle_irq_event',
  'handle_irq_event_percpu',
  '__handle_irq_event_percpu',
  '__handle_domain_irq',
  'handle_domain_irq',
  'generic_handle_irq',
  'generic_handle_domain_irq',
  'gic_handle_irq',
  'el1_irq',
  'el1_interrupt',
  'el0_irq',
  'common_interrupt',
  'asm_common_interrupt',
  'do_IRQ',
  'handle_irq',
  'irq_exit',
  'smp_apic_timer_interrupt',
  'apic_timer_interrupt',
  'hrtimer_interrupt',
  '__hrtimer_run_queues',
  'tick_sched_timer',
  'update_process_times',
]);
const NMI_FRAMES = new Set([
  'nmi_handle',
  'default_do_nmi',
  'do_nmi',
  'exc_nmi',
  'asm_exc_nmi',
  'end_repeat_nmi',
  'nmi',
  'perf_event_nmi_handler',
  'watchdog_overflow_callback',
]);

export function detectContext(
  frames: readonly StackFrame[],
  workqueue: string | undefined,
  comm: string | undefined,
): Context {
  for (const f of frames) {
    if (f.stack === 'NMI') return 'nmi';
    const name = f.func;
    if (NMI_FRAMES.has(name)) return 'nmi';
    if (SOFTIRQ_FRAMES.has(name)) return 'softirq';
    if (f.stack === 'SOFTIRQ') return 'softirq';
    if (
      HARDIRQ_FRAMES.has(name) ||
      name.startsWith('__sysvec_') ||
      name.startsWith('sysvec_') ||
      name.startsWith('asm_sysvec_')
    ) {
      return 'hardirq';
    }
  }
  // x86 prints the <IRQ> section but its interrupt-entry frames may be unreliable or missing.
  if (frames.length > 0 && frames[0]?.stack === 'IRQ') return 'hardirq';
  if (workqueue !== undefined) return 'workqueue';
  if (comm !== undefined && comm.startsWith('kworker/')) return 'workqueue';
  if (frames.length === 0) return comm !== undefined ? (isKthreadName(comm) ? 'kthread' : 'process') : 'unknown';
  const bottom = frames.slice(-4).map((f) => f.func);
  const fromUser = frames.some((f) =>
    /^(?:entry_SYSCALL|do_syscall_|__x64_sys_|__arm64_sys_|__se_sys_|__do_sys_|el0_|el0t_|ret_fast_syscall|system_call|handle_exception|do_page_fault|exc_page_fault|asm_exc_page_fault)/.test(
      f.func,
    ),
  );
  if (!fromUser && bottom.some((f) => f === 'kthread' || f === 'ret_from_fork' || f === 'ret_from_fork_asm'))
    return 'kthread';
  if (!fromUser && comm !== undefined && isKthreadName(comm)) return 'kthread';
  return 'process';
}

function isKthreadName(comm: string): boolean {
  return /^(?:kswapd\d*|kcompactd\d*|ksoftirqd\/|kthreadd|migration\/|rcu_|khugepaged|kworker\/|jbd2\/|kauditd|oom_reaper|watchdog\/|cpuhp\/|kdevtmpfs|swapper\/)/.test(
    comm,
  );
}
