/**
 * Shared helpers for browser tests (`node --test tests/e2e/*.test.ts`, run on Node 22 which strips
 * the types): serve a built site folder on a free localhost port, launch Debian's chromium through
 * playwright-core, collect console errors and CSP violations, list every built page.
 *
 * The site folder is `KMEM_OUT_DIR` (the same variable the build uses) or `dist`. Build it first
 * (`npm run test:e2e` does). Chromium: `CHROMIUM_PATH` or /usr/bin/chromium
 * (`node scripts/ensure-chromium.js` installs it).
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { after, before } from 'node:test';
import { join, relative, resolve, sep } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { startServer } from '../../scripts/serve.js';

export const ROOT = resolve(import.meta.dirname, '..', '..');
export const DIST = resolve(ROOT, process.env['KMEM_OUT_DIR'] ?? 'dist');

export const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export function chromiumPath(): string {
  const candidates = [process.env['CHROMIUM_PATH'], '/usr/bin/chromium', '/usr/bin/chromium-browser'];
  const found = candidates.find((p): p is string => !!p && existsSync(p));
  if (!found)
    throw new Error('chromium not found: run `node scripts/ensure-chromium.js` (or apt-get install chromium)');
  return found;
}

export interface Site {
  /** Base URL without trailing slash, e.g. http://localhost:41234 */
  url: string;
  close(): Promise<void>;
}

/** Serve `dir` (default: the built site) on a free port. */
export async function serveSite(dir: string = DIST): Promise<Site> {
  if (!existsSync(join(dir, 'index.html'))) {
    throw new Error(`${relative(ROOT, dir) || dir} has no index.html: build the site first (npm run build)`);
  }
  const server = (await startServer({ root: dir, port: 0 })) as Site;
  return { url: server.url, close: () => server.close() };
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_FLAGS, headless: true });
}

/**
 * For a test file: serves the built site and launches Chromium before its tests, closes both after.
 * `site` and `browser` are set by the time a test runs.
 */
export function useSiteAndBrowser(): { site: Site; browser: Browser } {
  const env = {} as { site: Site; browser: Browser };
  before(async () => {
    env.site = await serveSite();
    env.browser = await launchBrowser();
  });
  after(async () => {
    await env.browser?.close();
    await env.site?.close();
  });
  return env;
}

/** Chooses a file of `bytes` zero bytes in the page's file input, made in the page (a sparse Blob, nothing on disk). */
export async function chooseZeroFile(page: Page, bytes: number, name: string): Promise<void> {
  await page.evaluate(
    ([size, fileName]) => {
      const input = document.querySelector<HTMLInputElement>('.file-btn input[type=file]')!;
      const dt = new DataTransfer();
      dt.items.add(new File([new Uint8Array(size)], fileName));
      input.files = dt.files;
      input.dispatchEvent(new Event('change', { bubbles: true }));
    },
    [bytes, name] as const,
  );
}

export interface PageProblems {
  /** console.error messages and uncaught exceptions */
  errors: string[];
  /** CSP violations reported by the browser (securitypolicyviolation events + console) */
  csp: string[];
  /** requests that left this origin */
  external: string[];
}

/**
 * A new page in `context` that records errors, CSP violations and any request to another origin.
 * Requests to other hosts are aborted (tests never touch the network).
 */
export async function trackedPage(
  context: BrowserContext,
  origin: string,
): Promise<{ page: Page; problems: PageProblems }> {
  const page = await context.newPage();
  const problems: PageProblems = { errors: [], csp: [], external: [] };
  await page.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith(origin) || url.startsWith('data:') || url.startsWith('blob:')) return route.continue();
    problems.external.push(url);
    return route.abort();
  });
  page.on('console', (msg) => {
    const text = msg.text();
    if (/Content Security Policy|Refused to (load|execute|apply|connect|create)/i.test(text)) problems.csp.push(text);
    else if (msg.type() === 'error' && !/status of 404/.test(text)) problems.errors.push(text);
  });
  page.on('pageerror', (err) => problems.errors.push(String(err)));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      console.error(`Content Security Policy violation: ${e.violatedDirective} ${e.blockedURI}`);
    });
  });
  return { page, problems };
}

/** Every built HTML page as a site path (`/en/cases/x/`, `/404.html`), sorted. */
export function builtPages(dir: string = DIST): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) {
        if (name === 'pagefind' || name === '_astro') continue;
        walk(p);
      } else if (name.endsWith('.html')) {
        const rel = relative(dir, p).split(sep).join('/');
        out.push(rel.endsWith('index.html') ? `/${rel.slice(0, -'index.html'.length)}` : `/${rel}`);
      }
    }
  };
  walk(dir);
  return out.sort();
}
