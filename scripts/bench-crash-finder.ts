/**
 * Times findCrashReports alone (after normalize, which is not timed) on inputs that stress the cost per
 * report rather than per line:
 *   (a) one KASAN header line repeated 500 … 8000 times (time grows with the count up to MAX_REPORTS);
 *   (b) the dev corpus logs concatenated and repeated to ~20 MB (dense, real reports);
 *   (c) ~20 MB of boring dmesg: lines that hold no crash marker at all.
 * Beside each: a bare line loop over the same characters and how many times slower the finder is.
 * Each figure is the best of RUNS runs (the machine is shared and loaded).
 *
 * Usage: node_modules/.bin/node scripts/bench-crash-finder.ts [--runs 3] [--mb 20]
 */
import { normalize } from '../src/lib/text/normalize.ts';
import { findCrashReports, MAX_REPORTS } from '../src/lib/oops/find.ts';
import { corpusLogs, repeatTo } from './bench-inputs.ts';

const args = process.argv.slice(2);
const arg = (name: string): string | undefined => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const RUNS = Number(arg('--runs') ?? 3);
const TARGET_MB = Number(arg('--mb') ?? 20);
const MB = 1_000_000;
const HEADER = '[ 1527.952472][T23697] BUG: KASAN: use-after-free in kobject_del+0x12e/0x20\n';

function boringDmesg(bytes: number): string {
  const msgs = [
    'usb 1-1: new high-speed USB device number 2 using xhci_hcd',
    'EXT4-fs (sda1): mounted filesystem with ordered data mode. Opts: (null)',
    'e1000e 0000:00:19.0 eth0: NIC Link is Up 1000 Mbps Full Duplex, Flow Control: Rx/Tx',
    'audit: type=1400 audit(1600000000.123:42): apparmor="STATUS" operation="profile_load"',
    'IPv6: ADDRCONF(NETDEV_CHANGE): eth0: link becomes ready',
    'systemd-journald[312]: Received client request to flush runtime journal.',
    'random: crng init done',
  ];
  const parts: string[] = [];
  let size = 0;
  for (let i = 0; size < bytes; i++) {
    const t = `[${(i / 100).toFixed(6).padStart(12)}] ${msgs[i % msgs.length]}\n`;
    parts.push(t);
    size += t.length;
  }
  return parts.join('');
}

/** The floor: find each newline, take the line, look at it once (over the first `bytes` characters). */
function bareLoop(text: string, bytes: number): number {
  let best = Infinity;
  for (let r = 0; r < RUNS; r++) {
    const t0 = performance.now();
    let hits = 0;
    for (let i = 0; i < bytes;) {
      let j = text.indexOf('\n', i);
      if (j < 0 || j > bytes) j = bytes;
      if (text.slice(i, j).includes('BUG')) hits++;
      i = j + 1;
    }
    best = Math.min(best, performance.now() - t0);
    if (hits < 0) console.log(hits);
  }
  return best;
}

function time(name: string, text: string): void {
  const { lines } = normalize(text);
  let best = Infinity;
  let reports = 0;
  let reached = 0;
  for (let r = 0; r < RUNS; r++) {
    const t0 = performance.now();
    const found = findCrashReports(lines);
    reports = found.length;
    // At MAX_REPORTS the finder stops: say how far into the input it got.
    reached = reports >= MAX_REPORTS ? (found[found.length - 1]?.endLine ?? 0) : (lines[lines.length - 1]?.no ?? 0);
    best = Math.min(best, performance.now() - t0);
  }
  // MB/s over the part of the input the finder read (all of it unless MAX_REPORTS stopped it).
  let upTo = text.length;
  if (reports >= MAX_REPORTS) {
    upTo = 0;
    for (let k = 0; k < reached && upTo >= 0; k++) upTo = text.indexOf('\n', upTo) + 1;
    if (upTo <= 0) upTo = text.length;
  }
  const mb = upTo / MB;
  const bare = bareLoop(text, upTo);
  console.log(
    `${name.padEnd(34)} ${mb.toFixed(2).padStart(7)} MB ${String(lines.length).padStart(8)} lines ` +
      `${best.toFixed(1).padStart(9)} ms ${(mb / (best / 1000)).toFixed(2).padStart(8)} MB/s  ${reports} reports` +
      `; bare line loop ${bare.toFixed(1)} ms, ${(best / bare).toFixed(1)}x` +
      (reports >= MAX_REPORTS ? ` (MAX_REPORTS reached at input line ${reached})` : ''),
  );
}

// Warm the JIT up first, so the first timed input does not pay for compilation.
findCrashReports(normalize(HEADER.repeat(500)).lines);
for (const n of [500, 1000, 2000, 4000, 8000]) time(`(a) repeated KASAN header x${n}`, HEADER.repeat(n));
const logs = corpusLogs();
if (logs.length > 0) {
  time(`(b) corpus logs to ~${TARGET_MB} MB`, repeatTo(logs, TARGET_MB * MB));
} else console.log('(b) skipped: ../shared/corpus not found');
time(`(c) boring dmesg ~${TARGET_MB} MB`, boringDmesg(TARGET_MB * MB));
