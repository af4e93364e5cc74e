/**
 * A Sätteri hast plugin for Markdown/MDX: GFM table alignment is emitted as `style="text-align:…"`,
 * which the strict CSP blocks (no inline styles). Turn it into a class (`align-right` …) that the
 * site stylesheet styles. Sätteri does not run rehype plugins; this uses its own visitor API.
 */
import type { HastPluginDefinition } from 'satteri';

const ALIGN = /text-align:\s*(left|right|center)/i;

export const tableAlignToClass: HastPluginDefinition = {
  name: 'kmem:table-align-to-class',
  element: {
    filter: ['th', 'td'],
    visit(node, ctx) {
      const props = (node as { properties?: Record<string, unknown> }).properties ?? {};
      const style = props['style'];
      if (typeof style !== 'string') return;
      const align = ALIGN.exec(style)?.[1]?.toLowerCase();
      ctx.setProperty(node, 'style', null);
      if (align) {
        const existing = props['className'];
        const classes = Array.isArray(existing) ? existing.map(String) : [];
        ctx.setProperty(node, 'className', [...classes, `align-${align}`]);
      }
    },
  },
};
