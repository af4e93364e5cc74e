/**
 * Builds the Pagefind search index at the end of `astro build`, through Pagefind's Node API.
 * Only elements marked `data-pagefind-body` (the case articles) are indexed; filters come from
 * `data-pagefind-filter` attributes on the case page (subsystem, arch, kind). Pages are split by
 * their `<html lang>`, so /zh/ searches the Chinese index (segmented by Pagefind's extended build).
 */
import type { AstroIntegration } from 'astro';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

export function pagefindIntegration(): AstroIntegration {
  return {
    name: 'kmem:pagefind',
    hooks: {
      'astro:build:done': async ({ dir, logger }) => {
        const pagefind = await import('pagefind');
        const outDir = fileURLToPath(dir);
        const { index, errors } = await pagefind.createIndex({});
        if (!index || errors.length) throw new Error(`Pagefind: could not create the index: ${errors.join('; ')}`);
        const added = await index.addDirectory({ path: outDir });
        if (added.errors.length) throw new Error(`Pagefind: ${added.errors.join('; ')}`);
        const written = await index.writeFiles({ outputPath: join(outDir, 'pagefind') });
        if (written.errors.length) throw new Error(`Pagefind: ${written.errors.join('; ')}`);
        logger.info(`indexed ${added.page_count} pages`);
        await pagefind.close();
      },
    },
  };
}
