import { afterEach, describe, expect, test } from 'vitest';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CaseContentError, loadCases } from './load-cases.ts';

const REAL = join(import.meta.dirname, '..', '..', 'content');
const VALID_YAML = `slug: sample-case
title:
  en: A sample case
  zh: 示例案例
summary:
  en: [one, two, three]
  zh: [一, 二, 三]
kernels: [5.10.0]
arch: [x86_64]
subsystems: [oom]
kinds: [oom]
symptoms:
  en: [global OOM]
  zh: [全局 OOM]
date: '2024-01-02'
evidence:
  - file: dmesg.log
    title: { en: the log, zh: 日志 }
    source: dmesg
`;

const dirs: string[] = [];
function fixture(yaml: string | null, opts: { evidence?: string[]; articles?: string[] } = {}): string {
  const root = mkdtempSync(join(tmpdir(), 'kmem-content-'));
  dirs.push(root);
  const folder = join(root, 'cases', 'sample-case');
  mkdirSync(join(folder, 'evidence'), { recursive: true });
  if (yaml !== null) writeFileSync(join(folder, 'case.yaml'), yaml);
  for (const f of opts.evidence ?? ['dmesg.log']) writeFileSync(join(folder, 'evidence', f), 'line 1\nline 2\n');
  for (const a of opts.articles ?? ['en']) writeFileSync(join(folder, `${a}.mdx`), '## Heading\n\nText.\n');
  return root;
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function problemsOf(root: string): string[] {
  try {
    loadCases(root);
  } catch (err) {
    expect(err).toBeInstanceOf(CaseContentError);
    return (err as CaseContentError).problems;
  }
  throw new Error('expected the load to fail');
}

describe('loadCases', () => {
  test('a valid case loads, with its articles and evidence line counts', () => {
    const { cases } = loadCases(fixture(VALID_YAML, { articles: ['en', 'zh'] }));
    expect(cases).toHaveLength(1);
    expect(cases[0]?.articles).toEqual(['en', 'zh']);
    expect(cases[0]?.evidenceLines).toEqual({ 'dmesg.log': 2 });
  });

  test('the real content folder loads without problems', () => {
    const { cases } = loadCases(REAL);
    expect(cases.length).toBeGreaterThan(0);
    for (const c of cases) expect(c.data.evidence.length).toBeGreaterThan(0);
  });

  test('invalid YAML names the file and the line', () => {
    const [p] = problemsOf(fixture(`${VALID_YAML}\nkinds: [oom\n`));
    expect(p).toMatch(/cases\/sample-case\/case\.yaml: invalid YAML/);
    expect(p).toMatch(/line \d+/);
  });

  test('a missing field names the field', () => {
    const problems = problemsOf(fixture(VALID_YAML.replace(/^kernels:.*\n/m, '')));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/case\.yaml: field "kernels": .*found nothing \(the field is missing\)/);
  });

  test('an unknown enum value names the field, the allowed values and what was found', () => {
    const [p] = problemsOf(fixture(VALID_YAML.replace('arch: [x86_64]', 'arch: [x86-64]')));
    expect(p).toMatch(/field "arch\[0\]": /);
    expect(p).toMatch(/x86_64/);
    expect(p).toMatch(/found "x86-64"/);
  });

  test('a summary without exactly three lines is refused', () => {
    const [p] = problemsOf(fixture(VALID_YAML.replace('en: [one, two, three]', 'en: [one, two]')));
    expect(p).toMatch(/field "summary\.en"/);
  });

  test('an evidence file that does not exist names the field and the file', () => {
    const [p] = problemsOf(fixture(VALID_YAML, { evidence: [] }));
    expect(p).toMatch(/field "evidence\[0\]\.file": evidence file "evidence\/dmesg\.log" does not exist/);
  });

  test('the slug must equal the folder', () => {
    const [p] = problemsOf(fixture(VALID_YAML.replace('slug: sample-case', 'slug: other-case')));
    expect(p).toMatch(/field "slug": must equal the folder name "sample-case"; found "other-case"/);
  });

  test('a related slug must name a case folder', () => {
    const [p] = problemsOf(fixture(`${VALID_YAML}related: [no-such-case]\n`));
    expect(p).toMatch(/field "related\[0\]": no case folder "no-such-case"/);
  });

  test('a misspelt field is reported, not dropped', () => {
    const [p] = problemsOf(fixture(`${VALID_YAML}relatd: [x]\n`));
    expect(p).toMatch(/field "relatd": unknown field/);
  });

  test('several problems are all reported at once', () => {
    const broken = VALID_YAML.replace('arch: [x86_64]', 'arch: [vax]').replace('kinds: [oom]', 'kinds: []');
    expect(problemsOf(fixture(broken)).length).toBe(2);
  });

  test('an article without case.yaml is an error; a folder with only evidence is skipped', () => {
    expect(problemsOf(fixture(null))[0]).toMatch(/case\.yaml: missing/);
    const { cases, warnings } = loadCases(fixture(null, { articles: [] }));
    expect(cases).toEqual([]);
    expect(warnings[0]).toMatch(/skipped/);
  });

  test('the real evidence files are copied verbatim into the loader counts', () => {
    const { cases } = loadCases(REAL);
    const c = cases[0];
    if (!c) throw new Error('no case');
    const first = c.data.evidence[0];
    if (!first) throw new Error('no evidence');
    const text = readFileSync(join(REAL, 'cases', c.data.slug, 'evidence', first.file), 'utf8');
    expect(c.evidenceLines[first.file]).toBe(text.replace(/\n$/, '').split('\n').length);
  });
});
