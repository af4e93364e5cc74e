#!/usr/bin/env node
// Makes sure Debian's chromium is there for the browser tests (playwright-core drives it; its own
// browser download cannot work on these machines). Installs it with apt when missing and possible
// (root + apt-get), otherwise exits 1 with a one-line instruction.
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

const CANDIDATES = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'];
const found = () => CANDIDATES.find((p) => p && existsSync(p));

function run(cmd, args) {
  const r = spawnSync(cmd, args, {
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
  return r.status === 0;
}

if (found()) {
  console.log(`chromium: ${found()}`);
  process.exit(0);
}
const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
const hasApt = existsSync('/usr/bin/apt-get');
if (!isRoot || !hasApt) {
  console.error(
    'chromium is missing: install it with `sudo apt-get install -y chromium` (or set CHROMIUM_PATH), then run `npm test` again.',
  );
  process.exit(1);
}
console.log('chromium is missing: installing Debian chromium with apt-get (one time)...');
const ok = run('apt-get', ['update', '-qq']) && run('apt-get', ['install', '-y', '-qq', 'chromium']);
if (!ok || !found()) {
  console.error(
    'could not install chromium with apt-get: run `apt-get update && apt-get install -y chromium` and retry.',
  );
  process.exit(1);
}
console.log(`chromium: ${found()}`);
