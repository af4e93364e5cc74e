/**
 * The site's behaviour in Chromium: language switch, theme toggle (no flash), case filters,
 * Ctrl/⌘-K, search in English and Chinese, 404s, evidence downloads, copy buttons.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { ROOT, launchBrowser, serveSite, type Site } from './harness.ts';

const CASE = 'oom-killer-report';
let site: Site;
let browser: Browser;
let context: BrowserContext;

before(async () => {
  site = await serveSite();
  browser = await launchBrowser();
  context = await browser.newContext({ colorScheme: 'light' });
});
after(async () => {
  await context?.close();
  await browser?.close();
  await site?.close();
});

async function open(path: string, ctx: BrowserContext = context): Promise<Page> {
  const page = await ctx.newPage();
  await page.goto(site.url + path, { waitUntil: 'load' });
  return page;
}

describe('language switch', () => {
  test('stays on the same page, both ways', async () => {
    const page = await open(`/en/cases/${CASE}/`);
    assert.equal(await page.getAttribute('html', 'lang'), 'en');
    await Promise.all([page.waitForURL(`**/zh/cases/${CASE}/`), page.click('.lang-switch')]);
    assert.equal(await page.getAttribute('html', 'lang'), 'zh');
    assert.match((await page.textContent('h1')) ?? '', /[\u4e00-\u9fff]/);
    await Promise.all([page.waitForURL(`**/en/cases/${CASE}/`), page.click('.lang-switch')]);
    assert.equal(await page.getAttribute('html', 'lang'), 'en');
    await page.close();
  });

  test('works on the home, search and evidence pages', async () => {
    for (const path of ['/en/', '/zh/search/', `/en/cases/${CASE}/evidence/oom-report.log/`]) {
      const page = await open(path);
      const href = await page.getAttribute('.lang-switch', 'href');
      const other = path.startsWith('/en/') ? path.replace('/en/', '/zh/') : path.replace('/zh/', '/en/');
      assert.equal(href, other, path);
      await page.close();
    }
  });
});

describe('theme', () => {
  const bg = (page: Page) => page.evaluate(() => getComputedStyle(document.body).backgroundColor);

  test('follows the system, and the toggle wins and persists without a flash', async () => {
    const dark = await browser.newContext({ colorScheme: 'dark' });
    const page = await open('/en/', dark);
    const systemDark = await bg(page);
    assert.notEqual(systemDark, 'rgb(255, 255, 255)');
    assert.equal(await page.getAttribute('[data-theme-toggle]', 'aria-pressed'), 'true');
    await page.click('[data-theme-toggle]');
    assert.equal(await page.getAttribute('html', 'data-theme'), 'light');
    assert.equal(await bg(page), 'rgb(255, 255, 255)');
    // On the next page the choice is applied before the body is parsed (the theme script is a blocking inline
    // head script), so the first paint is already light.
    const next = await dark.newPage();
    await next.addInitScript(() => {
      document.addEventListener('readystatechange', () => {
        if (document.readyState === 'interactive') {
          (window as unknown as { themeAtParse: string | null }).themeAtParse =
            document.documentElement.getAttribute('data-theme');
        }
      });
    });
    await next.goto(`${site.url}/en/cases/${CASE}/`, { waitUntil: 'load' });
    assert.equal(
      await next.evaluate(() => (window as unknown as { themeAtParse: string | null }).themeAtParse),
      'light',
    );
    assert.equal(await bg(next), 'rgb(255, 255, 255)');
    const headOrder = await next.evaluate(() =>
      [...document.head.children].findIndex((el) => el.hasAttribute('data-theme-init')),
    );
    assert.ok(headOrder >= 0, 'the theme script is in <head>');
    await dark.close();
  });
});

describe('home filters', () => {
  test('filter by architecture, subsystem and symptom; kept in the URL', async () => {
    const page = await open('/en/');
    const visible = () => page.locator('[data-case-card]:visible').count();
    const total = await page.locator('[data-case-card]').count();
    assert.ok(total >= 1);
    assert.equal(await visible(), total);
    const arches = await page.$$eval('select[name=arch] option', (os) => os.map((o) => (o as HTMLOptionElement).value));
    for (const arch of arches.filter(Boolean)) {
      await page.selectOption('select[name=arch]', arch);
      const expected = await page.$$eval(
        '[data-case-card]',
        (cards, a) => cards.filter((c) => (c as HTMLElement).dataset['arch']?.split(' ').includes(a)).length,
        arch,
      );
      assert.equal(await visible(), expected, arch);
      assert.ok(expected > 0);
      assert.match(page.url(), new RegExp(`arch=${arch}`));
      assert.match((await page.textContent('[data-filter-status]')) ?? '', new RegExp(`^${expected} of ${total}`));
    }
    await page.selectOption('select[name=arch]', '');
    await page.selectOption('select[name=kind]', 'oom');
    const oomCount = await visible();
    assert.ok(oomCount >= 1 && oomCount <= total);
    await page.reload();
    assert.equal(await page.inputValue('select[name=kind]'), 'oom');
    assert.equal(await visible(), oomCount);
    await page.click('button[type=reset]');
    await page.waitForFunction((n) => document.querySelectorAll('[data-case-card]:not([hidden])').length === n, total);
    await page.close();
  });
});

describe('search', () => {
  test('Ctrl-K and ⌘-K focus the header search box', async () => {
    const page = await open(`/en/cases/${CASE}/`);
    await page.keyboard.press('Control+k');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'header-search-input');
    await page.evaluate(() => (document.activeElement as HTMLElement).blur());
    await page.keyboard.press('Meta+k');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'header-search-input');
    await page.close();
  });

  test('the header box searches English articles', async () => {
    const page = await open('/en/');
    await page.fill('#header-search-input', 'oom_reaper');
    await Promise.all([page.waitForURL('**/en/search/?q=oom_reaper'), page.press('#header-search-input', 'Enter')]);
    await page.waitForSelector('[data-search-results] li a');
    const hrefs = await page.$$eval('[data-search-results] li a', (as) => as.map((a) => a.getAttribute('href')));
    assert.ok(hrefs.includes(`/en/cases/${CASE}/`), hrefs.join(' '));
    assert.ok(
      hrefs.every((h) => h?.startsWith('/en/')),
      hrefs.join(' '),
    );
    assert.ok((await page.locator('[data-search-results] mark').count()) > 0);
    await page.close();
  });

  test('Chinese words find Chinese pages on /zh/', async () => {
    for (const q of ['水位线', '内存回收']) {
      const page = await open(`/zh/search/?q=${encodeURIComponent(q)}`);
      await page.waitForSelector('[data-search-results] li a', { timeout: 10_000 });
      const hrefs = await page.$$eval('[data-search-results] li a', (as) => as.map((a) => a.getAttribute('href')));
      assert.ok(hrefs.includes(`/zh/cases/${CASE}/`), `${q}: ${hrefs.join(' ')}`);
      assert.ok(
        hrefs.every((h) => h?.startsWith('/zh/')),
        hrefs.join(' '),
      );
      await page.close();
    }
  });

  test('a query with no match says so', async () => {
    const page = await open(`/en/search/?q=${encodeURIComponent('ꙮꙮ')}`);
    await page.waitForFunction(() =>
      /No case matches/.test(document.querySelector('[data-search-status]')?.textContent ?? ''),
    );
    await page.close();
  });
});

describe('404 and evidence', () => {
  test('unknown paths get the 404 page of their language with status 404', async () => {
    for (const [path, lang, text] of [
      ['/zh/no-such-page/', 'zh', '页面不存在'],
      ['/en/no-such-page/', 'en', 'Page not found'],
      ['/nothing-here', 'en', 'Page not found'],
    ] as const) {
      const page = await context.newPage();
      const res = await page.goto(site.url + path);
      assert.equal(res?.status(), 404, path);
      assert.equal(await page.getAttribute('html', 'lang'), lang, path);
      assert.match((await page.textContent('h1')) ?? '', new RegExp(text), path);
      await page.close();
    }
  });

  test('evidence is downloadable byte for byte and viewable with line anchors', async () => {
    const page = await open(`/en/cases/${CASE}/`);
    const download = await page.getAttribute('a[download="oom-report.log"]', 'href');
    assert.equal(download, `/evidence/${CASE}/oom-report.log`);
    const res = await fetch(site.url + download);
    assert.equal(res.status, 200);
    const body = await res.text();
    assert.equal(body, readFileSync(join(ROOT, 'content/cases', CASE, 'evidence/oom-report.log'), 'utf8'));
    await page.goto(`${site.url}/en/cases/${CASE}/evidence/oom-report.log/#L34`);
    const line = page.locator('#L34');
    assert.match((await line.textContent()) ?? '', /^34/);
    const lines = await page.locator('.log-line').count();
    assert.equal(lines, body.replace(/\n$/, '').split('\n').length);
    await page.close();
  });

  test('copy buttons copy the code without line numbers', async () => {
    const ctx = await browser.newContext({ permissions: ['clipboard-read', 'clipboard-write'] });
    const page = await open(`/en/cases/${CASE}/`, ctx);
    const block = page.locator('.annotated-log .code-wrap').first();
    await block.locator('.copy-button').click();
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    const first = await block.locator('.log-line').first().getAttribute('data-line');
    const file = readFileSync(join(ROOT, 'content/cases', CASE, 'evidence/oom-report.log'), 'utf8').split('\n');
    assert.equal(copied.split('\n')[0], file[Number(first) - 1]);
    assert.equal(await block.locator('.copy-button').textContent(), 'Copied');
    await ctx.close();
  });
});

describe('analyzer view embedded in a case article', () => {
  test('its code loads near the viewport, runs on first touch, and the ranking then sorts', async () => {
    const page = await open(`/en/cases/${CASE}/`);
    const scripts: string[] = [];
    page.on('request', (r) => {
      if (r.resourceType() === 'script') scripts.push(new URL(r.url()).pathname);
    });
    const island = page.locator('figure.oom-evidence astro-island');
    assert.equal(await island.getAttribute('ssr'), '', 'not hydrated on load');
    await page.locator('figure.oom-evidence').scrollIntoViewIfNeeded();
    await page.waitForFunction(() =>
      performance.getEntriesByType('resource').some((e) => e.name.includes('/OomView.')),
    );
    assert.ok(
      scripts.some((s) => s.includes('/OomView.')),
      `fetched on scroll: ${scripts.join(', ')}`,
    );
    assert.equal(await island.getAttribute('ssr'), '', 'still not hydrated before a touch');
    const firstPid = () => page.locator('table.ranking tbody tr td.num').first().textContent();
    const before = await firstPid();
    const pidHeader = page.locator('table.ranking thead button').first();
    await pidHeader.hover();
    await page.waitForFunction(() => !document.querySelector('figure.oom-evidence astro-island')?.hasAttribute('ssr'));
    await pidHeader.click();
    assert.equal(await page.locator('table.ranking thead th').first().getAttribute('aria-sort'), 'ascending');
    assert.notEqual(await firstPid(), before, 'sorting by PID reorders the rows');
    await page.close();
  });
});
