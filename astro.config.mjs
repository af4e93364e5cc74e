// @ts-check
import { defineConfig } from 'astro/config';
import mdx from '@astrojs/mdx';
import svelte from '@astrojs/svelte';
import { satteri } from '@astrojs/markdown-satteri';
import { fileURLToPath } from 'node:url';
import { createHash } from 'node:crypto';
import { THEME_INIT_SCRIPT } from './src/layouts/theme-init.mjs';
import { shikiConfig } from './src/shiki/config.ts';
import { pagefindIntegration } from './src/integrations/pagefind.ts';
import { clientInteractIntegration } from './src/integrations/client-interact.ts';
import { markdownPlugins } from './src/integrations/markdown-csp.ts';

// Parallel builds (tests, benchmarks) may point these elsewhere so they never share output.
const outDir = process.env.KMEM_OUT_DIR ?? './dist';
/** CSP source for the one inline script Astro does not hash itself (the theme, set before first paint). */
const themeInitHash = `sha256-${createHash('sha256').update(THEME_INIT_SCRIPT).digest('base64')}`;
const cacheDir = process.env.KMEM_CACHE_DIR ?? './node_modules/.astro';

export default defineConfig({
  site: 'https://kmem-casebook.example',
  outDir,
  cacheDir,
  trailingSlash: 'always',
  // Stylesheets inline: one round trip less before the first paint; Astro hashes them for the CSP.
  build: { format: 'directory', inlineStylesheets: 'always' },
  integrations: [mdx(), svelte(), clientInteractIntegration(), pagefindIntegration()],
  markdown: {
    // Sätteri (Astro's native pipeline) for .md and .mdx; no remark/rehype, only its own visitors.
    processor: satteri({ hastPlugins: markdownPlugins }),
    syntaxHighlight: { type: 'shiki', excludeLangs: ['math'] },
    shikiConfig,
  },
  vite: {
    resolve: { alias: { '~': fileURLToPath(new URL('./src', import.meta.url)) } },
  },
  security: {
    // Strict CSP as a <meta> on every page. Astro adds hashes for its own scripts and styles;
    // everything else must come from this origin. Shiki's inline styles are turned into classes
    // (src/shiki/style-to-class.ts), so no 'unsafe-inline' anywhere.
    csp: {
      algorithm: 'SHA-256',
      directives: [
        "default-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        // the analyzer runs the engine in a module worker served from this origin
        "worker-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "manifest-src 'self'",
      ],
      scriptDirective: {
        // Pagefind's search runs as WebAssembly, which needs 'wasm-unsafe-eval' (not 'unsafe-eval').
        resources: ["'self'", "'wasm-unsafe-eval'"],
        hashes: [/** @type {`sha256-${string}`} */ (themeInitHash)],
      },
      styleDirective: {
        resources: ["'self'"],
      },
    },
  },
});
