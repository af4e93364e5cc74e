import { describe, expect, it } from 'vitest';
import {
  computeZoneWatermarks,
  defaultMinFreeKbytes,
  inferMinFreeKbytes,
  intSqrt,
  thpRecommendedMinFreeKbytes,
} from './watermarks.ts';

// Seed 003 (x86_64, 5.10.0-60.18.0.50.oe2203): the zone lines of the OOM report, managed in kB.
//   Node 0 DMA    min:144kB   low:180kB    high:216kB    managed:15360kB
//   Node 0 DMA32  min:24044kB low:30052kB  high:36060kB  managed:2503388kB
//   Node 0 Normal min:88444kB low:110552kB high:132660kB managed:9207308kB
const SEED_003_ZONES = [
  { name: 'DMA', managedPages: 15360 / 4 },
  { name: 'DMA32', managedPages: 2503388 / 4 },
  { name: 'Normal', managedPages: 9207308 / 4 },
];

describe('computeZoneWatermarks', () => {
  it("reproduces seed 003's per-zone min/low/high from managed pages", () => {
    const inferred = inferMinFreeKbytes(
      SEED_003_ZONES.map((z, i) => ({ ...z, minPages: [144, 24044, 88444][i]! / 4 })),
    );
    // Only pages_min = 28160 (min_free_kbytes 112640..112643) fits all three zones.
    expect(inferred).toEqual({ fromKb: 112640, toKb: 112643 });
    const r = computeZoneWatermarks({
      minFreeKbytes: 112640,
      zones: SEED_003_ZONES,
      kernel: '5.10.0-60.18.0.50.oe2203.x86_64',
    });
    expect(r.ok).toBe(true);
    expect(r.zones.map((z) => [z.name, z.minKb, z.lowKb, z.highKb])).toEqual([
      ['DMA', 144, 180, 216],
      ['DMA32', 24044, 30052, 36060],
      ['Normal', 88444, 110552, 132660],
    ]);
    // On a 12 GB zone the min/4 term wins over managed × 10/10000.
    expect(r.zones.every((z) => z.gapSource === 'min/4')).toBe(true);
    // The seed-001 rule of thumb would put Normal's high at 165832 kB, not 132660.
    expect(r.zones[2]!.ruleOfThumb.highKb).toBeCloseTo(165832.5, 1);
  });

  it("gives seed 001's machine (min_free_kbytes=67584, 3967057 pages) low 82.5 MB and high 99 MB, not 123.75 MB", () => {
    const r = computeZoneWatermarks({
      minFreeKbytes: 67584,
      zones: [{ name: 'Normal', managedPages: 3967057 }],
      kernel: '4.19.0-arm64-desktop',
    });
    const z = r.zones[0]!;
    expect(z.minKb).toBe(67584);
    expect(z.lowKb).toBe(84480); // 82.5 MB
    expect(z.highKb).toBe(101376); // 99 MB: kmem -i FREE 112.5 MB is above high, not between low and high
    expect(r.notes.some((n) => n.includes('watermark_boost'))).toBe(false); // boost arrived in 5.0
  });

  it('lets watermark_scale_factor win on large zones', () => {
    const r = computeZoneWatermarks({
      minFreeKbytes: 67584,
      watermarkScaleFactor: 100,
      zones: [{ name: 'Normal', managedPages: 3967057 }],
    });
    expect(r.zones[0]!.gapSource).toBe('scale-factor');
    expect(r.zones[0]!.gapPages).toBe(39670);
  });

  it('uses the pre-4.6 rule on old kernels and the promo mark from 5.18', () => {
    const old = computeZoneWatermarks({
      minFreeKbytes: 4096,
      zones: [{ name: 'Normal', managedPages: 1000 }],
      kernel: '3.10.0-957.el7',
    });
    expect([old.zones[0]!.minPages, old.zones[0]!.lowPages, old.zones[0]!.highPages]).toEqual([1024, 1280, 1536]);
    expect(old.zones[0]!.promoPages).toBeNull();
    const recent = computeZoneWatermarks({
      minFreeKbytes: 4096,
      zones: [{ name: 'Normal', managedPages: 1000 }],
      kernel: '6.1.0',
    });
    expect(recent.zones[0]!.promoPages).toBe(1024 + 3 * 256);
  });

  it('caps a highmem zone min at 32..128 pages and leaves it out of lowmem', () => {
    const r = computeZoneWatermarks({
      minFreeKbytes: 3816,
      zones: [
        { name: 'DMA', managedPages: 3977 },
        { name: 'Normal', managedPages: 190000 },
        { name: 'HighMem', managedPages: 800000 },
      ],
      kernel: '4.19',
    });
    expect(r.lowmemPages).toBe(193977);
    expect(r.zones[2]!.highmem).toBe(true);
    expect(r.zones[2]!.minPages).toBe(128);
  });

  it('never throws and reports bad input', () => {
    for (const bad of [
      { minFreeKbytes: -1, zones: [{ name: 'Normal', managedPages: 1 }] },
      { minFreeKbytes: 1, zones: [] },
      { minFreeKbytes: 1, zones: [{ name: 'Normal', managedPages: Number.NaN }] },
      { minFreeKbytes: 1, zones: [{ name: 'Normal', managedPages: 1 }], pageSizeKb: 3 },
      { minFreeKbytes: 1, zones: [{ name: 'Normal', managedPages: 1 }], watermarkScaleFactor: 0 },
    ]) {
      expect(computeZoneWatermarks(bad).ok).toBe(false);
    }
    expect(computeZoneWatermarks({ minFreeKbytes: 1, zones: [{ name: 'HighMem', managedPages: 5 }] }).ok).toBe(true);
  });
});

describe('min_free_kbytes defaults', () => {
  it('int_sqrt(lowmem_kbytes * 16) with the 5.7 bound change', () => {
    expect(intSqrt(15)).toBe(3);
    expect(intSqrt(16)).toBe(4);
    // seed 003: ~11.7 GB of lowmem → 13 685 kB, far below the 112640 the report implies.
    expect(defaultMinFreeKbytes(11726056, '5.10')).toBe(intSqrt(11726056 * 16));
    expect(defaultMinFreeKbytes(1e10, '4.19')).toBe(65536);
    expect(defaultMinFreeKbytes(1e10, '5.10')).toBe(262144);
    expect(defaultMinFreeKbytes(100, '5.10')).toBe(128);
  });

  it("explains seed 001's 67584 as khugepaged's recommendation for three zones", () => {
    expect(thpRecommendedMinFreeKbytes({ populatedZones: 3 })).toBe(67584);
    expect(thpRecommendedMinFreeKbytes({ populatedZones: 2 })).toBe(45056);
    expect(thpRecommendedMinFreeKbytes({ populatedZones: 3, freeBufferPages: 100000 })).toBe(20000);
  });

  it('returns null when the zones disagree', () => {
    expect(
      inferMinFreeKbytes([
        { name: 'DMA32', managedPages: 1000, minPages: 10 },
        { name: 'Normal', managedPages: 1000, minPages: 500 },
      ]),
    ).toBeNull();
  });
});
