/**
 * Shiki writes colours as inline `style` attributes, which a strict CSP (no 'unsafe-inline' for
 * styles) blocks. This transformer replaces every inline style in Shiki's output with classes whose
 * names encode the value (`sl-d73a49` = light colour #d73a49, `sd-…` = dark, `sl-i` = italic…), and
 * `shikiCss()` writes the stylesheet for every colour the two themes can produce. The CSS is
 * derived from the theme files, so it is complete by construction: no class can lack a rule.
 */
import { bundledThemes, type ShikiTransformer } from 'shiki';

/** Just the hast shape this file touches (hast types are Shiki's, not a direct dependency). */
interface HastNode {
  type: string;
  properties?: Record<string, unknown>;
  children?: HastNode[];
}

export const LIGHT_THEME = 'github-light' as const;
export const DARK_THEME = 'github-dark' as const;

const HEX = /#([0-9a-f]{3,8})\b/gi;

function normHex(hex: string): string {
  return hex.toLowerCase();
}

/** Class names for one CSS declaration from Shiki, or null to drop it (handled by site CSS). */
function classFor(prop: string, value: string): string | null {
  const v = value.trim().toLowerCase();
  const color = /^#([0-9a-f]{3,8})$/.exec(v);
  switch (prop) {
    case 'color':
    case '--shiki-light':
      return color ? `sl-${normHex(color[1] ?? '')}` : null;
    case '--shiki-dark':
      return color ? `sd-${normHex(color[1] ?? '')}` : null;
    case 'font-style':
    case '--shiki-light-font-style':
      return v === 'italic' ? 'sl-i' : null;
    case '--shiki-dark-font-style':
      return v === 'italic' ? 'sd-i' : null;
    case 'font-weight':
    case '--shiki-light-font-weight':
      return v === 'bold' ? 'sl-b' : null;
    case '--shiki-dark-font-weight':
      return v === 'bold' ? 'sd-b' : null;
    case 'text-decoration':
    case '--shiki-light-text-decoration':
      return v.includes('underline') ? 'sl-u' : null;
    case '--shiki-dark-text-decoration':
      return v.includes('underline') ? 'sd-u' : null;
    case 'user-select':
      return v === 'none' ? 'no-select' : null;
    default:
      // background colours, overflow, white-space: the site stylesheet owns these.
      return null;
  }
}

export function styleToClasses(style: string): string[] {
  const out: string[] = [];
  for (const decl of style.split(';')) {
    const idx = decl.indexOf(':');
    if (idx < 0) continue;
    const cls = classFor(decl.slice(0, idx).trim().toLowerCase(), decl.slice(idx + 1));
    if (cls && !out.includes(cls)) out.push(cls);
  }
  return out;
}

function classList(value: unknown): string[] {
  if (Array.isArray(value)) return value.map(String);
  if (typeof value === 'string') return value.split(/\s+/).filter(Boolean);
  return [];
}

function walk(node: HastNode): void {
  if (node.type === 'element' && node.properties) {
    const style = node.properties['style'];
    if (typeof style === 'string') {
      const classes = classList(node.properties['class'] ?? node.properties['className']);
      for (const c of styleToClasses(style)) if (!classes.includes(c)) classes.push(c);
      delete node.properties['style'];
      delete node.properties['className'];
      if (classes.length) node.properties['class'] = classes.join(' ');
    }
  }
  for (const child of node.children ?? []) walk(child);
}

/** Runs last (root hook): every inline style in the output becomes classes. */
export function styleToClassTransformer(): ShikiTransformer {
  return {
    name: 'kmem:style-to-class',
    root(root) {
      walk(root);
    },
  };
}

/**
 * Backgrounds highlighted code sits on (keep in sync with src/styles/global.css: --bg-code and --mark
 * in each theme; a unit test checks). Token colours are adjusted until they reach WCAG AA contrast
 * (4.5:1) on every one of them, so annotated (marked) lines stay readable.
 */
export const CODE_BACKGROUNDS = {
  light: ['#f6f8fa', '#fff3b0', '#ffffff'],
  dark: ['#161b22', '#3d3413', '#0f1115'],
} as const;
export const MIN_CONTRAST = 4.6;

function rgb(hex: string): [number, number, number] {
  const h = hex.replace('#', '');
  const full = h.length === 3 || h.length === 4 ? [...h.slice(0, 3)].map((c) => c + c).join('') : h.slice(0, 6);
  return [0, 2, 4].map((i) => parseInt(full.slice(i, i + 2), 16)) as [number, number, number];
}
function luminance([r, g, b]: [number, number, number]): number {
  const lin = (c: number) => {
    const v = c / 255;
    return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
}
export function contrast(a: string, b: string): number {
  const [l1, l2] = [luminance(rgb(a)), luminance(rgb(b))].sort((x, y) => y - x) as [number, number];
  return (l1 + 0.05) / (l2 + 0.05);
}
function toHex(c: [number, number, number]): string {
  return `#${c.map((v) => Math.round(v).toString(16).padStart(2, '0')).join('')}`;
}
/** The colour itself when it is readable on all backgrounds, else mixed towards black/white until it is. */
export function readable(hex: string, mode: 'light' | 'dark'): string {
  const bgs = CODE_BACKGROUNDS[mode];
  const base = rgb(hex);
  const target = mode === 'light' ? 0 : 255;
  for (let step = 0; step <= 20; step++) {
    const t = step / 20;
    const c = toHex(base.map((v) => v + (target - v) * t) as [number, number, number]);
    if (bgs.every((bg) => contrast(c, bg) >= MIN_CONTRAST)) return c;
  }
  return mode === 'light' ? '#000000' : '#ffffff';
}

function themeColors(theme: unknown): string[] {
  const found = new Set<string>();
  for (const m of JSON.stringify(theme).matchAll(HEX)) found.add(normHex(m[1] ?? ''));
  return [...found].sort();
}

/**
 * The stylesheet for the classes above. Light colours apply by default; dark colours apply when the
 * page is dark (system preference unless the reader chose light, or the reader chose dark).
 */
export async function shikiCss(): Promise<string> {
  const githubLight = (await bundledThemes[LIGHT_THEME]()).default;
  const githubDark = (await bundledThemes[DARK_THEME]()).default;
  const lines: string[] = [
    '/* generated from the Shiki themes by src/shiki/style-to-class.ts (node src/shiki/generate-css.ts);',
    '   class names keep the theme colour, values are adjusted to 4.5:1 contrast on the code backgrounds */',
  ];
  for (const hex of themeColors(githubLight)) lines.push(`.sl-${hex}{color:${readable(`#${hex}`, 'light')}}`);
  lines.push('.sl-i{font-style:italic}', '.sl-b{font-weight:bold}', '.sl-u{text-decoration:underline}');
  lines.push('.no-select{user-select:none}');
  const dark: string[] = [];
  for (const hex of themeColors(githubDark)) dark.push(`.sd-${hex}{color:${readable(`#${hex}`, 'dark')}}`);
  dark.push('.sd-i{font-style:italic}', '.sd-b{font-weight:bold}', '.sd-u{text-decoration:underline}');
  // In dark mode the light-only font styles must not leak through.
  const reset =
    '.sl-i:not(.sd-i){font-style:normal}.sl-b:not(.sd-b){font-weight:normal}.sl-u:not(.sd-u){text-decoration:none}';
  const scoped = (prefix: string) => [...dark, reset].map((r) => `${prefix} ${r}`).join('\n');
  lines.push(`@media (prefers-color-scheme: dark){\n${scoped(':root:not([data-theme=light])')}\n}`);
  lines.push(scoped(':root[data-theme=dark]'));
  return lines.join('\n');
}
