import { describe, expect, it } from 'vitest';
import { familyOfTitle, frameOfTitle, normalizeTitle } from './title.ts';

describe('title normalisation table', () => {
  const rows: [string, string][] = [
    ['INFO: task syz-executor123/4567 blocked', 'INFO: task syz-executor blocked'],
    ['WARNING on syzkaller123 host', 'WARNING on syzkaller host'],
    ['KASAN: wild-memory-access at ffff88801c2d4a10', 'KASAN: wild-memory-access at ADDR'],
    ['KASAN: at 0xdead000000000100 x', 'KASAN: at ADDR x'],
    ['connect to 10.128.0.132 failed', 'connect to IP failed'],
    ['WARNING at fs/dcache.c:338', 'WARNING at fs/dcache.c:LINE'],
    ['BUG in dentry_free+0x24/0xa8', 'BUG in dentry_free'],
    ['soft lockup - CPU#3 stuck', 'soft lockup - CPU stuck'],
    ['executor 12 failed 11 times', 'executor NUM failed NUM times'],
    ['mkdir ./syzkaller-testdir123456789: x', 'mkdir ./syzkaller-testdirNUM: x'],
    ['a\tb  \u00e9c\u0001 ', 'a b c'],
  ];
  for (const [raw, want] of rows) it(JSON.stringify(raw), () => expect(normalizeTitle(raw)).toBe(want));

  it('cuts at 120 bytes', () => {
    expect(normalizeTitle('x'.repeat(200))).toHaveLength(120);
  });
});

describe('frame and family rules', () => {
  it('takes the identifier after the last " in "', () => {
    expect(frameOfTitle('KCSAN: data-race in a / b')).toBe('a');
    expect(frameOfTitle('BUG: Dentry still in use in unmount')).toBe('unmount');
    expect(frameOfTitle('WARNING in foo/usb_submit_urb')).toBe('foo');
    expect(frameOfTitle('kernel panic: Fatal exception')).toBeNull();
    expect(frameOfTitle('attempt to add with overflow in <rust_binder::process::Process>::update_ref')).toBe(
      '<rust_binder::process::Process>::update_ref',
    );
  });
  it('replaces the frame and what follows by FUNC', () => {
    expect(familyOfTitle('KCSAN: data-race in a / b')).toBe('KCSAN: data-race in FUNC');
    expect(familyOfTitle('BUG: Dentry still in use in unmount')).toBe('BUG: Dentry still in use in FUNC');
    expect(familyOfTitle('go runtime error')).toBe('go runtime error');
    expect(familyOfTitle(null)).toBeNull();
  });
});

describe('C++ frame names', () => {
  it('demangles Itanium names to the function name', async () => {
    const { demangleCxx } = await import('./skip-frames.ts');
    expect(demangleCxx('_Z8fakeNameiii')).toBe('fakeName');
    expect(demangleCxx('_ZN3foo3barEv')).toBe('foo::bar');
    expect(demangleCxx('kmem_cache_free')).toBe('kmem_cache_free');
    expect(demangleCxx('_Z99x')).toBe('_Z99x');
  });
});
