/**
 * Which architecture printed a report, from the shapes only one architecture prints. Each hint has a
 * weight; the best-scoring architecture wins. The kernel release suffix (`.x86_64`, `-arm64`) decides
 * when present.
 */
import type { Arch } from '../../types.ts';

const HINTS: { arch: Arch; re: RegExp; weight: number }[] = [
  { arch: 'x86_64', re: /^RIP: [0-9a-f]{4}:|^RAX: [0-9a-f]{9,16}|^R1[0-5]: /, weight: 5 },
  { arch: 'x86', re: /^EIP: |^EAX: [0-9a-f]{8} /, weight: 5 },
  { arch: 'x86_64', re: /\b(?:entry_SYSCALL_64|do_syscall_64|__x64_sys_|asm_exc_page_fault|asm_sysvec_)/, weight: 2 },
  { arch: 'arm64', re: /^x\d{1,2}\s?: [0-9a-f]{16}|^pstate: |^ESR = 0x|^Internal error: Oops: [0-9a-f]{8}/, weight: 5 },
  {
    arch: 'arm64',
    re: /\b(?:el[01]_(?:da|ia|irq|svc|sync|interrupt)|__arm64_sys_|el0t_64_|do_mem_abort)\b/,
    weight: 2,
  },
  {
    arch: 'arm',
    re: /^(?:PC is at|pc : \[<[0-9a-f]{8}>\]|r10: [0-9a-f]{8}|Flags: [NnZzCcVv]{4} +IRQs)|\b(?:__dabt_svc|ret_fast_syscall|__irq_svc)\b/,
    weight: 4,
  },
  { arch: 'powerpc', re: /^(?:NIP[: ] |MSR: +[0-9a-f]{8,16}|GPR\d\d: )/, weight: 5 },
  { arch: 'riscv', re: /^(?:epc : |sstatus: |ra : [0-9a-f]{16}|status: [0-9a-f]{16} badaddr:)/, weight: 5 },
  { arch: 's390', re: /^(?:Krnl PSW|Krnl GPRS:)/, weight: 5 },
  { arch: 'mips', re: /^(?:\$ ?\d{1,2} +: [0-9a-f]{8}|epc +: [0-9a-f]{8})/, weight: 4 },
  { arch: 'loongarch', re: /^(?:ERA +[0-9a-f]{16}|PRMD: )/, weight: 5 },
];

export function archFromRelease(release: string | null): Arch | null {
  if (release === null) return null;
  const r = release.toLowerCase();
  if (/x86_64|amd64/.test(r)) return 'x86_64';
  if (/aarch64|arm64/.test(r)) return 'arm64';
  if (/ppc64|powerpc/.test(r)) return 'powerpc';
  if (/riscv/.test(r)) return 'riscv';
  if (/s390/.test(r)) return 's390';
  if (/loongarch/.test(r)) return 'loongarch';
  if (/armv7|armhf/.test(r)) return 'arm';
  if (/i[3-6]86/.test(r)) return 'x86';
  return null;
}

export class ArchVote {
  private readonly scores = new Map<Arch, number>();

  private decided = 0;

  /** Feed one trimmed line (already capped). */
  add(text: string): void {
    // Two register-dump hints settle it; after that the vote only costs time.
    if (this.decided >= 2) return;
    const c = text.charCodeAt(0);
    const registerish =
      c === 82 ||
      c === 69 ||
      c === 120 ||
      c === 112 ||
      c === 73 ||
      c === 78 ||
      c === 77 ||
      c === 71 ||
      c === 101 ||
      c === 114 ||
      c === 75 ||
      c === 36 ||
      c === 80 ||
      c === 102 ||
      c === 115 ||
      c === 114;
    const frameish = text.indexOf('+0x') > 0 || text.indexOf(' from ') > 0;
    if (!registerish && !frameish) return;
    for (const h of HINTS) {
      if (h.weight < 4 && !frameish) continue;
      if (h.re.test(text)) {
        this.scores.set(h.arch, (this.scores.get(h.arch) ?? 0) + h.weight);
        if (h.weight >= 5) this.decided++;
      }
    }
  }

  best(): Arch | null {
    let best: Arch | null = null;
    let score = 0;
    for (const [a, s] of this.scores) {
      if (s > score) {
        best = a;
        score = s;
      }
    }
    return best;
  }
}
