import { describe, expect, test } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createHighlighter } from 'shiki';
import { kmsgGrammar } from './kmsg-grammar.ts';
import { CODE_BACKGROUNDS, contrast, readable, shikiCss, styleToClasses } from './style-to-class.ts';
import { highlightLines } from './highlight.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const OOM_LOG = readFileSync(join(ROOT, 'content/cases/oom-killer-report/evidence/oom-report.log'), 'utf8');

/** Scope names of each token of `line`, as [text, innermost scope]. */
async function scopes(line: string): Promise<[string, string][]> {
  const hl = await createHighlighter({ themes: ['github-light'], langs: [kmsgGrammar] });
  // `kmsg` is loaded above; Shiki's types only know the bundled language names.
  const tokens = hl.codeToTokensBase(line, { lang: 'kmsg' as never, theme: 'github-light', includeExplanation: true });
  const out: [string, string][] = [];
  for (const tok of tokens[0] ?? []) {
    for (const ex of tok.explanation ?? []) {
      const last = ex.scopes.at(-1)?.scopeName ?? '';
      out.push([ex.content, last]);
    }
  }
  return out;
}
function scopeOf(result: [string, string][], text: string): string | undefined {
  return result.find(([content]) => content.includes(text))?.[1];
}

describe('kmsg grammar', () => {
  test('timestamp, crash header and key=value', async () => {
    const r = await scopes('[  130.772276] a.out invoked oom-killer: gfp_mask=0x100cca(GFP_HIGHUSER_MOVABLE), order=0');
    expect(scopeOf(r, '130.772276')).toBe('comment.line.timestamp.kmsg');
    expect(scopeOf(r, 'invoked oom-killer:')).toBe('keyword.other.header.kmsg');
    expect(scopeOf(r, 'gfp_mask')).toBe('variable.parameter.key.kmsg');
    expect(scopeOf(r, 'GFP_HIGHUSER_MOVABLE')).toBe('support.constant.gfp.kmsg');
  });

  test('frames: function, offset/size, module, unreliable marker', async () => {
    const r = await scopes('[  130.776494]  ext4_filemap_fault+0x2d/0x40 [ext4]');
    expect(scopeOf(r, 'ext4_filemap_fault')).toBe('entity.name.function.kmsg');
    expect(scopeOf(r, '+0x2d/0x40')).toBe('constant.numeric.offset.kmsg');
    expect(scopeOf(r, '[ext4]')).toBe('string.unquoted.module.kmsg');
    const q = await scopes('[  130.778887]  ? asm_exc_page_fault+0x8/0x30');
    expect(scopeOf(q, '?')).toBe('comment.unreliable.kmsg');
  });

  test('register dump and hex values', async () => {
    const r = await scopes('[  130.780944] RAX: 00007f48aad81000 RBX: 0000000000000000 RCX: 00007f4b41007887');
    expect(scopeOf(r, 'RAX')).toBe('variable.other.register.kmsg');
    expect(scopeOf(r, '00007f48aad81000')).toBe('constant.numeric.hex.kmsg');
    const arm = await scopes('[ 5.1] x29: ffff00000800bd40 x28: ffff8003f6a2c000');
    expect(scopeOf(arm, 'x29')).toBe('variable.other.register.kmsg');
  });

  test('BUG:, WARNING:, Oops and Call Trace headers', async () => {
    expect(scopeOf(await scopes('[ 1.0] BUG: unable to handle page fault for address: 0000000000000010'), 'BUG:')).toBe(
      'keyword.other.header.kmsg',
    );
    expect(
      scopeOf(await scopes('[ 1.0] WARNING: CPU: 2 PID: 68 at fs/dcache.c:338 dentry_free+0x9c/0xa8'), 'WARNING:'),
    ).toBe('keyword.other.header.kmsg');
    expect(scopeOf(await scopes('[ 1.0] Internal error: Oops: 96000005 [#1] SMP'), 'Oops')).toBe(
      'keyword.other.header.kmsg',
    );
    expect(scopeOf(await scopes('[ 1.0] Call Trace:'), 'Call Trace:')).toBe('markup.heading.section.kmsg');
  });

  test('a very long line is highlighted quickly (no catastrophic backtracking)', async () => {
    const line = `[ 1.0] ${'a_b+'.repeat(5000)}${'x'.repeat(20000)}`;
    const start = performance.now();
    await scopes(line);
    expect(performance.now() - start).toBeLessThan(2000);
  });
});

describe('CSP-safe output', () => {
  test('inline styles become classes', () => {
    expect(styleToClasses('--shiki-light:#D73A49;--shiki-dark:#F97583;--shiki-light-font-style:italic')).toEqual([
      'sl-d73a49',
      'sd-f97583',
      'sl-i',
    ]);
    expect(styleToClasses('user-select: none;')).toEqual(['no-select']);
    expect(styleToClasses('overflow-x: auto;')).toEqual([]);
  });

  test('highlighted evidence has no style attribute, and every class has a CSS rule', async () => {
    const lines = await highlightLines(OOM_LOG);
    expect(lines.length).toBe(OOM_LOG.replace(/\n$/, '').split('\n').length);
    const html = lines.join('\n');
    expect(html).not.toMatch(/style=/);
    const css = await shikiCss();
    const classes = new Set([...html.matchAll(/class="([^"]*)"/g)].flatMap((m) => (m[1] ?? '').split(' ')));
    for (const cls of classes) {
      if (/^s[ld]-/.test(cls)) expect(css, cls).toContain(`.${cls}{`);
    }
    // the text survives verbatim (escaped)
    const text = html
      .replace(/<[^>]+>/g, '')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&amp;/g, '&');
    expect(text.replace(/&#x27;|&#39;/g, "'").replace(/&quot;/g, '"')).toBe(OOM_LOG.replace(/\n$/, ''));
  });

  test('every token colour reaches 4.5:1 on every code background, in both themes', async () => {
    const css = await shikiCss();
    const light = [...css.matchAll(/^\.sl-[0-9a-f]+\{color:(#[0-9a-f]{6})\}/gm)].map((m) => m[1] ?? '');
    const dark = [...css.matchAll(/\.sd-[0-9a-f]+\{color:(#[0-9a-f]{6})\}/g)].map((m) => m[1] ?? '');
    expect(light.length).toBeGreaterThan(10);
    expect(dark.length).toBeGreaterThan(10);
    for (const c of light)
      for (const bg of CODE_BACKGROUNDS.light) expect(contrast(c, bg), `${c} on ${bg}`).toBeGreaterThanOrEqual(4.5);
    for (const c of dark)
      for (const bg of CODE_BACKGROUNDS.dark) expect(contrast(c, bg), `${c} on ${bg}`).toBeGreaterThanOrEqual(4.5);
    expect(readable('#000000', 'light')).toBe('#000000');
  });

  test('the code backgrounds are the ones the site stylesheet uses', () => {
    const css = readFileSync(join(ROOT, 'src/styles/global.css'), 'utf8');
    for (const [name, light, dark] of [
      ['--bg-code', CODE_BACKGROUNDS.light[0], CODE_BACKGROUNDS.dark[0]],
      ['--mark', CODE_BACKGROUNDS.light[1], CODE_BACKGROUNDS.dark[1]],
      ['--bg', CODE_BACKGROUNDS.light[2], CODE_BACKGROUNDS.dark[2]],
    ] as const) {
      expect(css).toContain(`${name}: ${light};`);
      expect(css).toContain(`${name}: ${dark};`);
    }
  });

  test('the committed src/styles/shiki.css is what generate-css.ts writes', async () => {
    const committed = readFileSync(join(ROOT, 'src/styles/shiki.css'), 'utf8');
    expect(committed).toBe(`${await shikiCss()}\n`);
  });
});
