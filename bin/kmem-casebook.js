#!/usr/bin/env node
// Runs the TypeScript CLI entry. Node ≥ 22.6 strips types itself; an older `node` on PATH hands over
// to the project's pinned Node 22 (the `node` devDependency) so `npx kmem-casebook` works from a clone.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const entry = fileURLToPath(new URL('../src/cli/main.ts', import.meta.url));

if (process.features && process.features.typescript) {
  // A computed path: the linter can not see src/cli/main.ts's types from this plain JS shim.
  // eslint-disable-next-line @typescript-eslint/no-unsafe-assignment
  const cli = /** @type {{ main: (argv: string[]) => Promise<number> }} */ (await import(entry));
  process.exitCode = await cli.main(process.argv.slice(2));
} else {
  const pinned = fileURLToPath(new URL('../node_modules/node/bin/node', import.meta.url));
  if (!existsSync(pinned)) {
    process.stderr.write('kmem-casebook: needs Node 22.6+ (run `npm install` to get the pinned Node 22)\n');
    process.exit(2);
  }
  const r = spawnSync(pinned, [entry, ...process.argv.slice(2)], { stdio: 'inherit' });
  process.exit(r.status ?? 1);
}
