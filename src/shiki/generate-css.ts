/**
 * Writes src/styles/shiki.css from the Shiki themes: `node src/shiki/generate-css.ts`.
 * The file is committed (a stylesheet from this origin satisfies the CSP); a unit test fails when
 * it differs from what this would write, so it cannot go stale after a Shiki upgrade.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { shikiCss } from './style-to-class.ts';

const target = fileURLToPath(new URL('../styles/shiki.css', import.meta.url));
writeFileSync(target, `${await shikiCss()}\n`);
console.log(`wrote ${target}`);
