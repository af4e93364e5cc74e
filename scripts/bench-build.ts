/**
 * Build scale: generates N synthetic cases (copies of the real cases under new slugs, so the pages
 * carry real articles, evidence and islands) in a temporary content folder, builds the site from it,
 * and prints build time, pages per second, peak memory (max RSS of the build and its children)
 * and the search index size per page.
 *
 *   npm run bench:build                 N = 100, 500, 1000
 *   npm run bench:build -- 50 200       other sizes
 *
 * Each size builds from scratch (fresh output and cache folders) so no run profits from another.
 */
import { spawnSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { builtPages } from '../tests/e2e/harness.ts';

const ROOT = resolve(import.meta.dirname, '..');
const SIZES = process.argv
  .slice(2)
  .map(Number)
  .filter((n) => n > 0);
const sizes = SIZES.length ? SIZES : [100, 500, 1000];
const sources = readdirSync(join(ROOT, 'content/cases')).filter((d) =>
  existsSync(join(ROOT, 'content/cases', d, 'case.yaml')),
);

function makeContent(n: number): string {
  // Inside the project: Astro's glob loader does not read content from outside the project root.
  mkdirSync(join(ROOT, '.bench'), { recursive: true });
  const dir = mkdtempSync(join(ROOT, '.bench', `content-${n}-`));
  const cases = join(dir, 'cases');
  mkdirSync(cases);
  for (let i = 0; i < n; i++) {
    const src = sources[i % sources.length]!;
    const slug = `synthetic-${String(i).padStart(4, '0')}-${src}`;
    const target = join(cases, slug);
    cpSync(join(ROOT, 'content/cases', src), target, { recursive: true });
    const yamlPath = join(target, 'case.yaml');
    const yaml = readFileSync(yamlPath, 'utf8')
      .replace(/^slug: .*$/m, `slug: ${slug}`)
      // Related slugs point at the real cases, which are not in this folder.
      .replace(/^related:\n(?:\s+- .*\n)*/m, 'related: []\n');
    writeFileSync(yamlPath, yaml);
    // Articles link to their own evidence by slug.
    for (const lang of ['en', 'zh']) {
      const mdx = join(target, `${lang}.mdx`);
      if (existsSync(mdx)) writeFileSync(mdx, readFileSync(mdx, 'utf8').replaceAll(`slug="${src}"`, `slug="${slug}"`));
    }
  }
  return dir;
}

function dirBytes(dir: string): number {
  if (!existsSync(dir)) return 0;
  let n = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    n += entry.isDirectory() ? dirBytes(p) : statSync(p).size;
  }
  return n;
}

console.log(`cases per size: ${sizes.join(', ')} (copies of ${sources.length} real cases)`);
console.log(
  `${'cases'.padStart(6)} ${'pages'.padStart(6)} ${'build s'.padStart(8)} ${'pages/s'.padStart(8)} ${'peak MiB'.padStart(9)} ${'index KiB/page'.padStart(15)}`,
);
for (const n of sizes) {
  const content = makeContent(n);
  const out = mkdtempSync(join(tmpdir(), `kmem-bench-out-${n}-`));
  // Not inside `out`: Astro empties the output folder at the start of a build, content store included.
  const cache = mkdtempSync(join(tmpdir(), `kmem-bench-cache-${n}-`));
  const t0 = performance.now();
  // GNU time's %M is the largest resident set of the build process tree (kilobytes).
  const run = spawnSync('/usr/bin/time', ['-f', 'PEAK_KB=%M', 'npx', 'astro', 'build'], {
    cwd: ROOT,
    env: { ...process.env, KMEM_CONTENT_DIR: content, KMEM_OUT_DIR: out, KMEM_CACHE_DIR: cache },
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  const seconds = (performance.now() - t0) / 1000;
  if (run.status !== 0) {
    console.error(`build of ${n} cases failed:\n${run.stderr.slice(-2000)}`);
    process.exit(1);
  }
  const peakKb = Number(/PEAK_KB=(\d+)/.exec(run.stderr)?.[1] ?? 0);
  const pages = builtPages(out).length;
  const indexed = Number(/indexed (\d+) pages/.exec(run.stdout + run.stderr)?.[1] ?? pages);
  const indexKiBPerPage = dirBytes(join(out, 'pagefind')) / 1024 / Math.max(1, indexed);
  console.log(
    `${String(n).padStart(6)} ${String(pages).padStart(6)} ${seconds.toFixed(1).padStart(8)} ${(pages / seconds).toFixed(1).padStart(8)} ${(peakKb / 1024).toFixed(0).padStart(9)} ${indexKiBPerPage.toFixed(2).padStart(15)}`,
  );
  if (pages < n * 2)
    console.error(`  only ${pages} pages for ${n} cases; build log tail:\n${(run.stdout + run.stderr).slice(-3000)}`);
  rmSync(content, { recursive: true, force: true });
  rmSync(out, { recursive: true, force: true });
  rmSync(cache, { recursive: true, force: true });
}
console.log('\nStarlight reference (issue 7, same machine class): 500 pages in about 15.8 s, 1.06 GB peak.');
