import { describe, expect, it } from 'vitest';
import { commitLimit, committedPercent, vmEnoughMemory } from './overcommit.ts';

// Seed 001, `crash> kmem -i` (arm64 4.19, 4 KiB pages, no swap, no huge pages):
//   TOTAL MEM 3967057   COMMIT LIMIT 1983528   COMMITTED 7399654 (373% of TOTAL LIMIT)
//   overcommit_memory=0, overcommit_ratio=50, overcommit_kbytes=0
const SEED_001 = { totalRamPages: 3967057, hugetlbPages: 0, totalSwapPages: 0, overcommitRatio: 50 };

describe('commitLimit', () => {
  it("reproduces seed 001's COMMIT LIMIT and 373%", () => {
    const r = commitLimit(SEED_001);
    expect(r).toMatchObject({ ok: true, pages: 1983528, source: 'ratio' });
    expect(committedPercent(7399654, r.pages)).toBe(373);
  });

  it('subtracts hugetlb before the ratio and adds swap after it', () => {
    // The seed's own tuning: nr_hugepages=128 (2 MiB → 512 pages each), ratio 90, 32 GiB swap.
    const r = commitLimit({
      ...SEED_001,
      hugetlbPages: 128 * 512,
      overcommitRatio: 90,
      totalSwapPages: (32 * 1024 * 1024) / 4,
    });
    expect(r.pages).toBe(Math.floor(((3967057 - 65536) * 90) / 100) + 8388608);
  });

  it("gives the seed's proposed tuning without swap (ratio 90, 128 × 2 MiB huge pages) the article's 13.4 GiB", () => {
    const r = commitLimit({ ...SEED_001, hugetlbPages: 128 * 512, overcommitRatio: 90 });
    expect(r.pages).toBe(3511368);
    expect(((r.pages * 4) / 1024 / 1024).toFixed(1)).toBe('13.4');
    // and kmem -i's COMMIT LIMIT line: 1983528 pages = 7.6 GiB
    expect(((commitLimit(SEED_001).pages * 4) / 1024 / 1024).toFixed(1)).toBe('7.6');
  });

  it('lets overcommit_kbytes replace the ratio', () => {
    expect(commitLimit({ ...SEED_001, overcommitKbytes: 4 * 1024 * 1024 })).toMatchObject({
      pages: 1048576,
      source: 'kbytes',
    });
  });

  it('rejects nonsense without throwing', () => {
    expect(commitLimit({ totalRamPages: -5 }).ok).toBe(false);
    expect(commitLimit({ totalRamPages: 1, pageSizeKb: 5 }).ok).toBe(false);
    expect(committedPercent(1, 0)).toBeNull();
  });
});

describe('vmEnoughMemory', () => {
  it('mode 1 says yes to anything', () => {
    expect(vmEnoughMemory({ mode: 1, requestPages: 1e12, limit: SEED_001 }).allowed).toBe(true);
  });

  it('mode 0 at 5.10 refuses only a request larger than RAM + swap', () => {
    const ok = vmEnoughMemory({ mode: 0, requestPages: 3967057, limit: SEED_001, kernel: '5.10' });
    const no = vmEnoughMemory({ mode: 0, requestPages: 3967058, limit: SEED_001, kernel: '5.10' });
    expect([ok.allowed, no.allowed, no.rule]).toEqual([true, false, 'guess-total']);
  });

  it('mode 0 at 4.19 sums free, page cache minus shmem, free swap and reclaimable slab', () => {
    // kmem -i FREE 28799, CACHED 1387497, SHARED 743953 (as shmem stand-in), SLAB 199579 (all counted reclaimable here).
    const guess = {
      freePages: 28799,
      filePages: 1387497,
      shmemPages: 743953,
      slabReclaimablePages: 199579,
      totalReservePages: 20000,
    };
    const d = vmEnoughMemory({ mode: 0, requestPages: 800000, limit: SEED_001, kernel: '4.19.0-arm64-desktop', guess });
    expect(d.rule).toBe('guess-free');
    expect(d.thresholdPages).toBe(28799 + 1387497 - 743953 + 199579 - 20000 - 2048);
    expect(d.allowed).toBe(true);
    expect(vmEnoughMemory({ mode: 0, requestPages: 900000, limit: SEED_001, kernel: '4.19', guess }).allowed).toBe(
      false,
    );
    expect(
      vmEnoughMemory({
        mode: 0,
        requestPages: 1,
        limit: SEED_001,
        kernel: '4.19',
        guess: { freePages: 10, totalReservePages: 10 },
      }).allowed,
    ).toBe(false);
  });

  it("mode 2 would refuse every new mapping on seed 001's machine (Committed_AS 373% of the limit)", () => {
    const d = vmEnoughMemory({ mode: 2, requestPages: 1, limit: SEED_001, committedPages: 7399654 });
    expect(d.allowed).toBe(false);
    expect(d.thresholdPages).toBe(1983528 - 2048);
  });

  it('mode 2 keeps the admin and user reserves', () => {
    const limit = { totalRamPages: 1000000, overcommitRatio: 100 };
    const root = vmEnoughMemory({ mode: 2, requestPages: 1000, limit, committedPages: 998000, capSysAdmin: true });
    const user = vmEnoughMemory({ mode: 2, requestPages: 1000, limit, committedPages: 998000, totalVmPages: 3200 });
    expect(root.allowed).toBe(true);
    expect(user.allowed).toBe(false);
    expect(user.thresholdPages).toBe(1000000 - 2048 - 100);
  });

  it('never throws on bad input', () => {
    // @ts-expect-error deliberate nonsense
    expect(vmEnoughMemory({ mode: 3, requestPages: 1, limit: SEED_001 }).ok).toBe(false);
    expect(vmEnoughMemory({ mode: 2, requestPages: -1, limit: SEED_001 }).ok).toBe(false);
    // @ts-expect-error deliberate nonsense
    expect(vmEnoughMemory({ mode: 2, requestPages: 1 }).ok).toBe(false);
  });
});
