/**
 * Build scale: generates N synthetic cases (copies of the real cases under new slugs, so the pages
 * carry real articles, evidence and islands) in a temporary content folder, builds the site from it,
 * and prints build time, pages per second, peak memory (max RSS of the build and its children)
 * and the search index size per page.
 *
 *   npm run bench:build                 N = 100, 500, 1000, then Starlight with 500 pages
 *   npm run bench:build -- 50 200       other sizes
 *   npm run bench:build -- --starlight 0   no Starlight reference build
 *
 * The Starlight reference (issue 7 compares against a 500-page Starlight site) is built in the same
 * run on the same machine: Starlight and this repository's Astro version are installed once from the
 * npm registry into .bench/starlight/, and P markdown pages are generated from the same real cases
 * (summary, facts and every evidence log in a code block, which Starlight highlights with Expressive
 * Code, as we do with Shiki). When the install fails (no registry), the run says so and goes on.
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
import { parse as parseYaml } from 'yaml';
import { builtPages } from '../tests/e2e/harness.ts';

const ROOT = resolve(import.meta.dirname, '..');
const argv = process.argv.slice(2);
const starlightAt = argv.indexOf('--starlight');
/** Pages of the Starlight reference site; 0 skips it. */
const STARLIGHT_PAGES = starlightAt >= 0 ? Number(argv[starlightAt + 1] ?? 500) : 500;
const SIZES = argv
  .filter((_, i) => starlightAt < 0 || (i !== starlightAt && i !== starlightAt + 1))
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

interface TimedBuild {
  status: number | null;
  seconds: number;
  peakKb: number;
  stdout: string;
  stderr: string;
}

/** `astro build` in `cwd`, timed, with the peak resident set of its whole process tree. */
function timedBuild(cwd: string, env: Record<string, string>): TimedBuild {
  const t0 = performance.now();
  // GNU time's %M is the largest resident set of the build process tree (kilobytes).
  const run = spawnSync('/usr/bin/time', ['-f', 'PEAK_KB=%M', 'npx', 'astro', 'build'], {
    cwd,
    env: { ...process.env, ...env },
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  return {
    status: run.status,
    seconds: (performance.now() - t0) / 1000,
    peakKb: Number(/PEAK_KB=(\d+)/.exec(run.stderr)?.[1] ?? 0),
    stdout: run.stdout,
    stderr: run.stderr,
  };
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
  const run = timedBuild(ROOT, { KMEM_CONTENT_DIR: content, KMEM_OUT_DIR: out, KMEM_CACHE_DIR: cache });
  const seconds = run.seconds;
  if (run.status !== 0) {
    console.error(`build of ${n} cases failed:\n${run.stderr.slice(-2000)}`);
    process.exit(1);
  }
  const peakKb = run.peakKb;
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
if (STARLIGHT_PAGES > 0) starlightReference(STARLIGHT_PAGES);

/** Installs Starlight once into .bench/starlight and builds a site of `pages` pages made from the cases. */
function starlightReference(pages: number): void {
  const dir = join(ROOT, '.bench', 'starlight');
  const astroVersion = (
    JSON.parse(readFileSync(join(ROOT, 'node_modules/astro/package.json'), 'utf8')) as { version: string }
  ).version;
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, 'package.json'),
    JSON.stringify(
      {
        name: 'starlight-reference',
        private: true,
        type: 'module',
        dependencies: { astro: astroVersion, '@astrojs/starlight': '^0.42.0' },
      },
      null,
      2,
    ),
  );
  if (!existsSync(join(dir, 'node_modules/@astrojs/starlight'))) {
    console.log(`\ninstalling Starlight and astro@${astroVersion} into .bench/starlight …`);
    const install = spawnSync('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error'], {
      cwd: dir,
      encoding: 'utf8',
    });
    if (install.status !== 0) {
      console.log(
        `Starlight could not be installed here, so it was not measured: ${install.stderr.trim().split('\n').slice(-2).join(' ')}`,
      );
      return;
    }
  }
  const starlightVersion = (
    JSON.parse(readFileSync(join(dir, 'node_modules/@astrojs/starlight/package.json'), 'utf8')) as { version: string }
  ).version;
  writeFileSync(
    join(dir, 'astro.config.mjs'),
    "import { defineConfig } from 'astro/config';\nimport starlight from '@astrojs/starlight';\nexport default defineConfig({ integrations: [starlight({ title: 'Reference' })] });\n",
  );
  mkdirSync(join(dir, 'src'), { recursive: true });
  writeFileSync(
    join(dir, 'src/content.config.ts'),
    "import { defineCollection } from 'astro:content';\nimport { docsLoader } from '@astrojs/starlight/loaders';\nimport { docsSchema } from '@astrojs/starlight/schema';\nexport const collections = { docs: defineCollection({ loader: docsLoader(), schema: docsSchema() }) };\n",
  );
  const docs = join(dir, 'src/content/docs');
  rmSync(docs, { recursive: true, force: true });
  mkdirSync(docs, { recursive: true });
  const bodies = sources.map(starlightPage);
  for (let i = 0; i < pages; i++)
    writeFileSync(
      join(docs, `page-${String(i).padStart(4, '0')}.md`),
      bodies[i % bodies.length]!.replace('{n}', String(i)),
    );
  rmSync(join(dir, '.astro'), { recursive: true, force: true });
  rmSync(join(dir, 'node_modules/.astro'), { recursive: true, force: true });
  const run = timedBuild(dir, {});
  if (run.status !== 0) {
    console.log(`Starlight build failed:\n${run.stderr.slice(-1500)}`);
    return;
  }
  const built = builtPages(join(dir, 'dist')).length;
  console.log(
    `\nStarlight ${starlightVersion} (astro ${astroVersion}), same machine, same run: ${built} pages in ${run.seconds.toFixed(1)} s, ${(built / run.seconds).toFixed(1)} pages/s, peak ${(run.peakKb / 1024).toFixed(0)} MiB`,
  );
  rmSync(join(dir, 'dist'), { recursive: true, force: true });
}

/** A Starlight page from one real case: title, summary, the article's plain paragraphs, and every evidence file as a code block. */
function starlightPage(slug: string): string {
  const dir = join(ROOT, 'content/cases', slug);
  const yaml = readFileSync(join(dir, 'case.yaml'), 'utf8');
  const doc = parseYaml(yaml) as { title?: { en?: string }; summary?: { en?: string[] } };
  const summary = (doc.summary?.en ?? []).join(' ');
  const evidence = existsSync(join(dir, 'evidence'))
    ? readdirSync(join(dir, 'evidence')).map(
        (f) =>
          `## ${f}\n\n\`\`\`text\n${readFileSync(join(dir, 'evidence', f), 'utf8').replaceAll('```', "'''")}\n\`\`\`\n`,
      )
    : [];
  const prose = readFileSync(join(dir, 'en.mdx'), 'utf8')
    .split('\n')
    .filter((l) => /^[A-Za-z]/.test(l) && !l.startsWith('import '))
    .join('\n\n');
  return `---\ntitle: ${JSON.stringify(`${doc.title?.en ?? slug} ({n})`)}\ndescription: ${JSON.stringify(summary.slice(0, 150))}\n---\n\n${summary}\n\n${prose}\n\n${evidence.join('\n')}`;
}
