/**
 * Link check over the built site, without a browser and without the network: every internal
 * href/src of every built HTML page must name a file the static host serves (the rules of
 * scripts/serve.js: `/path/` → `path/index.html`, `/path` → a file, or a folder with an index that
 * the host redirects to), and every `#fragment` must name an element id of the target page.
 * A fragment must not name an id that occurs twice in its page (it would land on the first one).
 * External links are not fetched; they must be well-formed https URLs.
 *
 * Run after a build: `node --test tests/e2e/links.test.ts` (site folder: KMEM_OUT_DIR or dist).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
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
import { join, relative, sep } from 'node:path';
import { DIST, ROOT } from './harness.ts';

/** The origin the site is built for (astro.config.mjs `site`): absolute links to it are internal. */
const SITE_ORIGIN = 'https://kmem-casebook.example';

/** Attributes that hold one URL, whatever the element (a/link/area/use href, img/script src…). */
const URL_ATTRS = new Set([
  'href',
  'src',
  'xlink:href',
  'poster',
  'action',
  'formaction',
  'data',
  'cite',
  // Astro islands load their component and renderer from these
  'component-url',
  'renderer-url',
  'before-hydration-url',
]);
/** Attributes that hold a list of "url descriptor" candidates. */
const SRCSET_ATTRS = new Set(['srcset', 'imagesrcset']);
/** Elements whose content is raw text: no tags inside until the matching end tag. */
const RAW_TEXT = new Set(['script', 'style', 'textarea', 'title', 'xmp', 'noembed', 'noframes']);

interface Tag {
  name: string;
  attrs: Map<string, string>;
}

const NAMED_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

/** Decode the character references an attribute value may carry (the ones a URL or an id can hold). */
export function decodeEntities(value: string): string {
  if (!value.includes('&')) return value;
  return value.replace(/&(#[xX][0-9a-fA-F]{1,6}|#[0-9]{1,7}|[a-zA-Z]{2,8});?/g, (whole, ref: string) => {
    if (ref[0] === '#') {
      const code = ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return NAMED_ENTITIES[ref] ?? whole;
  });
}

const isSpace = (c: string | undefined) => c === ' ' || c === '\n' || c === '\t' || c === '\r' || c === '\f';

/**
 * Every start tag of `html` with its attributes, in one left-to-right pass (linear time): comments,
 * doctype and processing instructions are skipped, raw-text elements (script, style…) are skipped to
 * their end tag, attribute values may be double-quoted, single-quoted or bare.
 */
export function scanTags(html: string): Tag[] {
  const tags: Tag[] = [];
  const n = html.length;
  let i = 0;
  while (i < n) {
    const lt = html.indexOf('<', i);
    if (lt < 0) break;
    i = lt + 1;
    if (html.startsWith('!--', i)) {
      const end = html.indexOf('-->', i + 3);
      i = end < 0 ? n : end + 3;
      continue;
    }
    const c = html[i];
    if (c === '!' || c === '?' || c === '/') {
      const end = html.indexOf('>', i);
      i = end < 0 ? n : end + 1;
      continue;
    }
    if (!c || !/[a-zA-Z]/.test(c)) continue;
    let j = i;
    while (j < n && !isSpace(html[j]) && html[j] !== '>' && html[j] !== '/') j++;
    const name = html.slice(i, j).toLowerCase();
    const attrs = new Map<string, string>();
    // attributes until '>'
    while (j < n) {
      while (j < n && (isSpace(html[j]) || html[j] === '/')) j++;
      if (j >= n || html[j] === '>') break;
      const ks = j;
      while (
        j < n &&
        !isSpace(html[j]) &&
        html[j] !== '>' &&
        html[j] !== '=' &&
        !(html[j] === '/' && html[j + 1] === '>')
      )
        j++;
      const key = html.slice(ks, j).toLowerCase();
      while (j < n && isSpace(html[j])) j++;
      let value = '';
      if (html[j] === '=') {
        j++;
        while (j < n && isSpace(html[j])) j++;
        const q = html[j];
        if (q === '"' || q === "'") {
          const end = html.indexOf(q, j + 1);
          const stop = end < 0 ? n : end;
          value = html.slice(j + 1, stop);
          j = stop + 1;
        } else {
          const vs = j;
          while (j < n && !isSpace(html[j]) && html[j] !== '>') j++;
          value = html.slice(vs, j);
        }
      }
      if (key && !attrs.has(key)) attrs.set(key, decodeEntities(value));
    }
    i = j + 1;
    tags.push({ name, attrs });
    if (RAW_TEXT.has(name)) {
      // skip to the matching end tag (case-insensitive search on a bounded lower-case window would
      // be quadratic on pathological input; built pages use lower-case end tags)
      const end = html.indexOf(`</${name}`, i);
      i = end < 0 ? n : end;
    }
  }
  return tags;
}

/** Every HTML file of the site folder, as a path relative to it with '/' separators. */
function htmlFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (name.endsWith('.html')) out.push(relative(dir, p).split(sep).join('/'));
    }
  };
  walk(dir);
  return out.sort();
}

/** The site URL a built file is served at: `en/index.html` → `/en/`, `404.html` → `/404.html`. */
function pageUrl(file: string): string {
  return file === 'index.html' || file.endsWith('/index.html') ? `/${file.slice(0, -'index.html'.length)}` : `/${file}`;
}

const isFile = (p: string) => {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
};

/**
 * The file the static host answers `pathname` with (scripts/serve.js), or null for a 404.
 * A folder without the trailing slash is served by redirect, which counts as found.
 */
function resolveTarget(root: string, pathname: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return null;
  }
  const target = join(root, decoded);
  if (target !== root && !target.startsWith(root + sep)) return null;
  if (decoded.endsWith('/')) return isFile(join(target, 'index.html')) ? join(target, 'index.html') : null;
  if (isFile(target)) return target;
  if (isFile(join(target, 'index.html'))) return join(target, 'index.html');
  return null;
}

/** Why an external URL is not a well-formed https link, or null when it is. */
export function externalProblem(raw: string): string | null {
  if (/\s/.test(raw)) return 'contains white space';
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'does not parse as a URL';
  }
  if (url.protocol !== 'https:') return `uses ${url.protocol} instead of https:`;
  if (!/^[a-z0-9-]+(\.[a-z0-9-]+)+$/i.test(url.hostname)) return `has a malformed host "${url.hostname}"`;
  if (url.username || url.password) return 'carries credentials';
  return null;
}

interface Problem {
  page: string;
  attr: string;
  url: string;
  why: string;
}

export interface LinkReport {
  pages: number;
  internal: number;
  anchors: number;
  external: number;
  externalHosts: Map<string, number>;
  problems: Problem[];
}

/** Check every page of the site folder `root`. */
export function checkSite(root: string): LinkReport {
  const files = htmlFiles(root);
  const idsCache = new Map<string, Set<string>>();
  // ids that occur more than once in a page: a fragment to them lands on the first, maybe not the meant one
  const dupIds = new Map<string, Set<string>>();
  const tagsCache = new Map<string, Tag[]>();
  const tagsOf = (file: string): Tag[] => {
    let tags = tagsCache.get(file);
    if (!tags) {
      tags = scanTags(readFileSync(file, 'utf8'));
      tagsCache.set(file, tags);
    }
    return tags;
  };
  const idsOf = (file: string): Set<string> => {
    let ids = idsCache.get(file);
    if (!ids) {
      ids = new Set();
      const dups = new Set<string>();
      for (const tag of tagsOf(file)) {
        const id = tag.attrs.get('id');
        if (id) {
          if (ids.has(id)) dups.add(id);
          ids.add(id);
        }
        // <a name="x"> is still a fragment target in HTML
        const name = tag.attrs.get('name');
        if (tag.name === 'a' && name) ids.add(name);
      }
      idsCache.set(file, ids);
      dupIds.set(file, dups);
    }
    return ids;
  };

  const problems: Problem[] = [];
  let internal = 0;
  let anchors = 0;
  let external = 0;
  const externalHosts = new Map<string, number>();

  for (const rel of files) {
    const file = join(root, rel);
    const page = pageUrl(rel);
    const base = new URL(page, SITE_ORIGIN);
    // the 404 pages are served at any unknown path: only root-relative or absolute links work there
    const servedAnywhere = /(^|\/)404(\.html|\/index\.html)$/.test(rel);
    for (const tag of tagsOf(file)) {
      const refs: Array<[string, string]> = [];
      for (const [attr, value] of tag.attrs) {
        if (URL_ATTRS.has(attr)) {
          // <meta content>, <object data> etc. only where the attribute is a URL
          if (attr === 'data' && tag.name !== 'object') continue;
          if (attr === 'cite' && tag.name !== 'blockquote' && tag.name !== 'q') continue;
          refs.push([`${tag.name}[${attr}]`, value.trim()]);
        } else if (SRCSET_ATTRS.has(attr)) {
          for (const candidate of value.split(',')) {
            const u = candidate.trim().split(/\s+/)[0];
            if (u) refs.push([`${tag.name}[${attr}]`, u]);
          }
        }
      }
      for (const [attr, raw] of refs) {
        const add = (why: string) => problems.push({ page, attr, url: raw, why });
        if (raw === '') {
          if (tag.name === 'a' || tag.name === 'img' || tag.name === 'script') add('empty URL');
          continue;
        }
        const scheme = /^([a-zA-Z][a-zA-Z0-9+.-]*):/.exec(raw)?.[1]?.toLowerCase();
        if (scheme === 'mailto' || scheme === 'tel' || scheme === 'data' || scheme === 'blob') continue;
        if (scheme === 'javascript') {
          add('javascript: URL (forbidden by the CSP)');
          continue;
        }
        if (raw.startsWith('//') || (scheme && scheme !== 'http' && scheme !== 'https')) {
          add('unsupported or protocol-relative URL');
          continue;
        }
        if (scheme && !raw.startsWith(SITE_ORIGIN + '/') && raw !== SITE_ORIGIN) {
          external++;
          const why = externalProblem(raw);
          if (why) add(why);
          else {
            const host = new URL(raw).hostname;
            externalHosts.set(host, (externalHosts.get(host) ?? 0) + 1);
          }
          continue;
        }
        if (servedAnywhere && !scheme && !raw.startsWith('/') && !raw.startsWith('#'))
          add('relative link on a 404 page (served at any path)');
        let url: URL;
        try {
          url = new URL(raw, base);
        } catch {
          add('does not parse as a URL');
          continue;
        }
        internal++;
        const target = resolveTarget(root, url.pathname);
        if (!target) {
          add(`no file for ${url.pathname}`);
          continue;
        }
        const fragment = url.hash.slice(1);
        if (!fragment) continue;
        anchors++;
        if (!target.endsWith('.html')) continue; // #L12 into a .log file: the browser shows the file
        let id: string;
        try {
          id = decodeURIComponent(fragment);
        } catch {
          add('malformed %-escape in the fragment');
          continue;
        }
        const ids = idsOf(target); // fills dupIds for the target too
        // "#top" scrolls to the top of any page (HTML's indicated-part rules)
        if (id.toLowerCase() === 'top' && !ids.has(id)) continue;
        if (dupIds.get(target)?.has(id)) add(`id "${id}" occurs more than once in the target page`);
        if (!ids.has(id)) add(`no element with id "${id}" in ${pageUrl(relative(root, target).split(sep).join('/'))}`);
      }
    }
  }

  return { pages: files.length, internal, anchors, external, externalHosts, problems };
}

test('every internal link and anchor of the built site resolves; external links are well-formed https', () => {
  assert.ok(existsSync(join(DIST, 'index.html')), `${relative(ROOT, DIST)} has no index.html: build the site first`);
  const { pages, internal, anchors, external, externalHosts, problems } = checkSite(DIST);
  const hosts = [...externalHosts].sort((a, b) => b[1] - a[1]).map(([h, c]) => `${h} ${c}`);
  console.log(
    `links: ${pages} pages, ${internal} internal links (${anchors} with a fragment), ${external} external links` +
      (hosts.length ? ` (${hosts.join(', ')})` : ''),
  );
  assert.ok(pages > 0 && internal > 0, 'no pages or no internal links found: wrong site folder?');
  const report = problems
    .slice(0, 200)
    .map((p) => `${p.page}: ${p.attr}="${p.url}" — ${p.why}`)
    .join('\n');
  assert.equal(problems.length, 0, `${problems.length} broken links:\n${report}`);
});

test('the scanner reads attributes in every quoting style and skips comments and raw text', () => {
  const tags = scanTags(
    `<!-- <a href="/commented"> --><a HREF=/bare id='one' title="a > b">x</a><script>if (a<b) "<a href='/in-script'>"</script>` +
      `<img src="/x.png?a=1&amp;b=2" srcset="/s1.png 1x, /s2.png 2x"/><p data-x="unterminated>`,
  );
  assert.deepEqual(
    tags.map((t) => [t.name, Object.fromEntries(t.attrs)]),
    [
      ['a', { href: '/bare', id: 'one', title: 'a > b' }],
      ['script', {}],
      ['img', { src: '/x.png?a=1&b=2', srcset: '/s1.png 1x, /s2.png 2x' }],
      ['p', { 'data-x': 'unterminated>' }],
    ],
  );
  assert.equal(externalProblem('https://elixir.bootlin.com/linux/v5.10/source/mm/oom_kill.c#L200'), null);
  assert.match(externalProblem('http://lore.kernel.org/x') ?? '', /http:/);
  assert.match(externalProblem('https://lore.kernel.org/a b') ?? '', /white space/);
  assert.match(externalProblem('https:///nohost') ?? '', /host|parse/);
});

test('the checker finds a missing page, a missing or ambiguous anchor, a bad external link and a relative link on a 404 page', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kmem-links-'));
  try {
    mkdirSync(join(dir, 'en', 'a'), { recursive: true });
    mkdirSync(join(dir, 'evidence', 'x'), { recursive: true });
    writeFileSync(join(dir, 'evidence', 'x', 'f.log'), 'log\n');
    writeFileSync(
      join(dir, 'index.html'),
      `<a href="/en/a/#here">ok</a><a href="en/a">ok, redirected</a><a href="/evidence/x/f.log#L3">ok</a>` +
        `<a href="https://kmem-casebook.example/en/a/">ok</a><a href="#top">ok</a><a href="/en/b/">missing page</a>` +
        `<a href="/en/a/#nowhere">missing anchor</a><a href="http://lwn.net/">http</a><img src="/missing.png">`,
    );
    writeFileSync(
      join(dir, 'en', 'a', 'index.html'),
      `<h2 id="here">x</h2><a href="../../#top">ok</a><h2 id="twice">a</h2><p id="twice">b</p><a href="#twice">ambiguous</a>`,
    );
    writeFileSync(join(dir, '404.html'), `<a href="en/a/">relative</a><a href="/en/a/">ok</a>`);
    const r = checkSite(dir);
    assert.equal(r.pages, 3);
    assert.deepEqual(
      r.problems.map((p) => `${p.page} ${p.url}`).sort(),
      [
        '/ /en/b/',
        '/ /en/a/#nowhere',
        '/ http://lwn.net/',
        '/ /missing.png',
        '/404.html en/a/',
        '/en/a/ #twice',
      ].sort(),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
