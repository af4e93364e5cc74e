/**
 * The analyzer page's state: owns the worker, tracks the one request that counts (latest wins),
 * progress, the result, the highlighted line, and the share link. Islands only read and call this.
 */
import type { CaseSignatures } from '../lib/match/signature-schema.ts';
import type { Report } from '../lib/types.ts';
import {
  MAX_INPUT_BYTES,
  type AnalyzerResult,
  type ErrorCode,
  type Phase,
  type Source,
  type WorkerRequest,
  type WorkerResponse,
} from '../workers/protocol.ts';

export type Status = 'idle' | 'busy' | 'done' | 'error' | 'cancelled';

/** Share links are `#log=<deflated base64url>`. */
export const SHARE_PREFIX = 'log=';

export class AnalyzerState {
  text = $state('');
  status = $state<Status>('idle');
  phase = $state<Phase>('read');
  /** 0..1, or null when the total is unknown. */
  progress = $state<number | null>(null);
  result = $state.raw<AnalyzerResult | null>(null);
  error = $state<ErrorCode | null>(null);
  errorDetail = $state('');
  /** Line of the paste to highlight and scroll to. */
  selectedLine = $state<number | null>(null);
  shareUrl = $state<string | null>(null);
  shareError = $state<'too-large' | 'nothing' | null>(null);
  /** Name of the file or example being analysed. */
  sourceName = $state<string | null>(null);

  readonly reports: Report[] = $derived(this.result?.analysis.reports ?? []);
  /**
   * How much of the result is on the page: 0 = summary and matches, k = also the first k report
   * cards, reports + 1 = also the line view. Revealed one step per frame, so no single main-thread
   * task builds the whole result (a long result would otherwise freeze the page for a moment).
   */
  revealed = $state(0);
  #revealTimer: ReturnType<typeof setTimeout> | null = null;

  #worker: Worker | null = null;
  /** The engine's worker: not started, its code loading, or loaded (analysing needs no request). */
  engine = $state<'idle' | 'loading' | 'ready'>('idle');
  #nextId = 1;
  #current = 0;
  /** The request reading a file: only its result empties the paste box (a failed file loses nothing). */
  #fileRequest = 0;
  #cases: CaseSignatures[];

  constructor(cases: CaseSignatures[]) {
    // A plain copy: props may arrive as reactive proxies, which postMessage cannot clone.
    this.#cases = $state.snapshot<CaseSignatures[]>(cases);
  }

  /** Start the worker now, so that analysing later needs no network request. */
  start(): void {
    if (this.#worker !== null || typeof Worker === 'undefined') return;
    // Vite bundles the worker only from this exact `new Worker(new URL(…, import.meta.url))` shape.
    // eslint-disable-next-line svelte/prefer-svelte-reactivity
    const w = new Worker(new URL('../workers/analyze.worker.ts', import.meta.url), {
      type: 'module',
      name: 'kmem-analyzer',
    });
    w.onmessage = (e: MessageEvent<WorkerResponse>) => this.#receive(e.data);
    w.onerror = () => {
      this.status = 'error';
      this.error = 'internal';
    };
    this.#worker = w;
    this.engine = 'loading';
  }

  #send(source: Source): void {
    this.start();
    const id = this.#nextId++;
    this.#current = id;
    this.#fileRequest = source.kind === 'file' ? id : 0;
    this.status = 'busy';
    this.phase = source.kind === 'file' ? 'read' : 'analyze';
    this.progress = source.kind === 'file' ? 0 : null;
    this.error = null;
    this.shareUrl = null;
    this.shareError = null;
    this.selectedLine = null;
    const msg: WorkerRequest = { type: 'analyze', id, source, cases: this.#cases };
    this.#worker?.postMessage(msg);
  }

  #receive(m: WorkerResponse): void {
    if (m.type === 'ready') {
      this.engine = 'ready';
      return;
    }
    if (m.id !== this.#current) return; // an older request: latest wins
    switch (m.type) {
      case 'progress':
        this.phase = m.phase;
        this.progress = m.total > 0 ? Math.min(1, m.done / m.total) : null;
        break;
      case 'result':
        this.phase = 'render';
        this.revealed = 0;
        this.result = m.result;
        if (m.result.echo !== undefined) this.text = m.result.echo;
        else if (m.id === this.#fileRequest) this.text = ''; // the page never holds a file's text
        this.status = 'done';
        this.#revealNext(m.id);
        break;
      case 'error':
        this.status = 'error';
        this.error = m.code;
        this.errorDetail = m.message;
        break;
      case 'share':
        if (m.fragment !== null) {
          // The page's own address, without ?case=…, with the log after the #.
          this.shareUrl = `${location.origin}${location.pathname}#${SHARE_PREFIX}${m.fragment}`;
        } else this.shareError = m.reason ?? 'nothing';
        break;
    }
  }

  #revealNext(id: number): void {
    if (this.#revealTimer !== null) clearTimeout(this.#revealTimer);
    const step = (): void => {
      this.#revealTimer = null;
      if (id !== this.#current || this.result === null) return;
      const last = this.result.analysis.reports.length + 1;
      if (this.revealed >= last) return;
      this.revealed++;
      // Next step after the browser has painted this one.
      requestAnimationFrame(() => {
        this.#revealTimer = setTimeout(step, 0);
      });
    };
    requestAnimationFrame(() => {
      this.#revealTimer = setTimeout(step, 0);
    });
  }

  /** Everything up to and including `line`'s report is shown (a line link may point anywhere). */
  revealAll(): void {
    if (this.result !== null) this.revealed = this.result.analysis.reports.length + 1;
  }

  analyzeText(name: string | null = null): void {
    this.sourceName = name;
    this.#send(name !== null ? { kind: 'text', text: this.text, name } : { kind: 'text', text: this.text });
  }

  analyzeFile(file: File): void {
    this.sourceName = file.name;
    if (file.size > MAX_INPUT_BYTES) {
      this.status = 'error';
      this.error = 'too-large';
      this.result = null;
      return;
    }
    // The file is read in the worker; the paste box keeps its text until the file's result arrives.
    this.#send({ kind: 'file', file });
  }

  analyzeShared(fragment: string): void {
    this.sourceName = null;
    this.#send({ kind: 'shared', fragment });
  }

  /** Stops the running analysis: the engine pass is synchronous, so the worker is replaced. */
  cancel(): void {
    if (this.status !== 'busy') return;
    this.#worker?.terminate();
    this.#worker = null;
    this.#current = 0;
    this.status = 'cancelled';
    this.progress = null;
    this.start();
  }

  share(): void {
    if (this.#worker === null || this.status !== 'done') return;
    this.shareError = null;
    this.#worker.postMessage({ type: 'share', id: this.#current } satisfies WorkerRequest);
  }

  select(line: number | undefined): void {
    if (line !== undefined) this.selectedLine = line;
  }

  clear(): void {
    this.text = '';
    this.result = null;
    this.status = 'idle';
    this.error = null;
    this.shareUrl = null;
    this.selectedLine = null;
    this.sourceName = null;
  }
}
