/**
 * The one Shiki setup shared by Markdown/MDX code fences (astro.config.mjs) and AnnotatedLog /
 * the evidence viewer (highlight.ts): same themes, same languages, same CSP-safe output.
 */
import { kmsgGrammar } from './kmsg-grammar.ts';
import { DARK_THEME, LIGHT_THEME, styleToClassTransformer } from './style-to-class.ts';

export const shikiConfig = {
  themes: { light: LIGHT_THEME, dark: DARK_THEME },
  defaultColor: false as const,
  langs: [kmsgGrammar],
  langAlias: { dmesg: 'kmsg', 'kernel-log': 'kmsg', console: 'shellsession' },
  wrap: false,
  transformers: [styleToClassTransformer()],
};
