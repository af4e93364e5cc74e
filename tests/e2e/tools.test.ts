/**
 * The calculators and diagrams pages (/en/tools/, /zh/tools/, …/tools/diagrams/) in Chromium,
 * against the built site (KMEM_OUT_DIR or dist): no errors or CSP violations; no page-level
 * horizontal overflow at 360 px; the watermark calculator reproduces every min/low/high that
 * case 003's OOM report printed; the SysRq table filters by key and by enable bit; the SysRq
 * calculator and the OOM score calculator answer from the engine; every diagram has a title,
 * a description and a text alternative.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { trackedPage, useSiteAndBrowser } from './harness.ts';

const env = useSiteAndBrowser();

/** client:visible islands hydrate only once scrolled into view. */
async function hydrate(page: Page): Promise<void> {
  await page.evaluate(async () => {
    for (let y = 0; y < document.body.scrollHeight; y += 500) {
      window.scrollTo(0, y);
      await new Promise((r) => setTimeout(r, 50));
    }
  });
  await page.waitForTimeout(300);
}

describe('tools pages', () => {
  for (const lang of ['en', 'zh']) {
    for (const path of [`/${lang}/tools/`, `/${lang}/tools/diagrams/`]) {
      test(`${path} loads cleanly and fits 360 px`, async () => {
        const context = await env.browser.newContext({ viewport: { width: 360, height: 800 } });
        const { page, problems } = await trackedPage(context, env.site.url);
        await page.goto(env.site.url + path, { waitUntil: 'networkidle' });
        await hydrate(page);
        const overflow = await page.evaluate(
          () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
        );
        assert.ok(overflow <= 1, `page overflows by ${overflow}px`);
        assert.deepEqual(problems.errors, []);
        assert.deepEqual(problems.csp, []);
        assert.deepEqual(problems.external, []);
        await context.close();
      });
    }
  }

  test('the watermark calculator reproduces case 003 and reacts to input', async () => {
    const context = await env.browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await page.goto(env.site.url + '/en/tools/', { waitUntil: 'networkidle' });
    await hydrate(page);
    const wm = page.locator('.kc', { hasText: 'Zone watermarks' });
    // nine printed values, all matching
    assert.equal(await wm.locator('tbody .ok', { hasText: 'printed' }).count(), 9);
    assert.equal(await wm.locator('tbody .bad', { hasText: 'printed' }).count(), 0);
    assert.match((await wm.locator('tbody tr').nth(2).textContent()) ?? '', /below min/);
    await wm.getByLabel('vm.min_free_kbytes').fill('67584');
    assert.ok((await wm.locator('tbody .bad', { hasText: 'printed' }).count()) > 0);
    await context.close();
  });

  test('the SysRq table filters and the calculator decodes', async () => {
    const context = await env.browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await page.goto(env.site.url + '/en/tools/', { waitUntil: 'networkidle' });
    await hydrate(page);
    const rows = page.locator('[data-sysrq-table] tbody tr:not([hidden]) th kbd');
    await page.locator('[data-sysrq-q]').fill('f');
    assert.deepEqual(await rows.allTextContents(), ['f']);
    await page.locator('[data-sysrq-q]').fill('');
    await page.locator('[data-sysrq-bit]').selectOption('64');
    assert.deepEqual(await rows.allTextContents(), ['e', 'f', 'i', 'j']);
    const calc = page.locator('.kc', { hasText: 'SysRq mask' });
    await calc.getByLabel('/proc/sys/kernel/sysrq').fill('3');
    const on = (await calc.locator('.chips li:not(.off)').allTextContents()).map((s) => s.replace(/\W+$/, '').trim());
    assert.deepEqual(on, ['h', '0-9']);
    await context.close();
  });

  test('the OOM score calculator gives case 003 a.out 2798848 points', async () => {
    const context = await env.browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await page.goto(env.site.url + '/en/tools/', { waitUntil: 'networkidle' });
    await hydrate(page);
    const oom = page.locator('.kc', { hasText: 'OOM badness' });
    assert.match(((await oom.locator('tbody').textContent()) ?? '').replace(/\s/g, ''), /2798848/);
    await context.close();
  });

  test('every diagram has a title, a description and a text alternative', async () => {
    const context = await env.browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    for (const lang of ['en', 'zh']) {
      await page.goto(env.site.url + `/${lang}/tools/diagrams/`, { waitUntil: 'networkidle' });
      const figs = await page.evaluate(() =>
        Array.from(document.querySelectorAll('figure.dg')).map((f) => ({
          title: f.querySelector('svg > title')?.textContent?.trim() ?? '',
          desc: f.querySelector('svg > desc')?.textContent?.trim() ?? '',
          labelled: f.querySelector('svg')?.getAttribute('aria-labelledby') ?? '',
          alt: f.querySelectorAll('.dg-alt li').length,
        })),
      );
      assert.equal(figs.length, 6);
      for (const f of figs) {
        assert.ok(f.title.length > 10 && f.desc.length > 40 && f.alt >= 4, JSON.stringify(f));
        assert.match(f.labelled, /-title .+-desc$/);
      }
    }
    await context.close();
  });
});
