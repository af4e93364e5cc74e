// @ts-check
import { defineConfig } from 'astro/config';
import mdx from '@astrojs/mdx';
import svelte from '@astrojs/svelte';

// Parallel builds (tests, benchmarks) may point these elsewhere so they never share output.
const outDir = process.env.KMEM_OUT_DIR ?? './dist';
const cacheDir = process.env.KMEM_CACHE_DIR ?? './node_modules/.astro';

export default defineConfig({
  site: 'https://kmem-casebook.example',
  outDir,
  cacheDir,
  trailingSlash: 'always',
  integrations: [mdx(), svelte()],
});
