/**
 * Screenshots of the built site for a human look: home, a case page and search, in both languages,
 * at 1280 px and 360 px, light and dark. `node scripts/screenshots.ts [outDir]` (default screenshots/),
 * site folder from KMEM_OUT_DIR or dist. Full-page PNGs.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { launchBrowser, serveSite } from '../tests/e2e/harness.ts';

const out = process.argv[2] ?? 'screenshots';
const only = process.argv[3];
const MAX_HEIGHT = Number(process.env['SHOT_MAX_HEIGHT'] ?? 2400);
mkdirSync(out, { recursive: true });
const site = await serveSite();
const browser = await launchBrowser();
const pages = [
  ['home', '/{lang}/'],
  ['case', '/{lang}/cases/oom-killer-report/'],
  ['search', `/{lang}/search/?q=oom`],
  ['evidence', '/{lang}/cases/oom-killer-report/evidence/oom-report.log/'],
] as const;
try {
  for (const scheme of ['light', 'dark'] as const) {
    for (const width of [1280, 360]) {
      const context = await browser.newContext({ viewport: { width, height: 900 }, colorScheme: scheme });
      for (const lang of ['en', 'zh']) {
        for (const [name, path] of pages) {
          const file = `${name}-${lang}-${width}-${scheme}.png`;
          if (only && !file.includes(only)) continue;
          const page = await context.newPage();
          await page.goto(site.url + path.replace('{lang}', lang), { waitUntil: 'networkidle', timeout: 180_000 });
          if (name === 'search') {
            await page.waitForSelector('[data-search-results] li', { timeout: 120_000 }).catch(() => undefined);
          }
          await page.waitForTimeout(100);
          // Long articles: the first 2400 px (a full 19000 px page is unreadable as one picture).
          const height = await page.evaluate(() => document.documentElement.scrollHeight);
          await page.screenshot({
            path: join(out, file),
            fullPage: true,
            clip: { x: 0, y: 0, width, height: Math.min(height, MAX_HEIGHT) },
            timeout: 180_000,
          });
          await page.close();
          console.log(file);
        }
      }
      await context.close();
    }
  }
} finally {
  await browser.close();
  await site.close();
}
