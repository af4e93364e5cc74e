/** The raw evidence files, byte for byte, at /evidence/<slug>/<file> (for download and links). */
import type { APIRoute, GetStaticPaths } from 'astro';
import { readFileSync } from 'node:fs';
import { evidencePath, getCases } from '~/content/cases.ts';

export const getStaticPaths = (async () => {
  const cases = await getCases();
  return cases.flatMap((info) => info.evidence.map((ev) => ({ params: { slug: info.slug, file: ev.file } })));
}) satisfies GetStaticPaths;

export const GET: APIRoute = ({ params }) => {
  const body = readFileSync(evidencePath(params.slug ?? '', params.file ?? ''));
  return new Response(body, { headers: { 'Content-Type': 'text/plain; charset=utf-8' } });
};
