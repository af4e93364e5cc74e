/**
 * Content collections.
 * - `cases`: one entry per `content/cases/<slug>/case.yaml`, validated by `content/load-cases.ts`
 *   (friendly errors naming file and field; the build fails on a broken case).
 * - `articles`: the MDX articles, id `<slug>/<lang>`.
 * The content folder is `content/` unless `KMEM_CONTENT_DIR` says otherwise (tests use a fixture).
 */
import { defineCollection } from 'astro:content';
import { glob } from 'astro/loaders';
import { z } from 'zod';
import { relative } from 'node:path';
import { CaseSchema } from './content/case-schema.ts';
import { contentDir, loadCases } from './content/load-cases.ts';

const CaseEntrySchema = CaseSchema.extend({
  /** Languages with an article file. */
  articles: z.array(z.enum(['en', 'zh'])),
  /** Line count of each evidence file. */
  evidenceLines: z.record(z.string(), z.number()),
});

const cases = defineCollection({
  loader: {
    name: 'kmem-cases',
    load: (context) => {
      const { cases: loaded, warnings } = loadCases(contentDir());
      for (const w of warnings) context.logger.warn(w);
      context.store.clear();
      for (const c of loaded) {
        const data = { ...c.data, articles: c.articles, evidenceLines: c.evidenceLines };
        context.store.set({ id: c.data.slug, data, digest: context.generateDigest(JSON.stringify(data)) });
      }
      return Promise.resolve();
    },
  },
  schema: CaseEntrySchema,
});

const articles = defineCollection({
  loader: glob({
    pattern: '*/{en,zh}.mdx',
    base: relative(process.cwd(), `${contentDir()}/cases`) || '.',
    generateId: ({ entry }) => entry.replace(/\.mdx$/, ''),
  }),
  schema: z.looseObject({}),
});

export const collections = { cases, articles };
