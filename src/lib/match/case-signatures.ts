/**
 * Reads the `signatures` block of a case.yaml text into what the matcher needs, with a readable
 * error naming the case, the entry and the field. Used at build time (site, CLI, tests); pure.
 */
import { parse } from 'yaml';
import { z } from 'zod';
import { SignatureSchema, type CaseSignatures } from './signature-schema.ts';

export type CaseSignaturesResult = { ok: true; value: CaseSignatures } | { ok: false; error: string };

const CaseSignaturesFileSchema = z.object({
  slug: z.string().regex(/^[a-z0-9-]+$/),
  signatures: z.array(SignatureSchema).default([]),
});

/** Every `title` and symptom `pattern` must compile as a JavaScript regular expression. */
function regexErrors(sigs: CaseSignatures['signatures']): string[] {
  const errors: string[] = [];
  sigs.forEach((s, i) => {
    const source = s.kind === 'oops' ? s.title : s.kind === 'symptom' ? s.pattern : undefined;
    if (source === undefined) return;
    try {
      new RegExp(source);
    } catch (e) {
      errors.push(
        `signatures[${i}]: ${s.kind === 'oops' ? 'title' : 'pattern'} is not a valid regular expression (${String(e)})`,
      );
    }
  });
  return errors;
}

export function parseCaseSignatures(yamlText: string, where: string): CaseSignaturesResult {
  let doc: unknown;
  try {
    doc = parse(yamlText);
  } catch (e) {
    return { ok: false, error: `${where}: not valid YAML (${String(e)})` };
  }
  const parsed = CaseSignaturesFileSchema.safeParse(doc);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.') || '(root)'}: ${i.message}`);
    return { ok: false, error: `${where}: invalid case signatures\n${lines.join('\n')}` };
  }
  const errors = regexErrors(parsed.data.signatures);
  if (errors.length > 0) return { ok: false, error: `${where}:\n  ${errors.join('\n  ')}` };
  return { ok: true, value: { slug: parsed.data.slug, signatures: parsed.data.signatures } };
}
