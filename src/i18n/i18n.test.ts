import { describe, expect, test } from 'vitest';
import { dictionaryKeys, langFromPath, localize, otherLang, t } from './index.ts';
import { en, zh } from './ui.ts';

describe('dictionary', () => {
  test('every key exists in both languages, non-empty', () => {
    const enKeys = dictionaryKeys('en').sort();
    const zhKeys = dictionaryKeys('zh').sort();
    expect(zhKeys.filter((k) => !enKeys.includes(k))).toEqual([]);
    expect(enKeys.filter((k) => !zhKeys.includes(k))).toEqual([]);
    for (const k of enKeys) {
      expect(t('en', k).length, k).toBeGreaterThan(0);
      expect(t('zh', k).length, k).toBeGreaterThan(0);
    }
  });

  test('the Chinese UI strings are translated, with full-width punctuation', () => {
    const same = Object.keys(en).filter(
      (k) => en[k as keyof typeof en] === zh[k as keyof typeof zh] && /[a-z]{4,}/.test(zh[k as keyof typeof zh]),
    );
    // names that stay the same in both languages
    expect(same.filter((k) => !['site.name', 'search.shortcut', 'kind.oops'].includes(k))).toEqual([]);
    for (const [k, v] of Object.entries(zh)) {
      if (/[\u4e00-\u9fff]/.test(v)) expect(/[\u4e00-\u9fff][,;]|[,;][\u4e00-\u9fff]/.test(v), k).toBe(false);
    }
  });

  test('placeholders are filled', () => {
    expect(t('en', 'home.filter.count', { n: 2, total: 5 })).toBe('2 of 5 cases shown');
    expect(t('zh', 'home.filter.count', { n: 2, total: 5 })).toBe('显示 2 / 5 个案例');
  });

  test('unknown keys fall back to the key', () => {
    expect(t('zh', 'no.such.key')).toBe('no.such.key');
  });
});

describe('localize', () => {
  test.each([
    ['en', '/', '/en/'],
    ['zh', '/', '/zh/'],
    ['zh', '/cases/x/', '/zh/cases/x/'],
    ['zh', '/en/cases/x/', '/zh/cases/x/'],
    ['en', '/zh/search/?q=oom', '/en/search/?q=oom'],
    ['en', 'cases/x', '/en/cases/x/'],
    ['zh', '/en/cases/x/evidence/oom.log/#L3', '/zh/cases/x/evidence/oom.log/#L3'],
  ] as const)('localize(%s, %s) = %s', (lang, path, expected) => {
    expect(localize(lang, path)).toBe(expected);
  });

  test('langFromPath and otherLang', () => {
    expect(langFromPath('/zh/cases/x/')).toBe('zh');
    expect(langFromPath('/en/')).toBe('en');
    expect(langFromPath('/404.html')).toBe('en');
    expect(otherLang('en')).toBe('zh');
  });
});
