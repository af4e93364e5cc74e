/**
 * `t()` for the analyzer's views: the analyzer's own strings (src/i18n/analyzer.ts) first, then the
 * site dictionary. Works whether or not the site dictionary has merged the analyzer's strings.
 */
import { t as siteT, type Lang } from '../i18n/index.ts';
import { strings } from '../i18n/analyzer.ts';

const OWN: Record<Lang, Record<string, string>> = strings;

export function t(lang: Lang, key: string, vars?: Record<string, string | number>): string {
  const raw = OWN[lang][key] ?? OWN.en[key];
  if (raw === undefined) return siteT(lang, key, vars);
  if (!vars) return raw;
  return raw.replace(/\{(\w+)\}/g, (m, name: string) => (name in vars ? String(vars[name]) : m));
}
