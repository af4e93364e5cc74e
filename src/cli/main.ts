/**
 * `kmem-casebook analyze [--json] FILE… | -` — the engine in a terminal (contract: DESIGN.md, CLI/JSON).
 *
 * One input + --json: one JSON object. Several inputs + --json: one JSON object per line (JSON Lines),
 * in input order. Without --json: a readable report, coloured on a terminal (not when NO_COLOR is set
 * or stdout is not a TTY). Exit 0 when every input was read (found something or not); 2 with a one-line
 * message for a bad command line or an unreadable input (the other inputs are still analysed).
 */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { analyze } from '../lib/analyze.ts';
import { loadCases } from './load-cases.ts';
import { formatAnalysis, makePalette } from './format-text.ts';

export const USAGE = `Usage: kmem-casebook analyze [--json] FILE... | -

Reads kernel logs (dmesg, kern.log, journalctl -k, serial console, vmcore-dmesg.txt,
crash output, copies from web pages or PDFs) and reports every oops, warning, OOM kill
and slab finding in them, with the knowledge-base cases they resemble.

  FILE      a log file; "-" reads standard input
  --json    machine-readable output: one JSON object for one input,
            one JSON object per line (JSON Lines) for several
  --help    show this help

Exit status: 0 when every input was read (even if nothing was found),
2 for a usage error or an input that could not be read.`;

interface Parsed {
  help: boolean;
  json: boolean;
  files: string[];
  error?: string;
}

export function parseArgs(argv: readonly string[]): Parsed {
  const out: Parsed = { help: false, json: false, files: [] };
  let command: string | undefined;
  let onlyFiles = false;
  for (const a of argv) {
    if (!onlyFiles && (a === '--help' || a === '-h')) out.help = true;
    else if (!onlyFiles && a === '--json') out.json = true;
    else if (!onlyFiles && a === '--') onlyFiles = true;
    else if (!onlyFiles && a.startsWith('-') && a !== '-') {
      out.error = `unknown option ${a}`;
      return out;
    } else if (command === undefined) command = a;
    else out.files.push(a);
  }
  if (out.help) return out;
  if (command === undefined) out.error = 'missing command (expected "analyze")';
  else if (command === 'help') out.help = true;
  else if (command !== 'analyze') out.error = `unknown command "${command}" (expected "analyze")`;
  else if (out.files.length === 0) out.error = 'no input: give one or more FILEs, or - for standard input';
  return out;
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin)
    chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return new TextDecoder('utf-8').decode(Buffer.concat(chunks));
}

async function readInput(name: string): Promise<{ ok: true; text: string } | { ok: false; error: string }> {
  try {
    if (name === '-') return { ok: true, text: await readStdin() };
    const buf = await readFile(name);
    return { ok: true, text: new TextDecoder('utf-8').decode(buf) };
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    const why =
      e.code === 'ENOENT'
        ? 'no such file'
        : e.code === 'EISDIR'
          ? 'is a directory'
          : e.code === 'EACCES'
            ? 'permission denied'
            : (e.message ?? String(err));
    return { ok: false, error: `cannot read ${name === '-' ? 'standard input' : name}: ${why}` };
  }
}

/** Runs the CLI; returns the exit status. Writes only to stdout/stderr. */
export async function main(argv: readonly string[]): Promise<number> {
  const args = parseArgs(argv);
  if (args.help) {
    process.stdout.write(USAGE + '\n');
    return 0;
  }
  if (args.error !== undefined) {
    process.stderr.write(`kmem-casebook: ${args.error} (see --help)\n`);
    return 2;
  }
  // `kmem-casebook … | head` closes the pipe early; that is not an error.
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(0);
    throw err;
  });
  const { cases, warnings } = await loadCases();
  for (const w of warnings) process.stderr.write(`kmem-casebook: warning: ${w}\n`);
  const palette = makePalette(process.stdout.isTTY === true && !process.env['NO_COLOR']);
  let status = 0;
  let first = true;
  for (const file of args.files) {
    const input = await readInput(file);
    if (!input.ok) {
      process.stderr.write(`kmem-casebook: ${input.error}\n`);
      status = 2;
      continue;
    }
    const analysis = analyze(input.text, { file, cases });
    if (args.json) {
      process.stdout.write(
        args.files.length === 1 ? JSON.stringify(analysis, null, 2) + '\n' : JSON.stringify(analysis) + '\n',
      );
    } else {
      if (!first) process.stdout.write('\n');
      process.stdout.write(formatAnalysis(analysis, palette));
    }
    first = false;
  }
  return status;
}

const invokedDirectly = process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1];
if (invokedDirectly) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      process.stderr.write(`kmem-casebook: internal error: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exitCode = 1;
    },
  );
}
