/** Registers the `client:interact` directive (src/directives/interact.ts). */
import type { AstroIntegration } from 'astro';
import { fileURLToPath } from 'node:url';

export function clientInteractIntegration(): AstroIntegration {
  return {
    name: 'kmem:client-interact',
    hooks: {
      'astro:config:setup': ({ addClientDirective }) => {
        addClientDirective({
          name: 'interact',
          entrypoint: fileURLToPath(new URL('../directives/interact.ts', import.meta.url)),
        });
      },
    },
  };
}

declare module 'astro' {
  interface AstroClientDirectives {
    'client:interact'?: boolean;
  }
}
