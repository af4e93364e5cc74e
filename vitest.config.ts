// Unit tests: `*.test.ts` next to the code (src/) and in tests/unit/. Browser tests (tests/e2e/)
// run under `node --test` against a built site, not here.
import { defineConfig } from 'vitest/config';
import { fileURLToPath } from 'node:url';

export default defineConfig({
  resolve: { alias: { '~': fileURLToPath(new URL('./src', import.meta.url)) } },
  test: {
    include: ['src/**/*.test.ts', 'tests/unit/**/*.test.ts'],
    exclude: ['tests/e2e/**', 'node_modules/**', 'dist/**', 'dist-*/**'],
    environment: 'node',
  },
});
