import { describe, expect, it } from 'vitest';
import { checkZones } from './zone-check.ts';
import { decodeGfp } from './gfp.ts';
import type { OomZone } from './types.ts';

function zone(
  name: string,
  freeKb: number,
  minKb: number,
  reserve: number[],
  counts: number[],
  types: string[],
): OomZone {
  return {
    node: 0,
    name,
    free: freeKb,
    min: minKb,
    low: null,
    high: null,
    managed: null,
    present: null,
    fields: {},
    lowmemReserve: reserve,
    allUnreclaimable: null,
    buddy: { counts, types, totalKb: freeKb },
    line: 1,
  };
}

describe('__zone_watermark_ok() per zone', () => {
  const kernel = decodeGfp('0xcc0', 'GFP_KERNEL', '5.10');
  it('order-3 request: free pages pass the watermark but only order ≤ 2 blocks are left (fragmentation)', () => {
    // 20 000 pages free in order-0..2 blocks, min 5 000 pages
    const z = zone(
      'Normal',
      80000,
      20000,
      [0, 0, 0],
      [10000, 3000, 1000, 0, 0, 0, 0, 0, 0, 0, 0],
      ['UME', 'UME', 'UM', '', '', '', '', '', '', '', ''],
    );
    const { verdicts } = checkZones([z], kernel, 3, 4);
    expect(verdicts[0]).toMatchObject({ zone: 'Normal', passesOrder0: true, ok: false, freeAtOrder: 0 });
    expect(verdicts[0]?.reason).toMatch(/fragmentation/);
  });
  it('highatomic-only blocks do not count for an ordinary request', () => {
    const z = zone(
      'Normal',
      80000,
      20000,
      [0, 0, 0],
      [10000, 3000, 1000, 4, 0, 0, 0, 0, 0, 0, 0],
      ['UME', 'UME', 'UM', 'H', '', '', '', '', '', '', ''],
    );
    expect(checkZones([z], kernel, 3, 4).verdicts[0]?.ok).toBe(false);
  });
  it('GFP_KERNEL does not check HighMem and uses the Normal classzone reserve of lower zones', () => {
    const zones = [
      zone(
        'DMA',
        15000,
        100,
        [0, 3000, 3000],
        [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 3],
        ['', '', '', '', '', '', '', '', '', '', 'M'],
      ),
      zone('Normal', 30000, 40000, [0, 0, 0], [7500], ['UME']),
      zone('HighMem', 900000, 1000, [0, 0, 0], [225000], ['M']),
    ];
    const { verdicts } = checkZones(zones, kernel, 0, 4);
    expect(verdicts.map((v) => [v.zone, v.reserve, v.ok])).toEqual([
      ['DMA', 3000, true],
      ['Normal', 0, false],
    ]);
  });
});
