/**
 * Every built page carries the strict CSP, and loading it in Chromium produces no CSP violation,
 * no script error and no request to another host.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DIST, builtPages, trackedPage, useSiteAndBrowser } from './harness.ts';

const pages = builtPages();
const env = useSiteAndBrowser();

function cspOf(html: string): string | undefined {
  return /<meta http-equiv="content-security-policy" content="([^"]*)"/i.exec(html)?.[1];
}

test('the site has pages', () => {
  assert.ok(pages.length >= 8, `only ${pages.length} pages built`);
});

test('every built page has a strict CSP meta tag', () => {
  for (const path of pages) {
    const file = path.endsWith('/') ? join(DIST, path, 'index.html') : join(DIST, path);
    const html = readFileSync(file, 'utf8');
    const csp = cspOf(html);
    assert.ok(csp, `${path}: no CSP meta`);
    const directives = new Map(
      csp
        .split(';')
        .map((d) => d.trim())
        .filter(Boolean)
        .map((d) => {
          const [name = '', ...values] = d.split(/\s+/);
          return [name, values] as const;
        }),
    );
    assert.deepEqual(directives.get('default-src'), ["'self'"], `${path}: default-src`);
    assert.deepEqual(directives.get('object-src'), ["'none'"], `${path}: object-src`);
    for (const name of ['script-src', 'style-src']) {
      const values = directives.get(name) ?? [];
      assert.ok(values.length > 0, `${path}: no ${name}`);
      for (const v of values) {
        assert.ok(
          v === "'self'" || v === "'wasm-unsafe-eval'" || /^'sha(256|384|512)-[A-Za-z0-9+/=]+'$/.test(v),
          `${path}: ${name} allows ${v}`,
        );
      }
    }
    assert.ok(
      !/unsafe-inline|unsafe-eval'|\*|https?:/.test(csp.replace("'wasm-unsafe-eval'", '')),
      `${path}: loose CSP: ${csp}`,
    );
    assert.ok(!/\sstyle="/.test(html), `${path}: inline style attribute (blocked by the CSP)`);
    assert.ok(!/\son[a-z]+="/.test(html), `${path}: inline event handler`);
  }
});

test('no page triggers a CSP violation, a script error or a third-party request', async () => {
  const context = await env.browser.newContext();
  try {
    for (const path of pages) {
      const { page, problems } = await trackedPage(context, env.site.url);
      await page.goto(env.site.url + path, { waitUntil: 'load' });
      await page.waitForTimeout(50);
      assert.deepEqual(problems.csp, [], `${path}: CSP violations`);
      assert.deepEqual(problems.errors, [], `${path}: errors`);
      assert.deepEqual(problems.external, [], `${path}: third-party requests`);
      await page.close();
    }
  } finally {
    await context.close();
  }
});
