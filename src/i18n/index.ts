/**
 * i18n for the site: `Lang`, `t(lang, key, vars?)` and `localize(lang, path)`.
 *
 * The dictionary is composable: besides the site's own strings (`ui.ts`), every other module in this
 * folder that exports `strings = { en: {...}, zh: {...} }` (for example `analyzer.ts`) is merged in at
 * build time, so an area can own its strings without editing this file. A key missing in one language
 * falls back to English, then to the key itself, so a gap shows up on the page instead of breaking it.
 */
import { en as uiEn, zh as uiZh } from './ui.ts';

export const LANGS = ['en', 'zh'] as const;
export type Lang = (typeof LANGS)[number];
export const DEFAULT_LANG: Lang = 'en';

/** `lang` attribute values (BCP 47) for each site language. */
export const HTML_LANG: Record<Lang, string> = { en: 'en', zh: 'zh' };

type Dict = Record<string, string>;
interface StringsModule {
  strings?: Partial<Record<Lang, Dict>>;
  default?: Partial<Record<Lang, Dict>>;
  en?: Dict;
  zh?: Dict;
}

function collectExtraModules(): StringsModule[] {
  // import.meta.glob exists under Vite (Astro, vitest); plain Node (the CLI) gets the core strings only.
  const meta = import.meta as ImportMeta & { glob?: (p: string[], o: { eager: true }) => Record<string, unknown> };
  if (typeof meta.glob !== 'function') return [];
  const mods = import.meta.glob(['./*.ts', '!./index.ts', '!./ui.ts', '!./*.test.ts'], { eager: true });
  return Object.values(mods) as StringsModule[];
}

function buildDictionaries(): Record<Lang, Dict> {
  const out: Record<Lang, Dict> = { en: { ...uiEn }, zh: { ...uiZh } };
  for (const mod of collectExtraModules()) {
    const src = mod.strings ?? mod.default ?? { en: mod.en, zh: mod.zh };
    for (const lang of LANGS) {
      const part = src[lang];
      if (part && typeof part === 'object') Object.assign(out[lang], part);
    }
  }
  return out;
}

const DICTS = buildDictionaries();

export function isLang(value: unknown): value is Lang {
  return typeof value === 'string' && (LANGS as readonly string[]).includes(value);
}

/** All known keys (union over languages); used by the completeness test. */
export function dictionaryKeys(lang: Lang): string[] {
  return Object.keys(DICTS[lang]);
}

/**
 * The UI string for `key` in `lang`, with `{name}` placeholders replaced from `vars`.
 * Falls back to English, then to the key.
 */
export function t(lang: Lang, key: string, vars?: Record<string, string | number>): string {
  const raw = DICTS[lang][key] ?? DICTS.en[key] ?? key;
  if (!vars) return raw;
  return raw.replace(/\{(\w+)\}/g, (m, name: string) => (name in vars ? String(vars[name]) : m));
}

/**
 * The site path for `path` in `lang`: `localize('zh', '/cases/x/')` → `/zh/cases/x/`.
 * A path that already starts with a language prefix gets that prefix replaced, so the same helper
 * builds the language switch. Only pages are localized, and every page path ends with a slash (the site
 * uses `trailingSlash: 'always'`); query strings and hashes are kept.
 */
export function localize(lang: Lang, path: string): string {
  const match = /^([^?#]*)(.*)$/.exec(path);
  let pathname = match?.[1] ?? '';
  const rest = match?.[2] ?? '';
  if (!pathname.startsWith('/')) pathname = `/${pathname}`;
  const parts = pathname.split('/').filter(Boolean);
  if (parts.length > 0 && isLang(parts[0])) parts.shift();
  const tail = parts.length === 0 ? '' : `${parts.join('/')}/`;
  return `/${lang}/${tail}${rest}`;
}

/** The language of a site path (`/zh/…` → `zh`), English for anything else. */
export function langFromPath(path: string): Lang {
  const first = path.split('/').filter(Boolean)[0];
  return isLang(first) ? first : DEFAULT_LANG;
}

/** The other language, for the switch. */
export function otherLang(lang: Lang): Lang {
  return lang === 'en' ? 'zh' : 'en';
}
