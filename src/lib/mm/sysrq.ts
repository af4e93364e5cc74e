/**
 * Magic SysRq: the command table and `/proc/sys/kernel/sysrq` ↔ allowed commands.
 *
 * Sources (checked against upstream):
 *   - Documentation/admin-guide/sysrq.rst — the command letters and the bit values
 *     (https://docs.kernel.org/admin-guide/sysrq.html).
 *   - drivers/tty/sysrq.c — each `struct sysrq_key_op`'s `.enable_mask`, the key table, and
 *     `sysrq_on_mask()`: an op runs from the keyboard when sysrq == 1, or (sysrq & enable_mask)
 *     is non-zero (https://elixir.bootlin.com/linux/v5.10/A/ident/sysrq_on_mask).
 *     Ops registered without an enable_mask (show-all-locks d, show-all-timers q, kgdb g,
 *     force-fb v, sparc64 y, powerpc xmon x) have mask 0: only the value 1 enables them.
 *   - `write_sysrq_trigger()` calls `__handle_sysrq(c, false)`: writing to /proc/sysrq-trigger
 *     ignores the mask entirely (root only). The mask governs the keyboard (and serial break).
 *   - Value quirk: bit 0 means "everything" only when the value is exactly 1. 0x3 enables
 *     just the log-level keys, because no op carries bit 0 in its enable_mask.
 *
 * Letters are case-sensitive and Latin. Seed 000's table gets eleven of them wrong: "С е р у"
 * are Cyrillic look-alikes of c e p y, "I" is a capital i standing for l, "0" the digit
 * standing for o (0 is a log-level key), "S V W X Z" are capitals of s v w x z (capital keys
 * are different commands: S resets sched_ext on 6.12+), and h is missing. `diagnoseSysrqKey()`
 * names each of these mistakes.
 */

export interface SysrqBit {
  /** The bit's value (2, 4, … 256). */
  value: number;
  /** Kernel constant, e.g. SYSRQ_ENABLE_DUMP. */
  constant: string;
  en: string;
  zh: string;
}

export const SYSRQ_BITS: readonly SysrqBit[] = [
  { value: 0x2, constant: 'SYSRQ_ENABLE_LOG', en: 'console log level', zh: '控制台日志级别' },
  { value: 0x4, constant: 'SYSRQ_ENABLE_KEYBOARD', en: 'keyboard (SAK, unraw)', zh: '键盘（SAK、unraw）' },
  { value: 0x8, constant: 'SYSRQ_ENABLE_DUMP', en: 'debugging dumps of processes etc.', zh: '进程等调试信息转储' },
  { value: 0x10, constant: 'SYSRQ_ENABLE_SYNC', en: 'sync command', zh: 'sync 命令' },
  { value: 0x20, constant: 'SYSRQ_ENABLE_REMOUNT', en: 'remount read-only', zh: '只读重新挂载' },
  {
    value: 0x40,
    constant: 'SYSRQ_ENABLE_SIGNAL',
    en: 'signalling of processes (term, kill, oom-kill)',
    zh: '向进程发信号（term、kill、oom-kill）',
  },
  { value: 0x80, constant: 'SYSRQ_ENABLE_BOOT', en: 'reboot / poweroff', zh: '重启 / 关机' },
  { value: 0x100, constant: 'SYSRQ_ENABLE_RTNICE', en: 'nicing of all RT tasks', zh: '降低所有实时任务优先级' },
];

/** Sum of all defined bits: the largest value that still means "bitmask". */
export const SYSRQ_ALL_BITS = SYSRQ_BITS.reduce((s, b) => s | b.value, 0);

export interface SysrqCommand {
  /** The key, case-sensitive ('0-9' for the log-level row). */
  key: string;
  /** help_msg the kernel prints, e.g. "memory-full-oom-kill(f)". */
  help: string;
  en: string;
  zh: string;
  /** enable_mask of the op: one bit, 0 (only sysrq=1 enables it), or null (h: help, always). */
  mask: number | null;
  /** Where the op exists at all: an architecture, a config option, a kernel version. */
  availability?: { en: string; zh: string };
  /** When a letter means different things per architecture, one row each. */
  arch?: string;
}

/** The table of Documentation/admin-guide/sysrq.rst, with enable masks from the ops. */
export const SYSRQ_COMMANDS: readonly SysrqCommand[] = [
  {
    key: 'b',
    help: 'reboot(b)',
    mask: 0x80,
    en: 'Immediately reboot without syncing or unmounting disks.',
    zh: '立即重启，不同步也不卸载磁盘。',
  },
  {
    key: 'c',
    help: 'crash(c)',
    mask: 0x8,
    en: 'Crash the system (panic); a crash dump is taken if kdump is configured.',
    zh: '使系统崩溃（panic）；配置了 kdump 时会生成 vmcore。',
  },
  {
    key: 'd',
    help: 'show-all-locks(d)',
    mask: 0,
    en: 'Show all locks that are held.',
    zh: '显示所有被持有的锁。',
    availability: { en: 'CONFIG_LOCKDEP', zh: 'CONFIG_LOCKDEP' },
  },
  {
    key: 'e',
    help: 'terminate-all-tasks(e)',
    mask: 0x40,
    en: 'Send SIGTERM to all processes except init.',
    zh: '向除 init 外的所有进程发送 SIGTERM。',
  },
  {
    key: 'f',
    help: 'memory-full-oom-kill(f)',
    mask: 0x40,
    en: 'Call the OOM killer to kill a memory hog; no panic if nothing can be killed.',
    zh: '调用 OOM killer 杀掉占内存最多的进程；没有可杀进程时不会 panic。',
  },
  {
    key: 'g',
    help: 'debug(g)',
    mask: 0,
    en: 'Enter kgdb (kernel debugger).',
    zh: '进入 kgdb（内核调试器）。',
    availability: { en: 'CONFIG_KGDB', zh: 'CONFIG_KGDB' },
  },
  {
    key: 'h',
    help: 'help',
    mask: null,
    en: 'Display help (so does any key without a command).',
    zh: '显示帮助（任何未注册的键都会显示帮助）。',
  },
  {
    key: 'i',
    help: 'kill-all-tasks(i)',
    mask: 0x40,
    en: 'Send SIGKILL to all processes except init.',
    zh: '向除 init 外的所有进程发送 SIGKILL。',
  },
  {
    key: 'j',
    help: 'thaw-filesystems(j)',
    mask: 0x40,
    en: 'Forcibly thaw filesystems frozen by the FIFREEZE ioctl ("just thaw it").',
    zh: '强制解冻被 FIFREEZE ioctl 冻结的文件系统。',
    availability: { en: 'CONFIG_BLOCK', zh: 'CONFIG_BLOCK' },
  },
  {
    key: 'k',
    help: 'sak(k)',
    mask: 0x4,
    en: 'Secure Access Key: kill all programs on the current virtual console.',
    zh: '安全访问键（SAK）：杀掉当前虚拟控制台上的所有程序。',
    availability: { en: 'CONFIG_VT', zh: 'CONFIG_VT' },
  },
  {
    key: 'l',
    help: 'show-backtrace-all-active-cpus(l)',
    mask: 0x8,
    en: 'Show a stack backtrace of all active CPUs.',
    zh: '打印所有活动 CPU 的栈回溯。',
  },
  {
    key: 'm',
    help: 'show-memory-usage(m)',
    mask: 0x8,
    en: 'Dump current memory info (show_mem) to the console.',
    zh: '把当前内存信息（show_mem）打印到控制台。',
  },
  {
    key: 'n',
    help: 'nice-all-RT-tasks(n)',
    mask: 0x100,
    en: 'Make RT tasks nice-able (normalise them to SCHED_NORMAL).',
    zh: '把实时任务降为普通调度策略。',
  },
  {
    key: 'o',
    help: 'poweroff(o)',
    mask: 0x80,
    en: 'Shut the system off (if configured and supported).',
    zh: '关机（需配置并支持）。',
  },
  {
    key: 'p',
    help: 'show-registers(p)',
    mask: 0x8,
    en: 'Dump the current registers and flags.',
    zh: '打印当前寄存器和标志位。',
  },
  {
    key: 'q',
    help: 'show-all-timers(q)',
    mask: 0,
    en: 'Dump per-CPU lists of armed hrtimers and all clockevent devices.',
    zh: '打印每个 CPU 上已启动的 hrtimer 和所有 clockevent 设备。',
  },
  {
    key: 'r',
    help: 'unraw(r)',
    mask: 0x4,
    en: 'Turn off keyboard raw mode and set it to XLATE.',
    zh: '关闭键盘 raw 模式，设为 XLATE。',
    availability: { en: 'CONFIG_VT', zh: 'CONFIG_VT' },
  },
  {
    key: 's',
    help: 'sync(s)',
    mask: 0x10,
    en: 'Attempt to sync all mounted filesystems.',
    zh: '尝试同步所有已挂载的文件系统。',
  },
  {
    key: 't',
    help: 'show-task-states(t)',
    mask: 0x8,
    en: 'Dump the list of current tasks and their information.',
    zh: '打印当前所有任务及其信息。',
  },
  {
    key: 'u',
    help: 'unmount(u)',
    mask: 0x20,
    en: 'Attempt to remount all mounted filesystems read-only.',
    zh: '尝试把所有已挂载的文件系统重新挂载为只读。',
  },
  {
    key: 'v',
    help: 'force-fb(v)',
    mask: 0,
    en: 'Forcefully restore the framebuffer console.',
    zh: '强制恢复 framebuffer 控制台。',
    arch: 'fbcon',
    availability: { en: 'DRM fbdev helper', zh: 'DRM fbdev helper' },
  },
  {
    key: 'v',
    help: 'etm',
    mask: 0,
    en: 'Dump the ETM trace buffer.',
    zh: '转储 ETM 跟踪缓冲区。',
    arch: 'ARM',
    availability: { en: 'ARM only (old kernels)', zh: '仅 ARM（旧内核）' },
  },
  {
    key: 'w',
    help: 'show-blocked-tasks(w)',
    mask: 0x8,
    en: 'Dump tasks in uninterruptible (blocked) state.',
    zh: '打印处于不可中断（D）状态的任务。',
  },
  {
    key: 'x',
    help: 'xmon(x)',
    mask: 0,
    en: 'Enter the xmon debugger.',
    zh: '进入 xmon 调试器。',
    arch: 'powerpc',
    availability: { en: 'powerpc only', zh: '仅 powerpc' },
  },
  {
    key: 'x',
    help: 'global-pmu(x)',
    mask: 0,
    en: 'Show global PMU registers.',
    zh: '显示全局 PMU 寄存器。',
    arch: 'sparc64',
    availability: { en: 'sparc64 only', zh: '仅 sparc64' },
  },
  {
    key: 'x',
    help: 'show-tlbs(x)',
    mask: 0x8,
    en: 'Dump all TLB entries.',
    zh: '转储所有 TLB 表项。',
    arch: 'MIPS',
    availability: { en: 'MIPS, LoongArch', zh: 'MIPS、LoongArch' },
  },
  {
    key: 'y',
    help: 'global-regs(y)',
    mask: 0,
    en: 'Show global CPU registers.',
    zh: '显示全局 CPU 寄存器。',
    arch: 'sparc64',
    availability: { en: 'sparc64 only', zh: '仅 sparc64' },
  },
  {
    key: 'z',
    help: 'dump-ftrace-buffer(z)',
    mask: 0x8,
    en: 'Dump the ftrace buffer.',
    zh: '转储 ftrace 缓冲区。',
    availability: { en: 'CONFIG_TRACING', zh: 'CONFIG_TRACING' },
  },
  {
    key: '0-9',
    help: 'loglevel(0-9)',
    mask: 0x2,
    en: 'Set the console log level (0: only emergency messages such as panics and oopses).',
    zh: '设置控制台日志级别（0：只显示 panic、oops 等紧急消息）。',
  },
  {
    key: 'D',
    help: 'dump-sched-ext(D)',
    mask: 0x100,
    en: 'Dump the sched_ext scheduler state.',
    zh: '转储 sched_ext 调度器状态。',
    availability: { en: 'sched_ext kernels (6.12+)', zh: '带 sched_ext 的内核（6.12+）' },
  },
  {
    key: 'R',
    help: 'replay-kernel-logs(R)',
    mask: 0x8,
    en: 'Replay the kernel log messages on consoles.',
    zh: '在控制台上重放内核日志。',
    availability: { en: 'recent kernels (6.x)', zh: '较新内核（6.x）' },
  },
  {
    key: 'S',
    help: 'reset-sched-ext(S)',
    mask: 0x100,
    en: 'Disable the sched_ext BPF scheduler and return tasks to the default class.',
    zh: '停用 sched_ext BPF 调度器，任务回到默认调度类。',
    availability: { en: 'sched_ext kernels (6.12+)', zh: '带 sched_ext 的内核（6.12+）' },
  },
];

export type SysrqValueParse = { ok: true; value: number } | { ok: false; error: string };

const MAX_VALUE_TEXT = 32;

/** Parse what one would write to /proc/sys/kernel/sysrq: decimal or 0x-hex. Never throws. */
export function parseSysrqValue(text: string): SysrqValueParse {
  const t = String(text ?? '')
    .slice(0, MAX_VALUE_TEXT)
    .trim();
  let value: number;
  if (/^0x[0-9a-f]+$/i.test(t)) value = Number.parseInt(t.slice(2), 16);
  else if (/^\d+$/.test(t)) value = Number.parseInt(t, 10);
  else return { ok: false, error: 'expected a decimal number or 0x-prefixed hex' };
  if (!Number.isSafeInteger(value) || value > 0x7fffffff) return { ok: false, error: 'value out of range' };
  return { ok: true, value };
}

export interface SysrqCommandState {
  command: SysrqCommand;
  /** Runs when pressed on the keyboard with this sysrq value. */
  keyboard: boolean;
}

export interface SysrqDecoded {
  value: number;
  hex: string;
  /** 0: the keyboard handler is off entirely. */
  disabled: boolean;
  /** Exactly 1: every op is enabled. */
  all: boolean;
  bits: { bit: SysrqBit; set: boolean }[];
  /** Bits set that no op uses (e.g. 0x1 combined with others, or ≥ 0x200). */
  unknownBits: number;
  commands: SysrqCommandState[];
}

/** Whether an op with `mask` runs from the keyboard at sysrq value `value` (sysrq_on_mask()). */
export function sysrqAllows(value: number, mask: number | null): boolean {
  if (value === 0) return false;
  if (mask === null) return true; // help
  return value === 1 || (value & mask) !== 0;
}

/** Which commands the keyboard may use at this value. */
export function decodeSysrq(value: number): SysrqDecoded {
  const v = Number.isSafeInteger(value) && value >= 0 ? value : 0;
  return {
    value: v,
    hex: '0x' + v.toString(16),
    disabled: v === 0,
    all: v === 1,
    bits: SYSRQ_BITS.map((bit) => ({ bit, set: (v & bit.value) !== 0 })),
    unknownBits: v === 1 ? 0 : v & ~SYSRQ_ALL_BITS,
    commands: SYSRQ_COMMANDS.map((command) => ({ command, keyboard: sysrqAllows(v, command.mask) })),
  };
}

/**
 * The smallest value that enables every given key from the keyboard: the OR of their bits,
 * or 1 when one of them has no enable bit (only "all" enables it). Unknown keys are ignored.
 */
export function sysrqValueFor(keys: readonly string[]): { value: number; needsAll: boolean; unknown: string[] } {
  let value = 0;
  let needsAll = false;
  const unknown: string[] = [];
  for (const k of keys) {
    const key = /^[0-9]$/.test(k) ? '0-9' : k;
    const rows = SYSRQ_COMMANDS.filter((c) => c.key === key);
    if (rows.length === 0) {
      unknown.push(k);
      continue;
    }
    // Per-arch rows of one letter: the generic (first) row decides.
    const mask = rows[0]!.mask;
    if (mask === null) continue;
    if (mask === 0) needsAll = true;
    else value |= mask;
  }
  return { value: needsAll ? 1 : value, needsAll, unknown };
}

/** Cyrillic letters that look like Latin sysrq letters. */
const CYRILLIC_LOOKALIKES: Readonly<Record<string, string>> = {
  а: 'a',
  с: 'c',
  е: 'e',
  і: 'i',
  ј: 'j',
  к: 'k',
  о: 'o',
  р: 'p',
  ѕ: 's',
  у: 'y',
  х: 'x',
  А: 'a',
  В: 'b',
  С: 'c',
  Е: 'e',
  І: 'i',
  Ј: 'j',
  К: 'k',
  М: 'm',
  Н: 'h',
  О: 'o',
  Р: 'p',
  Ѕ: 's',
  Т: 't',
  Х: 'x',
  У: 'y',
};

export type SysrqKeyDiagnosis =
  | { status: 'ok'; key: string; commands: SysrqCommand[] }
  | { status: 'cyrillic'; key: string; latin: string; commands: SysrqCommand[] }
  | { status: 'wrong-case'; key: string; latin: string; commands: SysrqCommand[] }
  | { status: 'digit-for-letter'; key: string; latin: string; commands: SysrqCommand[] }
  | { status: 'unknown'; key: string; commands: [] };

function commandsFor(key: string): SysrqCommand[] {
  const k = /^[0-9]$/.test(key) ? '0-9' : key;
  return SYSRQ_COMMANDS.filter((c) => c.key === k);
}

/**
 * What a key written in a table or a command line really is, given the intended `meaning`
 * when known: Cyrillic look-alikes, a capital where the command is lower case, the digit 0
 * for the letter o, or the capital I for l. Without `intended`, capitals that are real
 * commands (D R S) are ok.
 */
export function diagnoseSysrqKey(ch: string, intended?: string): SysrqKeyDiagnosis {
  const key = String(ch ?? '')
    .trim()
    .slice(0, 4);
  const cyr = CYRILLIC_LOOKALIKES[key];
  if (cyr !== undefined) return { status: 'cyrillic', key, latin: cyr, commands: commandsFor(cyr) };
  if (intended !== undefined && intended !== key) {
    if (key === '0' && intended === 'o')
      return { status: 'digit-for-letter', key, latin: 'o', commands: commandsFor('o') };
    if (key === 'I' && intended === 'l') return { status: 'wrong-case', key, latin: 'l', commands: commandsFor('l') };
    if (key.toLowerCase() === intended)
      return { status: 'wrong-case', key, latin: intended, commands: commandsFor(intended) };
  }
  const direct = commandsFor(key);
  if (direct.length > 0) return { status: 'ok', key, commands: direct };
  if (/^[A-Z]$/.test(key)) {
    const lower = key === 'I' ? 'l' : key.toLowerCase();
    return { status: 'wrong-case', key, latin: lower, commands: commandsFor(lower) };
  }
  return { status: 'unknown', key, commands: [] };
}
