/**
 * Builds the site from fixture content folders (KMEM_CONTENT_DIR):
 * - a broken case.yaml fails the build with a message naming the file and the field;
 * - a case without a Chinese article is published in both languages, the Chinese page showing the
 *   English article under a visible notice.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { ROOT, launchBrowser, serveSite, type Site } from './harness.ts';

const CASE = 'oom-killer-report';
const ASTRO = join(ROOT, 'node_modules', 'astro', 'bin', 'astro.mjs');
const work = mkdtempSync(join(tmpdir(), 'kmem-fixture-'));

/** A content folder holding a copy of one real case (minus `drop`), plus empty folders for its related slugs. */
function fixtureContent(name: string, opts: { drop?: string[]; edit?: (yaml: string) => string } = {}): string {
  const content = join(work, name, 'content');
  const folder = join(content, 'cases', CASE);
  cpSync(join(ROOT, 'content', 'cases', CASE), folder, { recursive: true });
  for (const f of opts.drop ?? []) rmSync(join(folder, f), { force: true });
  const yamlPath = join(folder, 'case.yaml');
  const yaml = readFileSync(yamlPath, 'utf8');
  if (opts.edit) writeFileSync(yamlPath, opts.edit(yaml));
  for (const related of /related:\n((?:\s+- .*\n)+)/.exec(yaml)?.[1]?.match(/[a-z0-9-]+$/gm) ?? []) {
    mkdirSync(join(content, 'cases', related), { recursive: true });
  }
  return content;
}

function build(name: string, content: string): { status: number | null; output: string; outDir: string } {
  const outDir = join(work, name, 'dist');
  const r = spawnSync(process.execPath, [ASTRO, 'build'], {
    cwd: ROOT,
    encoding: 'utf8',
    env: {
      ...process.env,
      KMEM_CONTENT_DIR: content,
      KMEM_OUT_DIR: outDir,
      KMEM_CACHE_DIR: join(work, name, 'cache'),
      ASTRO_TELEMETRY_DISABLED: '1',
      NO_COLOR: '1',
    },
    timeout: 300_000,
  });
  return { status: r.status, output: `${r.stdout}\n${r.stderr}`, outDir };
}

after(() => rmSync(work, { recursive: true, force: true }));

test('a broken case.yaml fails the build, naming the file and the field', () => {
  const content = fixtureContent('broken', {
    edit: (yaml) => yaml.replace(/^arch:\n {2}- x86_64$/m, 'arch:\n  - x86-64').replace(/^kernels:/m, 'kernelz:'),
  });
  const { status, output } = build('broken', content);
  assert.notEqual(status, 0, 'the build must fail');
  assert.match(output, new RegExp(`cases/${CASE}/case\\.yaml: field "arch\\[0\\]": .*found "x86-64"`));
  assert.match(output, new RegExp(`cases/${CASE}/case\\.yaml: field "kernelz": unknown field`));
  assert.match(output, new RegExp(`cases/${CASE}/case\\.yaml: field "kernels": .*missing`));
});

test('an evidence file that does not exist fails the build', () => {
  const content = fixtureContent('no-evidence', { drop: ['evidence/gdb-double-fault-bt.log'] });
  const { status, output } = build('no-evidence', content);
  assert.notEqual(status, 0);
  assert.match(
    output,
    /field "evidence\[1\]\.file": evidence file "evidence\/gdb-double-fault-bt\.log" does not exist/,
  );
});

describe('a case without its Chinese article', () => {
  let site: Site;
  let browser: Browser;
  let outDir: string;
  before(async () => {
    const result = build('untranslated', fixtureContent('untranslated', { drop: ['zh.mdx'] }));
    assert.equal(result.status, 0, result.output.slice(-3000));
    outDir = result.outDir;
    site = await serveSite(outDir);
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await site?.close();
  });

  test('is shown in English on /zh/ with a visible notice, and only the English page is indexed', async () => {
    const page = await browser.newPage();
    await page.goto(`${site.url}/zh/cases/${CASE}/`);
    assert.equal(await page.getAttribute('html', 'lang'), 'zh');
    const notice = page.locator('[data-missing-translation]');
    assert.ok(await notice.isVisible());
    assert.match((await notice.textContent()) ?? '', /尚未翻译/);
    assert.equal(await page.getAttribute('article.article', 'lang'), 'en');
    assert.equal(await page.locator('[data-pagefind-body]').count(), 0);
    await page.goto(`${site.url}/en/cases/${CASE}/`);
    assert.equal(await page.locator('[data-missing-translation]').count(), 0);
    assert.ok((await page.locator('[data-pagefind-body]').count()) > 0);
    await page.close();
  });
});
