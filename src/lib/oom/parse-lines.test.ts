import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { normalize } from '../text/normalize.ts';
import { findOomReports } from './find.ts';
import { splitFixture } from './golden.ts';
import {
  parseBuddy,
  parseCpuLine,
  parseHeader,
  parseKilled,
  parseMemcgCounter,
  parseNodeLine,
  parsePairs,
  parseTaskHeader,
  parseTaskRow,
  parseUnreclaimableRow,
} from './parse-lines.ts';
import { decodeGfp } from './gfp.ts';

describe('line recognisers (lines as printed by real kernels)', () => {
  it('CPU line with UID (6.x), Kdump, taint letters', () => {
    expect(
      parseCpuLine(
        'CPU: 2 UID: 104 PID: 3589817 Comm: postgres Not tainted 6.16.9+deb14-amd64 #1 PREEMPT(lazy)  Debian 6.16.9-1',
      ),
    ).toEqual({
      pid: 3589817,
      comm: 'postgres',
      kernel: '6.16.9+deb14-amd64',
    });
    expect(
      parseCpuLine('CPU: 2 PID: 31598 Comm: dotnet Tainted: G           O    4.4.104-boot2docker #1')?.kernel,
    ).toBe('4.4.104-boot2docker');
  });
  it('headers of every era', () => {
    expect(
      parseHeader('osmcore_L invoked oom-killer: gfp_mask=0x200da, order=0, oom_adj=-17, oom_score_adj=-1000'),
    ).toMatchObject({ comm: 'osmcore_L', gfpPrinted: null, order: 0, oomAdj: -17, oomScoreAdj: -1000 });
    expect(
      parseHeader(
        'dotnet invoked oom-killer: gfp_mask=0x14000c0(GFP_KERNEL), nodemask=(null),  order=0, oom_score_adj=0',
      ),
    ).toMatchObject({ gfpPrinted: 'GFP_KERNEL', nodemask: '(null)', order: 0 });
    expect(
      parseHeader('VM Monitoring Task invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=-1, oom_score_adj=0'),
    ).toMatchObject({ comm: 'VM Monitoring Task', order: -1 });
  });
  it('gfp numbers per gfp.h table', () => {
    expect(decodeGfp('0x201da', null, '2.6.32-431.el6').flags).toEqual(['GFP_HIGHUSER_MOVABLE', '__GFP_COLD']);
    expect(decodeGfp('0x24201ca', null, '4.4.0').flags).toEqual(['GFP_HIGHUSER_MOVABLE', '__GFP_COLD']);
    expect(decodeGfp('0x14200ca', null, '4.13.0').flags).toEqual(['GFP_HIGHUSER_MOVABLE']);
    expect(decodeGfp('0x6200ca', null, '4.19.0').flags).toEqual(['GFP_HIGHUSER_MOVABLE']);
    expect(decodeGfp('0x100cca', null, '5.10.0').flags).toEqual(['GFP_HIGHUSER_MOVABLE']);
    expect(decodeGfp('0xcc0', null, '6.1.0').flags).toEqual(['GFP_KERNEL']);
    expect(decodeGfp('0x2180020', null, '4.9.0')).toMatchObject({
      flags: ['GFP_ATOMIC', '__GFP_ACCOUNT'],
      zoneClass: 'Normal',
    });
    expect(decodeGfp('0x100cca', 'GFP_HIGHUSER_MOVABLE', null)).toMatchObject({
      flagsSource: 'printed',
      zoneClass: 'Movable',
    });
    expect(decodeGfp('0x201da', null, null).flagsSource).toBe('unknown');
  });
  it('zone, buddy and node lines, with and without NUMA', () => {
    expect(parseNodeLine('Node 0 DMA32: 14*4kB (UM) 46*8kB (U) = 60680kB')).toMatchObject({
      kind: 'buddy',
      node: 0,
      zone: 'DMA32',
    });
    expect(parseNodeLine('Normal free:540kB min:540kB low:672kB')).toMatchObject({
      kind: 'zone',
      node: 0,
      zone: 'Normal',
    });
    expect(parseNodeLine('Normal: 1*4kB (U) 1*8kB (U) = 540kB')).toMatchObject({ kind: 'buddy', zone: 'Normal' });
    expect(parseNodeLine('Normal operation resumed')).toBeNull();
    expect(parseNodeLine('DMA: failed to allocate')).toBeNull();
    expect(
      parseNodeLine('Node 1 hugepages_total=0 hugepages_free=0 hugepages_surp=0 hugepages_size=2048kB'),
    ).toMatchObject({ kind: 'hugepages', node: 1 });
    const b = parseBuddy(' 0*4kB 0*8kB 1*16kB (U) 1*32kB (U) 2*2048kB (UM) 2*4096kB (M) = 13296kB', 4);
    expect(b.counts).toEqual([0, 0, 1, 1, 0, 0, 0, 0, 0, 2, 2]);
    expect(b.totalKb).toBe(13296);
    expect(parsePairs(' free:88188kB min:88444kB shmem_thp: 0kB isolated(anon):0kB lowmem_reserve[]: 0 0')).toEqual({
      free: 88188,
      min: 88444,
      shmem_thp: 0,
      'isolated(anon)': 0,
    });
  });
  it('task tables of every layout', () => {
    for (const [header, row, expected] of [
      [
        '[ pid ]   uid  tgid total_vm      rss cpu oom_adj name',
        '[ 1234]     0  1234    10000     5000   3       0 mysqld',
        [1234, 0, 1234, 10000, 5000, 3, 0],
      ],
      [
        '[ pid ]   uid  tgid total_vm      rss nr_ptes nr_pmds swapents oom_score_adj name',
        '[ 2062]     0  2062   144894      511      37       3      309          -1000 ovbbccb',
        [2062, 0, 2062, 144894, 511, 37, 3, 309, -1000],
      ],
      [
        '[  pid  ]   uid  tgid total_vm      rss rss_anon rss_file rss_shmem pgtables_bytes swapents oom_score_adj name',
        '[    116]     0   116  2628942  1995298  1995157      141         0 16052224        0          1000 stress-ng-vm',
        [116, 0, 116, 2628942, 1995298, 1995157, 141, 0, 16052224, 0, 1000],
      ],
    ] as const) {
      const cols = parseTaskHeader(header);
      expect(cols?.[cols.length - 1]).toBe('name');
      const out: number[] = [];
      expect(parseTaskRow(row, (cols?.length ?? 1) - 1, out)).toBe(row.split(/\s+/).pop());
      expect(out).toEqual(expected);
    }
    const out: number[] = [];
    expect(parseTaskRow('[ 5310]     0  5310   100   50    4096   0   0 Isolated Web Co', 8, out)).toBe(
      'Isolated Web Co',
    );
  });
  it('kill, memcg and unreclaimable-slab lines', () => {
    expect(
      parseKilled(
        'Killed process 33376 (memcg_process), UID 0, total-vm:7304kB, anon-rss:80kB, file-rss:340kB, shmem-rss:0kB',
        1,
      ),
    ).toMatchObject({ pid: 33376, comm: 'memcg_process', uid: 0, anonRss: 80 });
    expect(parseKilled('Killed process 15925 ((resolved)) total-vm:168424kB, anon-rss:4064kB', 1)?.comm).toBe(
      '(resolved)',
    );
    expect(parseMemcgCounter('memory+swap: usage 4kB, limit 9007199254740988kB, failcnt 0')).toEqual({
      name: 'memory+swap',
      usage: 4,
      limit: 9007199254740988,
      failcnt: 0,
    });
    expect(parseUnreclaimableRow('kmalloc-4096            123456KB     200000KB')).toEqual({
      name: 'kmalloc-4096',
      usedKb: 123456,
      totalKb: 200000,
    });
  });
});

describe('victim checks on edited copies of the OOMAnalyser RHEL 7 report', () => {
  const DIR = fileURLToPath(new URL('./testdata/', import.meta.url));
  const { body } = splitFixture(readFileSync(DIR + 'oomanalyser-example-rhel7-3.10.log', 'utf8'));
  const run = (text: string) => findOomReports(normalize(text).lines)[0];
  it('sacrifice child: the chosen parent tops the ranking, the killed child is named', () => {
    const r = run(body.replace('Killed process 6576 (mysqld)', 'Killed process 6577 (mysqld-worker)'));
    expect(r?.oom.selected?.pid).toBe(6576);
    expect(r?.oom.killed).toEqual({ pid: 6577, comm: 'mysqld-worker' });
    expect(r?.oom.victimCheck.victimIsTop).toBe(true);
    expect(r?.oom.victimCheck.reason).toMatch(/sacrifice child/);
  });
  it('oom_kill_allocating_task: the allocating task is killed, not the largest', () => {
    const r = run(
      body
        .replace('Out of memory: Kill process 6576 (mysqld) score 651 or sacrifice child\n', '')
        .replace(
          'Killed process 6576 (mysqld) total-vm:33914892kB, anon-rss:20629004kB',
          'Out of memory (oom_kill_allocating_task): Killed process 29481 (sed) total-vm:116856kB, anon-rss:232kB',
        ),
    );
    expect(r?.oom.killed?.pid).toBe(29481);
    expect(r?.oom.victimCheck.victimIsTop).toBe(false);
    expect(r?.oom.victimCheck.reason).toMatch(/oom_kill_allocating_task/);
  });
});
