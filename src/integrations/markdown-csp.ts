/**
 * Sätteri hast plugins for Markdown/MDX (Sätteri runs no rehype plugins; these use its visitor API).
 *
 * - GFM table alignment is emitted as `style="text-align:…"`, which the strict CSP blocks (no inline
 *   styles): it becomes a class (`align-right` …) that the site stylesheet styles.
 * - Tables are wrapped in a focusable, labelled scroll region, so a wide table scrolls on a phone and
 *   a keyboard user can scroll it (axe: scrollable-region-focusable).
 * - GFM task-list checkboxes get the item's text as their label (axe: label).
 */
import type { HastPluginDefinition } from 'satteri';

const ALIGN = /text-align:\s*(left|right|center)/i;
const MAX_LABEL = 80;

interface Props {
  properties?: Record<string, unknown>;
}

export const tableAlignToClass: HastPluginDefinition = {
  name: 'kmem:table-align-to-class',
  element: {
    filter: ['th', 'td'],
    visit(node, ctx) {
      const props = (node as Props).properties ?? {};
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

export const accessibleTables: HastPluginDefinition = {
  name: 'kmem:accessible-tables',
  element: {
    filter: ['table'],
    visit(node, ctx) {
      const head = ctx.textContent(node).replace(/\s+/g, ' ').trim();
      const label = head.length > MAX_LABEL ? `${head.slice(0, MAX_LABEL - 1)}…` : head;
      ctx.wrapNode(node, {
        type: 'element',
        tagName: 'div',
        properties: { className: ['table-scroll'], tabIndex: 0, role: 'region', ariaLabel: label || 'table' },
        children: [],
      });
    },
  },
};

export const labelledTaskCheckboxes: HastPluginDefinition = {
  name: 'kmem:labelled-task-checkboxes',
  element: {
    filter: ['input'],
    visit(node, ctx) {
      if ((node as Props).properties?.['type'] !== 'checkbox') return;
      const parent = ctx.parent(node);
      const text = parent ? ctx.textContent(parent).replace(/\s+/g, ' ').trim() : '';
      ctx.setProperty(node, 'ariaLabel', text.length > MAX_LABEL ? `${text.slice(0, MAX_LABEL - 1)}…` : text || 'task');
    },
  },
};

export const markdownPlugins = [tableAlignToClass, accessibleTables, labelledTaskCheckboxes];
