/**
 * Everything a crash report says besides its header and call trace: who crashed (comm, PID, CPU,
 * context), on what (arch, kernel release, hardware, taint, modules), where (PC), on which address and
 * why the CPU trapped (fault address, arm64 ESR, x86 page-fault error code), and the machine state
 * (registers, `Code:` bytes).
 *
 * The crash detector (../find.ts) calls `extractCrashDetails` once per report with the report's line
 * range. One pass over those lines; each line is capped and goes through a cheap first-word dispatch
 * before any regex.
 */
import type { Arch } from '../../types.ts';
import type { LogLine } from '../../text/types.ts';
import type { CrashDetails, RegisterValue, StackFrame } from '../types.ts';
import { parseCallTrace, isCallTraceStart } from '../frames.ts';
import { decodeEsr } from './arm64-esr.ts';
import { decodeX86ErrorCode } from './x86-error-code.ts';
import { decodeTaint } from './taint.ts';
import { classifyAddress } from './fault-address.ts';
import { flagsFor, parseRegisterLine } from './registers.ts';
import { ArchVote, archFromRelease } from './arch.ts';
import { detectContext } from './context.ts';

/** Longest line any detail regex sees. */
export const MAX_DETAIL_LINE = 600;
/** Modules kept from `Modules linked in:` (real lists stay well below). */
export const MAX_MODULES = 400;

export type ExtractedDetails = Omit<CrashDetails, 'header' | 'headerLine' | 'frames'>;

export interface ExtractResult {
  details: ExtractedDetails;
  arch: Arch | null;
  kernel: string | null;
}

const CPU_LINE_RE = /^CPU: (\d{1,5}) (?:UID: \d{1,10} )?PID: (-?\d{1,10}) Comm: (.{1,400})$/;
const PROCESS_LINE_RE = /^Process (.{1,32}) \(pid: (\d{1,10}), (?:stack limit|threadinfo)/;
const OLD_PID_LINE_RE = /^Pid: (\d{1,10}), comm: (.{1,16}?) (Not tainted|Tainted: [A-Z ]{1,40}?) +(\S{1,100})/;
const TAINTED_ONLY_RE = /^Tainted: (\[[A-Z]\].{0,300})$/;
const SYM = String.raw`[A-Za-z_$][\w.$]{0,200}`;
const PC_SYM_RE = new RegExp(
  String.raw`(${SYM})\+0x([0-9a-fA-F]{1,12})(?:\/0x([0-9a-fA-F]{1,12}))?(?:\s+\[([\w-]{1,64})(?: [0-9a-f]{1,64})?\])?`,
);
// Where each architecture prints the faulting PC.
const PC_LINE_RE =
  /^(?:RIP: (?:[0-9a-f]{4}:)?|EIP: (?:[0-9a-f]{4}:)?|pc ?: |PC is at |epc ?: |NIP ?\[?|IP: |\[exception RIP: )/;
const LR_LINE_RE = /^(?:lr ?: |LR is at |ra ?: )/;
const CRASH_RIP_RE = /^\[exception RIP: (\S{1,200})\]/;
const FAULT_HEADER_RES: RegExp[] = [
  /NULL pointer dereference(?: at(?: virtual address)?|, address:) (?:0x)?([0-9a-fA-F]{1,16})/,
  /paging request at(?: virtual address)? (?:0x)?([0-9a-fA-F]{1,16})/,
  /page fault for address: (?:0x)?([0-9a-fA-F]{1,16})/,
  /probably for non-canonical address (0x[0-9a-fA-F]{1,16})/,
  /for address (?:0x)?([0-9a-fA-F]{8,16})/,
  /(?:Read|Write) (?:of )?size \d{1,6} at addr (?:0x)?([0-9a-fA-F]{8,16})/,
  /(?:read|write) (?:to|at) 0x([0-9a-fA-F]{8,16}) of \d{1,6} bytes/,
];
const CR2_ONLY_RE = /^CR2: ([0-9a-fA-F]{1,16})$/;
const FAR_RE = /^(?:FAR|far) ?[:=] (?:0x)?([0-9a-fA-F]{8,16})/;
const PF_CODE_RE = /^#PF: error_code\((0x[0-9a-fA-F]{1,8})\)/;
const OOPS_CODE_RE = /^Oops: (?:Oops: )?([0-9a-fA-F]{4}) \[#\d{1,4}\]/;
const ESR_RE = /^ESR = (0x[0-9a-fA-F]{1,16})/;
const ARM_INTERNAL_RE =
  /^Internal error: (?:Oops|BRK handler|Oops - BUG|Oops - BTI|Oops - FPAC|Oops - undefined instruction|SP\/PC alignment exception|Oops - bad mode|Oops - Undefined instruction|Oops - PAC): (?:0x)?([0-9a-fA-F]{8,16}) \[#/;
const WORKQUEUE_RE = /^Workqueue: ?(\S{0,64})(?: (\S{1,200}))?/;
const HARDWARE_RE = /^Hardware name: (.{1,300})$/;
const CODE_RE = /^Code: (.{1,600})$/i;
const LINUX_VERSION_RE = /^Linux version (\S{1,100})/;

/**
 * `traceFrames`, when the caller has them, must be `parseCallTrace(lines, t, end)` for the first line t in
 * [start, end) where `isCallTraceStart` holds: they are then used as they are instead of parsed again.
 */
export function extractCrashDetails(
  lines: readonly LogLine[],
  start: number,
  end: number,
  traceFrames?: StackFrame[],
): ExtractResult {
  const details: ExtractedDetails = { registers: [], modules: [] };
  const result: ExtractResult = { details, arch: null, kernel: null };
  try {
    extractInto(lines, Math.max(0, start), Math.min(lines.length, end), result, traceFrames);
  } catch {
    // Never throw on any input: a partial result is still worth showing.
  }
  return result;
}

function extractInto(
  lines: readonly LogLine[],
  start: number,
  end: number,
  result: ExtractResult,
  traceFrames: StackFrame[] | undefined,
): void {
  const d = result.details;
  const vote = new ArchVote();
  const regs = new Map<string, RegisterValue>();
  let headerFault: string | undefined;
  let cr2Only: string | undefined;
  let far: string | undefined;
  let pfCode: string | undefined;
  let oopsCode: string | undefined;
  let esr: string | undefined;
  let traceStart = -1;
  let pageFaultish = false;
  let release: string | null = null;

  for (let i = start; i < end; i++) {
    const line = lines[i];
    if (line === undefined) continue;
    const t = line.text.length > MAX_DETAIL_LINE ? line.text.slice(0, MAX_DETAIL_LINE) : line.text;
    if (t.length < 3) continue;
    vote.add(t);
    const c0 = t.charCodeAt(0);

    if (traceStart < 0 && isCallTraceStart(t)) traceStart = i;

    // Fault address in the header line(s).
    if (
      headerFault === undefined &&
      // 'ddr' is in both 'address' and ' at addr ': one scan of most lines instead of three.
      ((t.includes('ddr') && (t.includes('address') || t.includes(' at addr '))) || t.includes(' bytes by task'))
    ) {
      for (const re of FAULT_HEADER_RES) {
        const m = re.exec(t);
        if (m) {
          headerFault = m[1];
          if (/NULL pointer|paging request|page fault/.test(t)) pageFaultish = true;
          break;
        }
      }
    }

    switch (c0) {
      case 67 /* C */: {
        if (t.startsWith('CPU: ') && d.cpu === undefined) {
          const m = CPU_LINE_RE.exec(t);
          if (m) {
            d.cpu = Number(m[1]);
            d.pid = Number(m[2]);
            const tail = parseCommTail(m[3] ?? '');
            d.comm = tail.comm;
            if (tail.taint !== undefined) d.taint = decodeTaint(tail.taint);
            if (tail.release !== undefined) release = tail.release;
          }
        } else if (t.startsWith('CR2: ') && cr2Only === undefined) {
          const m = CR2_ONLY_RE.exec(t);
          if (m) cr2Only = m[1];
          else parseRegisterLine(t, result.arch, regs);
        } else if (d.code === undefined && (t.startsWith('Code: ') || t.startsWith('code: '))) {
          const m = CODE_RE.exec(t);
          if (m && m[1] !== undefined && !m[1].startsWith('Bad RIP') && !m[1].startsWith('Unable to access'))
            d.code = m[1].trim();
        } else {
          parseRegisterLine(t, result.arch, regs);
        }
        break;
      }
      case 99 /* c */:
        if (d.code === undefined && t.startsWith('code: ')) {
          const m = CODE_RE.exec(t);
          if (m && m[1] !== undefined) d.code = m[1].trim();
        }
        break;
      case 72 /* H */:
        if (d.hardware === undefined && t.startsWith('Hardware name: ')) {
          const m = HARDWARE_RE.exec(t);
          if (m) d.hardware = (m[1] ?? '').trim();
        }
        break;
      case 87 /* W */:
        if (d.workqueue === undefined && t.startsWith('Workqueue:')) {
          const m = WORKQUEUE_RE.exec(t);
          if (m) {
            d.workqueue = m[1] ?? '';
            if (m[2] !== undefined) d.workFunction = m[2].replace(/\s*\[[\w-]{1,64}\]$/, '');
          }
        }
        break;
      case 77 /* M */:
        if (d.modules.length === 0 && t.startsWith('Modules linked in:')) d.modules = parseModules(line.text);
        break;
      case 80 /* P */:
        if (d.comm === undefined && t.startsWith('Process ')) {
          const m = PROCESS_LINE_RE.exec(t);
          if (m) {
            d.comm = m[1] ?? '';
            d.pid = Number(m[2]);
          }
        } else if (t.startsWith('Pid: ') && d.pid === undefined) {
          const m = OLD_PID_LINE_RE.exec(t);
          if (m) {
            d.pid = Number(m[1]);
            d.comm = m[2] ?? '';
            if (m[3] !== 'Not tainted') d.taint = decodeTaint((m[3] ?? '').slice('Tainted: '.length));
            release = m[4] ?? null;
          }
        }
        break;
      case 84 /* T */:
        if (t.startsWith('Tainted: [')) {
          const m = TAINTED_ONLY_RE.exec(t);
          if (m) d.taint = decodeTaint(m[1] ?? '');
        }
        break;
      case 69 /* E */:
        if (esr === undefined && t.startsWith('ESR = ')) {
          const m = ESR_RE.exec(t);
          if (m) esr = m[1];
        } else {
          parseRegisterLine(t, result.arch, regs);
        }
        break;
      case 73 /* I */:
        if (esr === undefined && t.startsWith('Internal error: ')) {
          const m = ARM_INTERNAL_RE.exec(t);
          if (m) esr = m[1];
        }
        break;
      case 35 /* # */:
        if (pfCode === undefined && t.startsWith('#PF: error_code(')) {
          const m = PF_CODE_RE.exec(t);
          if (m) pfCode = m[1];
        }
        break;
      case 79 /* O */:
        if (oopsCode === undefined && t.startsWith('Oops: ')) {
          const m = OOPS_CODE_RE.exec(t);
          if (m) oopsCode = m[1];
        }
        break;
      case 70 /* F */:
      case 102 /* f */:
        if (far === undefined && (t.startsWith('FAR') || t.startsWith('far'))) {
          const m = FAR_RE.exec(t);
          if (m) far = m[1];
        } else {
          parseRegisterLine(t, result.arch, regs);
        }
        break;
      case 76 /* L */:
        if (release === null && t.startsWith('Linux version ')) {
          const m = LINUX_VERSION_RE.exec(t);
          if (m) release = m[1] ?? null;
        }
        break;
      default:
        break;
    }

    // PC and LR (first occurrence).
    if (d.pc === undefined && PC_LINE_RE.test(t)) {
      const crash = CRASH_RIP_RE.exec(t);
      const pc = crash ? parseCrashPc(crash[1] ?? '') : parsePc(t);
      if (pc) d.pc = pc;
    } else if (d.lr === undefined && LR_LINE_RE.test(t)) {
      const lr = parsePc(t);
      if (lr) d.lr = lr;
    }
    if (
      c0 === 120 /* x */ ||
      c0 === 115 /* s */ ||
      c0 === 112 /* p */ ||
      c0 === 82 /* R */ ||
      c0 === 68 /* D */ ||
      c0 === 71 /* G */ ||
      c0 === 83 /* S */ ||
      c0 === 107 /* k */
    ) {
      parseRegisterLine(t, result.arch, regs);
    }
  }

  result.kernel = release;
  result.arch = archFromRelease(release) ?? vote.best();
  // Register flags depend on the architecture (user/kernel split); recompute now that it is known.
  const arch = result.arch;
  d.registers = [...regs.values()].map((r) => ({ ...r, flags: flagsFor(r.name, r.value, arch) }));

  const faultRaw = headerFault ?? cr2Only ?? far ?? (pageFaultish ? regs.get('CR2')?.value : undefined);
  if (faultRaw !== undefined) d.faultAddress = classifyAddress(faultRaw, arch);

  if (esr !== undefined && (arch === 'arm64' || arch === null)) d.esr = decodeEsr(esr);
  const isX86 = arch === 'x86_64' || arch === 'x86';
  if (pfCode !== undefined) d.errorCode = decodeX86ErrorCode(pfCode);
  else if (oopsCode !== undefined && isX86 && (pageFaultish || cr2Only !== undefined))
    d.errorCode = decodeX86ErrorCode(oopsCode);

  let frames: StackFrame[] = [];
  if (traceStart >= 0) {
    try {
      frames = traceFrames ?? parseCallTrace(lines, traceStart, end);
    } catch {
      frames = [];
    }
  }
  d.context = detectContext(frames, d.workqueue, d.comm);
}

/** `kworker/2:3 Kdump: loaded Not tainted 5.10.0-… #1` → comm, taint letters, release. */
function parseCommTail(s: string): { comm: string; taint?: string; release?: string } {
  let idx = s.indexOf(' Not tainted ');
  let taint: string | undefined;
  let after = '';
  let commEnd = idx;
  if (idx >= 0) {
    after = s.slice(idx + ' Not tainted '.length);
  } else {
    idx = s.indexOf(' Tainted: ');
    commEnd = idx;
    if (idx >= 0) {
      const rest = s.slice(idx + ' Tainted: '.length);
      // Letters occupy a fixed-width field of single capitals and blanks; the release follows.
      let j = 0;
      while (j < rest.length) {
        const c = rest.charCodeAt(j);
        const next = rest.charCodeAt(j + 1);
        if (c === 32) {
          j++;
          continue;
        }
        if (c >= 65 && c <= 90 && (Number.isNaN(next) || next === 32)) {
          j++;
          continue;
        }
        break;
      }
      taint = rest.slice(0, j).trim();
      after = rest.slice(j);
    }
  }
  if (commEnd < 0) {
    return { comm: s.replace(/ Kdump: \S+$/, '').trim() };
  }
  const comm = s.slice(0, commEnd).replace(/ Kdump: \S+$/, '');
  const release = after.trim().split(/\s+/, 1)[0];
  const out: { comm: string; taint?: string; release?: string } = { comm };
  if (taint !== undefined && taint.length > 0) out.taint = taint;
  if (release !== undefined && release.length > 0) out.release = release;
  return out;
}

function parseModules(t: string): string[] {
  let s = t.slice('Modules linked in:'.length);
  const last = s.indexOf('[last unloaded:');
  if (last >= 0) s = s.slice(0, last);
  const out: string[] = [];
  for (const tok of s.split(/\s+/)) {
    if (tok.length === 0) continue;
    const name = tok.replace(/\([A-Z+-]{1,8}\)$/, '');
    if (/^[\w-]{1,64}$/.test(name)) out.push(name);
    if (out.length >= MAX_MODULES) break;
  }
  return out;
}

function parsePc(t: string): NonNullable<CrashDetails['pc']> | null {
  const m = PC_SYM_RE.exec(t);
  if (!m) return null;
  const pc: NonNullable<CrashDetails['pc']> = { func: m[1] ?? '', raw: m[0] };
  const off = m[2] !== undefined ? Number.parseInt(m[2], 16) : NaN;
  if (Number.isFinite(off)) pc.offset = off;
  const size = m[3] !== undefined ? Number.parseInt(m[3], 16) : NaN;
  if (Number.isFinite(size)) pc.size = size;
  if (m[4] !== undefined) pc.module = m[4];
  return pc;
}

/** crash's `[exception RIP: do_show_dentry_tree+353]` (decimal offset). */
function parseCrashPc(s: string): NonNullable<CrashDetails['pc']> | null {
  const m = /^([A-Za-z_$][\w.$]{0,200})(?:\+(\d{1,10}))?$/.exec(s);
  if (!m) return null;
  const pc: NonNullable<CrashDetails['pc']> = { func: m[1] ?? '', raw: s };
  if (m[2] !== undefined) pc.offset = Number(m[2]);
  return pc;
}
