/**
 * The analyzer's one Web Worker: a thin adapter between messages and the engine.
 * Latest request wins: a newer `analyze` or a `cancel` makes older work stop at its next await and
 * its results are never posted. (A running engine pass is synchronous; the page terminates the worker
 * to stop one mid-way.) Files are read here, in chunks, so the page never holds a 100 MB string.
 */
import { analyze } from '../lib/analyze.ts';
import type { Analysis } from '../lib/types.ts';
import type { CaseSignatures } from '../lib/match/signature-schema.ts';
import { decodeLog, encodeLog } from './share-codec.ts';
import { buildView } from './source-view.ts';
import * as P from './protocol.ts';

const scope = self as unknown as {
  postMessage(m: P.WorkerResponse): void;
  onmessage: ((e: MessageEvent<P.WorkerRequest>) => void) | null;
};
let latest = 0;
/** The last input analysed, for the share link. */
let lastText: string | null = null;

const post = (m: P.WorkerResponse): void => scope.postMessage(m);
const stale = (id: number): boolean => id !== latest;

async function readFile(id: number, file: File): Promise<string | null> {
  const reader = file.stream().getReader();
  const decoder = new TextDecoder('utf-8');
  const parts: string[] = [];
  let done = 0;
  for (;;) {
    const chunk = await reader.read();
    if (stale(id)) {
      void reader.cancel();
      return null;
    }
    if (chunk.done) break;
    done += chunk.value.byteLength;
    parts.push(decoder.decode(chunk.value, { stream: true }));
    post({ type: 'progress', id, phase: 'read', done, total: file.size });
  }
  parts.push(decoder.decode());
  return parts.join('');
}

async function readSource(
  id: number,
  source: P.Source,
): Promise<{ text: string; name?: string; echo?: boolean } | P.ErrorCode | null> {
  if (source.kind === 'text')
    return source.name !== undefined ? { text: source.text, name: source.name } : { text: source.text };
  if (source.kind === 'shared') {
    const text = decodeLog(source.fragment, P.MAX_INPUT_BYTES);
    return text === null ? 'bad-share' : { text, echo: true };
  }
  if (source.file.size > P.MAX_INPUT_BYTES) return 'too-large';
  try {
    const text = await readFile(id, source.file);
    return text === null ? null : { text, name: source.file.name };
  } catch {
    return 'unreadable';
  }
}

const MESSAGES: Record<P.ErrorCode, string> = {
  'too-large': `The input is larger than ${P.MAX_INPUT_BYTES / 1048576} MB.`,
  unreadable: 'The file could not be read.',
  'bad-share': 'The share link does not contain a readable log (it may have been cut short).',
  empty: 'Nothing to analyse.',
  internal: 'The analyzer failed on this input.',
};

function trimReports(analysis: Analysis): { analysis: Analysis; dropped: number } {
  if (analysis.reports.length <= P.MAX_REPORTS) return { analysis, dropped: 0 };
  return {
    analysis: { ...analysis, reports: analysis.reports.slice(0, P.MAX_REPORTS) },
    dropped: analysis.reports.length - P.MAX_REPORTS,
  };
}

async function run(id: number, source: P.Source, cases: CaseSignatures[]): Promise<void> {
  const read = await readSource(id, source);
  if (read === null || stale(id)) return;
  if (typeof read === 'string') return post({ type: 'error', id, code: read, message: MESSAGES[read] });
  const { text } = read;
  if (text.length > P.MAX_INPUT_BYTES)
    return post({ type: 'error', id, code: 'too-large', message: MESSAGES['too-large'] });
  if (text.trim() === '') return post({ type: 'error', id, code: 'empty', message: MESSAGES.empty });
  lastText = text;
  const t0 = performance.now();
  let lastPost = 0;
  const full = analyze(text, {
    ...(read.name !== undefined ? { file: read.name } : {}),
    cases,
    onProgress: (done, total) => {
      const now = performance.now();
      if (now - lastPost < 50) return;
      lastPost = now;
      post({ type: 'progress', id, phase: 'analyze', done, total });
    },
  });
  const ms = Math.round(performance.now() - t0);
  const { analysis, dropped } = trimReports(full);
  const view = buildView(text, analysis);
  const result: P.AnalyzerResult = { analysis, view, droppedReports: dropped, ms };
  if (read.echo === true && text.length <= P.MAX_ECHO_CHARS) result.echo = text;
  if (read.name !== undefined) result.name = read.name;
  post({ type: 'result', id, result });
}

function share(id: number): void {
  if (lastText === null) return post({ type: 'share', id, fragment: null, reason: 'nothing' });
  const fragment = encodeLog(lastText);
  if (fragment.length > P.MAX_SHARE_FRAGMENT) return post({ type: 'share', id, fragment: null, reason: 'too-large' });
  post({ type: 'share', id, fragment });
}

scope.onmessage = (e) => {
  const m = e.data;
  switch (m.type) {
    case 'analyze':
      latest = m.id;
      run(m.id, m.source, m.cases).catch((err: unknown) => {
        if (!stale(m.id))
          post({ type: 'error', id: m.id, code: 'internal', message: `${MESSAGES.internal} (${String(err)})` });
      });
      break;
    case 'cancel':
      if (m.id === latest) latest = -1;
      break;
    case 'share':
      share(m.id);
      break;
  }
};

post({ type: 'ready', id: 0 });
