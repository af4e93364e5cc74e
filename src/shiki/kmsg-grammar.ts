/**
 * A TextMate grammar for Linux kernel console output (dmesg, serial console, kern.log, crash(8) bt).
 * Registered with Shiki as `kmsg` (aliases `dmesg`, `kernel-log`).
 *
 * Scope names are chosen from those the GitHub light/dark themes colour, so no custom theme is needed:
 * keyword = crash headers, markup.heading = section labels, entity.name.function = frames,
 * constant.numeric = addresses and sizes, variable = registers, comment = timestamps and noise.
 * Every regex is anchored or bounded; none can backtrack catastrophically on a long line.
 */
import type { LanguageRegistration } from 'shiki';

const HEADER =
  '(?:BUG:|WARNING:|Oops(?:[: ]|\\b)|Kernel panic - not syncing:|general protection fault|Unable to handle kernel|kernel BUG at|Internal error:|list_(?:add|del) corruption|INFO: task .{1,64}? blocked|INFO: rcu_(?:sched|preempt) (?:self-)?detected stall|watchdog: BUG: soft lockup|KASAN:|UBSAN:|Out of memory(?: and no killable processes)?:|Memory cgroup out of memory:|[\\w.:/-]{1,64} invoked oom-killer:)';

export const kmsgGrammar: LanguageRegistration = {
  name: 'kmsg',
  scopeName: 'source.kmsg',
  displayName: 'Kernel log',
  aliases: ['dmesg', 'kernel-log'],
  patterns: [
    { include: '#prefix' },
    { include: '#header' },
    { include: '#section' },
    { include: '#frame' },
    { include: '#register' },
    { include: '#keyvalue' },
    { include: '#numbers' },
  ],
  repository: {
    prefix: {
      patterns: [
        // <4> syslog level, then [  130.773033] timestamp, optionally [T123] / [C1] caller ids
        { match: '^<\\d{1,2}>', name: 'comment.line.level.kmsg' },
        { match: '\\[\\s*\\d{1,10}\\.\\d{1,9}\\]', name: 'comment.line.timestamp.kmsg' },
        { match: '\\[\\s*[TC]\\d{1,7}\\]', name: 'comment.line.caller.kmsg' },
        // syslog/journal prefix: "Jan  1 00:00:00 host kernel:"
        {
          match: '^[A-Z][a-z]{2} {1,2}\\d{1,2} \\d{2}:\\d{2}:\\d{2} [\\w.-]{1,64} kernel:',
          name: 'comment.line.syslog.kmsg',
        },
      ],
    },
    header: {
      patterns: [{ match: HEADER, name: 'keyword.other.header.kmsg' }],
    },
    section: {
      patterns: [
        {
          match:
            '(?:Call [Tt]race:|Mem-Info:|Modules linked in:|Tasks state \\(memory values in pages\\):|Hardware name:|Code:|Stack:|Workqueue:|Register dump:|Exception stack|---\\[ end trace [0-9a-f]{1,16} \\]---|<(?:/?TASK|/?IRQ|/?NMI|EOI|/?SOFTIRQ)>|\\bpc : |\\blr : |\\bsp : )',
          name: 'markup.heading.section.kmsg',
        },
        { match: '\\b(?:Tainted|Not tainted)\\b', name: 'storage.modifier.taint.kmsg' },
        { match: '\\b(?:Killed process|oom_reaper: reaped process|oom-kill:)', name: 'keyword.other.header.kmsg' },
      ],
    },
    frame: {
      patterns: [
        // " ? func+0x3c/0x80 [module]"  /  "func.cold+0xb/0x10"
        {
          match:
            '(\\?\\s)?([A-Za-z_][\\w.$]{0,127})(\\+0x[0-9a-fA-F]{1,16}/0x[0-9a-fA-F]{1,16})(\\s+\\[[\\w-]{1,64}\\])?',
          captures: {
            '1': { name: 'comment.unreliable.kmsg' },
            '2': { name: 'entity.name.function.kmsg' },
            '3': { name: 'constant.numeric.offset.kmsg' },
            '4': { name: 'string.unquoted.module.kmsg' },
          },
        },
        // crash(8) bt frames: "#3 [ffff...] func at ffffffff..."
        {
          match: '(#\\d{1,3})\\s+(\\[[0-9a-f]{8,16}\\])\\s+([A-Za-z_][\\w.$]{0,127})\\s+(at)\\s+([0-9a-f]{8,16})',
          captures: {
            '1': { name: 'comment.frame-index.kmsg' },
            '2': { name: 'constant.numeric.hex.kmsg' },
            '3': { name: 'entity.name.function.kmsg' },
            '5': { name: 'constant.numeric.hex.kmsg' },
          },
        },
      ],
    },
    register: {
      patterns: [
        {
          match:
            '\\b(?:R[A-DS][XPI]|R[SD]I|R(?:8|9|1[0-5])|[CDEFGS]S|CR[0-4]|EFLAGS|ORIG_RAX|RIP|DR[0-7]|x\\d{1,2}|sp|pc|lr|pstate|ESR|FAR|[re][a-d]x|e[sd]i|ebp|esp|eip)(?=\\s{0,2}:)',
          name: 'variable.other.register.kmsg',
        },
      ],
    },
    keyvalue: {
      patterns: [
        {
          match: '\\b([a-z_][\\w()]{0,48})([=:])(?=\\s?[-\\w(])',
          captures: { '1': { name: 'variable.parameter.key.kmsg' } },
        },
        { match: '\\(GFP_[A-Z_|]{1,200}\\)|\\b__GFP_[A-Z_]{1,40}', name: 'support.constant.gfp.kmsg' },
        { match: '\\bCONSTRAINT_[A-Z]{1,20}\\b', name: 'support.constant.kmsg' },
      ],
    },
    numbers: {
      patterns: [
        { match: '\\b0x[0-9a-fA-F]{1,16}\\b', name: 'constant.numeric.hex.kmsg' },
        { match: '\\b[0-9a-f]{16}\\b', name: 'constant.numeric.hex.kmsg' },
        { match: '\\b[0-9a-f]{8}\\b(?=[\\s:])', name: 'constant.numeric.hex.kmsg' },
        { match: '-?\\b\\d{1,20}(?:kB|KB|MB|GB|B)?\\b', name: 'constant.numeric.decimal.kmsg' },
      ],
    },
  },
};
