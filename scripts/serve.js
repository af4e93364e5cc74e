#!/usr/bin/env node
// Serves a built site folder over HTTP on localhost: `node scripts/serve.js [dir] [port]`.
// Used by `npm start` (dist, 4321) and by the browser tests (any dist folder, free port).
// Static-host semantics: /path/ → path/index.html, /path → 301 /path/ when that is a folder,
// unknown paths → the 404 page of their language (/zh/… → /zh/404/), with status 404.
import { createServer } from 'node:http';
import { createReadStream, existsSync, statSync } from 'node:fs';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createGzip } from 'node:zlib';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.wasm': 'application/wasm',
  '.txt': 'text/plain; charset=utf-8',
  '.log': 'text/plain; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
};
// Pagefind's index chunks have no extension that tells their type; they are binary.
const DEFAULT_TYPE = 'application/octet-stream';
// Text is gzipped on the way out, as any production static host does (Pagefind's chunks are
// compressed already); transfer sizes measured against this server are then realistic.
const COMPRESSIBLE = new Set(['.html', '.js', '.mjs', '.css', '.json', '.svg', '.txt', '.log', '.xml', '.webmanifest']);

function isFile(p) {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
}
function isDir(p) {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

/**
 * Start a static server. Resolves to { server, port, url, close() }.
 * @param {{ root: string, port?: number, host?: string, quiet?: boolean }} opts
 */
export function startServer({ root, port = 0, host = '127.0.0.1', quiet = true }) {
  const base = resolve(root);
  if (!isDir(base)) throw new Error(`serve: ${root} is not a folder (build the site first: npm run build)`);
  const server = createServer((req, res) => {
    let pathname;
    try {
      pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    } catch {
      res.writeHead(400).end('bad request');
      return;
    }
    const target = normalize(join(base, pathname));
    if (target !== base && !target.startsWith(base + sep)) {
      res.writeHead(403).end('forbidden');
      return;
    }
    let file = null;
    if (pathname.endsWith('/') && isFile(join(target, 'index.html'))) file = join(target, 'index.html');
    else if (!pathname.endsWith('/') && isFile(target)) file = target;
    else if (!pathname.endsWith('/') && isDir(target) && isFile(join(target, 'index.html'))) {
      const q = req.url?.includes('?') ? req.url.slice(req.url.indexOf('?')) : '';
      res.writeHead(301, { Location: `${pathname}/${q}` }).end();
      return;
    }
    let status = 200;
    if (!file) {
      status = 404;
      const lang = /^\/(en|zh)(\/|$)/.exec(pathname)?.[1];
      const localized = lang ? join(base, lang, '404', 'index.html') : null;
      file = localized && isFile(localized) ? localized : join(base, '404.html');
      if (!isFile(file)) {
        res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('not found');
        return;
      }
    }
    const ext = extname(file).toLowerCase();
    const gzip = COMPRESSIBLE.has(ext) && /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
    res.writeHead(status, {
      'Content-Type': TYPES[ext] ?? DEFAULT_TYPE,
      'X-Content-Type-Options': 'nosniff',
      'Cache-Control': 'no-cache',
      Vary: 'Accept-Encoding',
      ...(gzip ? { 'Content-Encoding': 'gzip' } : {}),
    });
    if (req.method === 'HEAD') {
      res.end();
      return;
    }
    if (gzip) createReadStream(file).pipe(createGzip()).pipe(res);
    else createReadStream(file).pipe(res);
    if (!quiet) console.log(`${status} ${req.method} ${pathname}`);
  });
  return new Promise((resolvePromise, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      const address = server.address();
      const actual = typeof address === 'object' && address ? address.port : port;
      resolvePromise({
        server,
        port: actual,
        url: `http://${host === '127.0.0.1' ? 'localhost' : host}:${actual}`,
        close: () => new Promise((r) => server.close(() => r(undefined))),
      });
    });
  });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const root = process.argv[2] ?? 'dist';
  const port = Number(process.argv[3] ?? process.env.PORT ?? 4321);
  if (!existsSync(root)) {
    console.error(`serve: ${root} does not exist; run \`npm run build\` first.`);
    process.exit(1);
  }
  startServer({ root, port })
    .then(({ port: p }) => console.log(`kmem-casebook is served at http://localhost:${p}/ (Ctrl-C to stop)`))
    .catch((err) => {
      console.error(`serve: ${err instanceof Error ? err.message : String(err)}`);
      process.exit(1);
    });
}
