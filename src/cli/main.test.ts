/** The CLI contract of DESIGN.md, exercised through the real shim as a user would run it. */
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const NODE = process.execPath;
const run = (args: string[], input?: string) => {
  const r = spawnSync(NODE, ['bin/kmem-casebook.js', ...args], {
    cwd: ROOT,
    input,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '' },
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
};
const OOPS = 'content/cases/ext4-inode-double-free/evidence/oops.log';
const OOM = 'content/cases/oom-killer-report/evidence/oom-report.log';

describe('kmem-casebook CLI', { timeout: 120_000 }, () => {
  it('--help prints usage and exits 0', () => {
    const r = run(['--help']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^Usage: kmem-casebook analyze \[--json\] FILE\.\.\. \| -/);
  });
  it('one input with --json prints one JSON object with the contract fields', () => {
    const r = run(['analyze', '--json', OOPS]);
    expect(r.code).toBe(0);
    const a = JSON.parse(r.out) as {
      file: string;
      reports: Record<string, unknown>[];
      matches: { case: string; confidence: string }[];
    };
    expect(a.file).toBe(OOPS);
    const first = a.reports[0];
    for (const key of ['kind', 'title', 'frame', 'arch', 'kernel', 'corrupted', 'startLine', 'endLine'])
      expect(first).toHaveProperty(key);
    expect(first).toMatchObject({ arch: 'arm64', startLine: 1 });
    expect(a.matches[0]).toMatchObject({ case: 'ext4-inode-double-free', confidence: 'strong' });
  });
  it('several inputs with --json print JSON Lines in input order', () => {
    const r = run(['analyze', '--json', OOM, OOPS]);
    expect(r.code).toBe(0);
    const lines = r.out.trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines.map((l) => (JSON.parse(l) as { file: string }).file)).toEqual([OOM, OOPS]);
    const oom = JSON.parse(lines[0] ?? '{}') as { reports: { kind: string; oom?: { killed: { pid: number } } }[] };
    expect(oom.reports.some((x) => x.kind === 'oom' && x.oom?.killed.pid === 5532)).toBe(true);
  });
  it('reads standard input from -', () => {
    const r = run(['analyze', '--json', '-'], '[   12.000000] Kernel panic - not syncing: Fatal exception\n');
    expect(r.code).toBe(0);
    expect((JSON.parse(r.out) as { reports: unknown[] }).reports.length).toBeGreaterThan(0);
  });
  it('readable text without colour when stdout is not a terminal', () => {
    const r = run(['analyze', OOPS]);
    expect(r.code).toBe(0);
    expect(r.out).toContain('Matching cases');
    expect(r.out).not.toContain('\x1b[');
  });
  it('an unreadable input: one-line error, non-zero exit, other inputs still analysed', () => {
    const r = run(['analyze', '--json', 'no/such/file.log', OOPS]);
    expect(r.code).toBe(2);
    expect(r.err.trim().split('\n')).toEqual(['kmem-casebook: cannot read no/such/file.log: no such file']);
    expect(r.out.trim().split('\n')).toHaveLength(1);
  });
  it('an input with nothing in it still exits 0', () => {
    const r = run(['analyze', '--json', '-'], 'hello\nworld\n');
    expect(r.code).toBe(0);
    expect((JSON.parse(r.out) as { reports: unknown[] }).reports).toEqual([]);
  });
  it('usage errors exit 2 with one line', () => {
    for (const args of [[], ['frobnicate'], ['analyze'], ['analyze', '--bogus', 'x']]) {
      const r = run(args);
      expect(r.code).toBe(2);
      expect(r.err.trim().split('\n')).toHaveLength(1);
    }
  });
});
