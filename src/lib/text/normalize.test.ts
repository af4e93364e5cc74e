import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { MAX_LINE_LENGTH, MAX_RAW_LINE_LENGTH, normalize } from './normalize.ts';

const seed = (name: string): string =>
  readFileSync(fileURLToPath(new URL(`../../../../shared/seeds/${name}`, import.meta.url)), 'utf8');
const evidence = (path: string): string =>
  readFileSync(fileURLToPath(new URL(`../../../content/cases/${path}`, import.meta.url)), 'utf8');

const one = (line: string) => {
  const r = normalize(line);
  expect(r.lines.length).toBe(1);
  return { line: r.lines[0]!, formats: r.info.formats };
};

describe('normalize: line prefixes', () => {
  it('dmesg timestamps, keeping the indent after the one separator space', () => {
    const { line, formats } = one('[201866.888892]  dentry_free+0x24/0xa8');
    expect(line).toMatchObject({ no: 1, text: 'dentry_free+0x24/0xa8', time: 201866.888892, indent: 1 });
    expect(formats).toEqual(['dmesg']);
  });
  it('raw dmesg without timestamps is left as is', () => {
    expect(one('BUG: kernel NULL pointer dereference, address: 0000000000000050').line.text).toBe(
      'BUG: kernel NULL pointer dereference, address: 0000000000000050',
    );
  });
  it('dmesg -T', () => {
    expect(one('[Sun Jan 24 12:40:55 2021] Out of memory: Killed process 1 (a)')).toMatchObject({
      line: { text: 'Out of memory: Killed process 1 (a)' },
      formats: ['dmesg-T'],
    });
  });
  it('kern.log / syslog with a dmesg stamp after kernel:', () => {
    const { line, formats } = one('Jan 24 12:40:55 host kernel: [  201.452633] TRACE kernfs_node_cache alloc');
    expect(line).toMatchObject({ text: 'TRACE kernfs_node_cache alloc', time: 201.452633 });
    expect(formats).toEqual(['syslog', 'dmesg']);
  });
  it('journalctl -k short-precise and short-iso', () => {
    expect(one('Jan 24 12:40:55.123456 host kernel: Call Trace:').line.text).toBe('Call Trace:');
    expect(one('2021-01-24T12:40:55+0800 host kernel: Call Trace:').line.text).toBe('Call Trace:');
    expect(one('2021-01-24T12:40:55.123456+08:00 host kernel: Call Trace:').line.text).toBe('Call Trace:');
  });
  it('journalctl -o short-monotonic and short-unix', () => {
    expect(one('[  201.452633] myhost kernel: Call Trace:').line).toMatchObject({
      text: 'Call Trace:',
      time: 201.452633,
    });
    expect(one('1611484855.123456 myhost kernel: Call Trace:').line.text).toBe('Call Trace:');
  });
  it('keeps the program name of non-kernel syslog lines', () => {
    expect(one('Jan 24 12:40:55 host systemd[1]: foo.service: Failed').line).toMatchObject({
      text: 'foo.service: Failed',
      ident: 'systemd',
    });
  });
  it('dmesg --time-format=iso is not mistaken for host + program', () => {
    expect(one('2021-01-24T12:40:55,123456+08:00 Call trace:').line.text).toBe('Call trace:');
  });
  it('serial console caller tags', () => {
    expect(one('[   12.345678][ T1234] kernel BUG at mm/slub.c:1!').line).toMatchObject({
      caller: 'T1234',
      time: 12.345678,
      text: 'kernel BUG at mm/slub.c:1!',
    });
    expect(one('[   12.3][   C1] watchdog: BUG: soft lockup').line.caller).toBe('C1');
  });
  it('dmesg -x and -r', () => {
    expect(one('kern  :warn  : [    1.000000] WARNING: CPU: 0 PID: 1 at a.c:1 f+0x1/0x2').line.text).toMatch(
      /^WARNING: CPU/,
    );
    expect(one('<4>[    1.000000] WARNING: x').line.text).toBe('WARNING: x');
  });
  it('CRLF, ANSI colour, rsyslog #011/#033 escapes', () => {
    expect(one('\x1b[31m[    1.0] red\x1b[0m\r').line.text).toBe('red');
    expect(one('Jan  1 00:00:00 h kernel: a#011b').line.text).toBe('a\tb');
    expect(one('Jan  1 00:00:00 h kernel: #033[1mbold#033[0m').line.text).toBe('bold');
  });
  it('rsyslog #012 splits one message into several lines with the same number', () => {
    const r = normalize('Jan  1 00:00:00 h kernel: Call Trace:#012 dump_stack+0x1/0x2#012 panic+0x1/0x2');
    expect(r.lines.map((l) => [l.no, l.text])).toEqual([
      [1, 'Call Trace:'],
      [1, 'dump_stack+0x1/0x2'],
      [1, 'panic+0x1/0x2'],
    ]);
  });
  it('mail quoting and the crash prompt', () => {
    expect(one('> > [    3.0] quoted').line.text).toBe('quoted');
    expect(one('crash> bt -l').line.text).toBe('bt -l');
  });
  it('localised faddr2line output becomes English', () => {
    const r = normalize('slab_equal_or_root 于 mm/slab.h:229\n(已内连入)cache_from_obj 于 mm/slab.h:375');
    expect(r.lines.map((l) => l.text)).toEqual([
      'slab_equal_or_root at mm/slab.h:229',
      '(inlined by) cache_from_obj at mm/slab.h:375',
    ]);
  });
});

describe('normalize: copies from web pages and PDFs', { timeout: 60_000 }, () => {
  it('drops the counting line-number artefacts of seed 004 and the number before a syslog date', () => {
    const r = normalize(seed('004_8ff3dd638468ff21.txt'));
    // Only real command output that is a bare number stays (`wc -l` counts).
    const bare = r.lines.filter((l) => /^\d+$/.test(l.text)).map((l) => Number(l.text));
    expect(bare).toEqual(expect.arrayContaining([7239, 5034]));
    expect(bare.every((n) => n >= 500)).toBe(true);
    const trace = r.lines.find((l) => l.text.startsWith('TRACE kernfs_node_cache alloc'));
    expect(trace).toMatchObject({ no: 149, time: 201.452633 });
    expect(r.info.formats).toContain('line-numbers');
    expect(r.info.formats).toContain('syslog-iso');
  });
  it('strips line numbers copied with a gutter (`12 | [ 1.0] …`, `12: …`, `12\t…`)', () => {
    const r = normalize(
      '12 | [    1.000000] Call Trace:\n13: [    1.000001]  dump_stack+0x1/0x2\n14\tJan  1 00:00:00 h kernel: x',
    );
    expect(r.lines.map((l) => l.text)).toEqual(['Call Trace:', 'dump_stack+0x1/0x2', 'x']);
  });
  it('rejoins PDF-wrapped lines of seed 000 (word wrap with a space, hyphen without)', () => {
    const r = normalize(seed('000_31f985cc44eb4514.txt'));
    const cpu = r.lines.find((l) => l.text.startsWith('CPU: 2 PID: 56829'));
    expect(cpu).toMatchObject({ no: 230, endNo: 231 });
    expect(cpu?.text).toBe(
      'CPU: 2 PID: 56829 Comm: kworker/2:3 Kdump: loaded Not tainted 5.10.0-136.75.0.155.u112.fos23.x86_64 #1',
    );
    const hw = r.lines.find((l) => l.text.startsWith('Hardware name: QEMU'));
    expect(hw?.text).toBe(
      'Hardware name: QEMU Standard PC (Q35 + ICH9, 2009), BIOS rel-1.12.1-0-ga5cab58e9a3f-prebuilt.qemu.org 04/01/2014',
    );
    const mods = r.lines.find((l) => l.text.startsWith('Modules linked in: nft_fib_inet'));
    expect(mods?.endNo).toBe(277);
    expect(mods?.text.endsWith('dm_region_hash dm_log dm_mod')).toBe(true);
    // The markdown fence after the block is not glued onto it.
    expect(r.lines.find((l) => l.no === 305)?.text).toBe('```');
  });
  it('rejoins a fixed-column hard wrap without a space (seed 001 Modules line)', () => {
    const r = normalize(seed('001_772dd82a798f773a.txt'));
    const mods = r.lines.find((l) => l.no === 13);
    expect(mods?.endNo).toBe(16);
    expect(mods?.text).toContain(' nfnetlink_queue nfnetlink_log nfnetlink ');
    expect(mods?.text).toContain(' raid6_pq virtio_blk ');
  });
  it('rejoins a mailer-wrapped Code: line under mail quoting (LKML report)', () => {
    const r = normalize(evidence('thp-deferred-split-corruption/evidence/lkml-oom01-list-del-corruption.log'));
    const code = r.lines.find((l) => l.text.startsWith('Code: '));
    expect(code?.text).toContain('bc ff <0f> 0b 48 c7 c7 40');
    expect(code?.endNo).toBe(10);
  });
  it('a Code: line followed by hex-word lines does not backtrack (fuzz finding: crash `mount` output)', () => {
    // Found by `npm run fuzz`: the old byte-group pattern made `ffff8003e16d2180 ffff8003946b5800 …`
    // take ~40 ms a line and whole pastes seconds; 300 such lines would not finish inside the timeout.
    const mount = 'ffff8003e16d2180 ffff8003946b5800 ffff8003946b5800ffff8003946b5800 squashfs /dev/loop1';
    const text = [
      '[ 1087.841383] Code: 48 63 e8 48 b8 00 00 00 00 00 fc ff df 48 8d 3c ed 60 c0 39 91 48 89 f9 48 c1 e9 03 80 3c 01 00 0f',
      ...Array<string>(300).fill(mount),
    ].join('\n');
    const r = normalize(text);
    expect(r.lines).toHaveLength(301);
    expect(r.lines[1]?.text).toBe(mount);
  }, 2000);
  it('never rejoins raw console captures, where unprefixed lines are other output (syzkaller corpus)', () => {
    const corpus = fileURLToPath(new URL('../../../../shared/corpus/syzkaller-linux-dev.jsonl', import.meta.url));
    const logs = readFileSync(corpus, 'utf8')
      .split('\n')
      .filter((l) => l.trim() !== '')
      .map((l) => (JSON.parse(l) as { log: string }).log);
    const joined = logs.flatMap((log) =>
      normalize(log)
        .lines.filter((l) => l.endNo !== undefined)
        .map((l) => l.text.slice(0, 80)),
    );
    expect(joined).toEqual([]);
  });
  it('does not glue prose or prompts after a timestamped line', () => {
    const r = normalize('[    1.0] foo\n$ dmesg\n[    2.0] bar\n在这里\n[    3.0] baz\n\nafter blank');
    expect(r.lines.map((l) => l.text)).toEqual(['foo', '$ dmesg', 'bar', '在这里', 'baz', '', 'after blank']);
  });
});

describe('normalize: crash output', () => {
  it('folds crash bt -l source lines into their frame, relative to the kernel tree', () => {
    const r = normalize(evidence('ext4-inode-double-free/evidence/crash-bt.log'));
    expect(r.lines[0]?.text).toBe('bt -l');
    const f0 = r.lines.find((l) => l.text.startsWith('#0 '));
    expect(f0).toMatchObject({
      no: 3,
      endNo: 4,
      text: '#0 [ffff8003ffec1290] crash_kexec at ffff000008170728 kernel/kexec_core.c:977',
    });
    expect(r.info.formats).toContain('crash-bt-l');
  });
});

describe('normalize: robustness', { timeout: 60_000 }, () => {
  it('counts input size in UTF-8 bytes', () => {
    expect(normalize('abc').info.bytes).toBe(3);
    expect(normalize('于 é 😀').info.bytes).toBe(3 + 1 + 2 + 1 + 4);
  });
  it('empty input gives a notice, not an exception', () => {
    const r = normalize('');
    expect(r.lines).toEqual([]);
    expect(r.info.notices.map((n) => n.code)).toEqual(['empty']);
  });
  it('binary input gives a notice and still returns its text lines', () => {
    const bin = '\u0000\u0001\u0002\u0003'.repeat(100) + '\n[    1.0] Kernel panic - not syncing: x\n';
    const r = normalize(bin);
    expect(r.info.notices.map((n) => n.code)).toContain('binary');
    expect(r.lines.some((l) => l.text === 'Kernel panic - not syncing: x')).toBe(true);
  });
  it('caps over-long lines and says so', () => {
    const r = normalize('x'.repeat(MAX_RAW_LINE_LENGTH * 3) + '\nnext');
    expect(r.lines[0]!.text.length).toBeLessThanOrEqual(MAX_LINE_LENGTH);
    expect(r.lines[1]).toMatchObject({ no: 2, text: 'next' });
    expect(r.info.notices.map((n) => n.code)).toContain('line-truncated');
  });
  it('counts lines like the input does (trailing newline adds none)', () => {
    expect(normalize('a\nb\n').info.lines).toBe(2);
    expect(normalize('a\nb').info.lines).toBe(2);
    expect(normalize('a\r\n\r\nb').lines.map((l) => l.no)).toEqual([1, 2, 3]);
  });
  it('reports progress on long inputs', () => {
    const calls: number[] = [];
    normalize('[    1.0] x\n'.repeat(200000), { onProgress: (d) => calls.push(d) });
    expect(calls.length).toBeGreaterThan(1);
    expect([...calls].sort((a, b) => a - b)).toEqual(calls);
  });
});
