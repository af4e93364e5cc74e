/**
 * Accessibility: axe-core over every built page (light theme), and the main page types again in the
 * dark theme and at 360 px. Zero serious or critical violations allowed.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { BrowserContext, Page } from 'playwright-core';
import { builtPages, useSiteAndBrowser } from './harness.ts';

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: unknown[] }[];
}

const env = useSiteAndBrowser();

/**
 * Runs axe in the page. evaluate() goes through the DevTools protocol, which the page's CSP does not
 * govern. On the evidence viewer pages the log body itself (thousands of highlighted tokens, the same
 * token classes the annotated logs on case pages use, whose contrast the shiki unit test also proves)
 * is left out, to keep the sweep fast; everything else on those pages is checked.
 */
async function seriousViolations(page: Page, path: string): Promise<string[]> {
  await page.evaluate(AXE_SOURCE);
  const exclude = /\/evidence\//.test(path) ? ['.log-block code'] : [];
  const violations = await page.evaluate(async (excluded) => {
    const axe = (window as unknown as { axe: { run(c: object, o: object): Promise<{ violations: AxeViolation[] }> } })
      .axe;
    const result = await axe.run(
      { include: [['html']], exclude: excluded.map((e) => [e]) },
      { resultTypes: ['violations'] },
    );
    return result.violations;
  }, exclude);
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) =>
        `${v.impact} ${v.id}: ${v.help} — ${v.nodes
          .slice(0, 3)
          .map((n) => JSON.stringify(n.target))
          .join(', ')}`,
    );
}

const CONCURRENCY = 3;

async function sweep(context: BrowserContext, paths: string[]): Promise<string[]> {
  const failures: string[] = [];
  const queue = [...paths];
  const worker = async () => {
    for (let path = queue.shift(); path !== undefined; path = queue.shift()) {
      const page = await context.newPage();
      await page.goto(env.site.url + path, { waitUntil: 'load' });
      for (const v of await seriousViolations(page, path)) failures.push(`${path}: ${v}`);
      await page.close();
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return failures.sort();
}

const MAIN_PAGES = [
  '/en/',
  '/zh/',
  '/en/cases/oom-killer-report/',
  '/zh/cases/oom-killer-report/',
  '/en/search/?q=oom',
  '/zh/search/?q=内存',
];

test('every built page: no serious or critical axe violation (light)', async () => {
  const context = await env.browser.newContext({ colorScheme: 'light' });
  const failures = await sweep(context, builtPages());
  await context.close();
  assert.deepEqual(failures, []);
});

test('main pages in the dark theme and at 360 px: no serious or critical violation', async () => {
  const dark = await env.browser.newContext({ colorScheme: 'dark' });
  const narrow = await env.browser.newContext({ colorScheme: 'light', viewport: { width: 360, height: 800 } });
  const failures = [...(await sweep(dark, MAIN_PAGES)), ...(await sweep(narrow, MAIN_PAGES))];
  await dark.close();
  await narrow.close();
  assert.deepEqual(failures, []);
});
