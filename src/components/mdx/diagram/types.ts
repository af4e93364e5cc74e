/**
 * Data shapes of the static SVG diagrams (Flow.astro renders them). A diagram is boxes with
 * lines of text, arrows between them and free labels, in viewBox units (1 unit ≈ 1 CSS px at
 * the diagram's natural width). Colours come from CSS classes bound to the site's theme
 * variables, never from the data.
 */
export type BoxKind = 'default' | 'accent' | 'bad' | 'muted' | 'group' | 'ok';
export type EdgeKind = 'default' | 'accent' | 'bad' | 'muted' | 'dashed';

export interface DiagramBox {
  id: string;
  x: number;
  y: number;
  w: number;
  h: number;
  /** Text lines, top to bottom. The first is bold when `head` is true. */
  lines: string[];
  kind?: BoxKind;
  /** Monospace text (function names, offsets). Default true. */
  mono?: boolean;
  head?: boolean;
  /** Text alignment inside the box. Default 'middle'. */
  align?: 'start' | 'middle';
}

export interface DiagramEdge {
  from?: string;
  to?: string;
  /** Explicit polyline; overrides from/to routing. */
  points?: [number, number][];
  /** Which sides to connect when routed from/to: 'v' bottom→top (default), 'h' right→left, 'hl' left→right. */
  route?: 'v' | 'h' | 'hl' | 'vu';
  label?: string;
  /** Label position; default the middle of the edge, offset to the right. */
  labelAt?: [number, number];
  kind?: EdgeKind;
  /** No arrowhead. */
  plain?: boolean;
}

export interface DiagramText {
  x: number;
  y: number;
  text: string;
  kind?: 'default' | 'muted' | 'bad' | 'accent' | 'heading';
  anchor?: 'start' | 'middle' | 'end';
  mono?: boolean;
}

export interface DiagramData {
  width: number;
  height: number;
  title: string;
  desc: string;
  boxes: DiagramBox[];
  edges: DiagramEdge[];
  texts?: DiagramText[];
  /** The text alternative: the same content as ordered steps or facts, shown under the figure. */
  alt: string[];
  altLabel: string;
  caption?: string;
  /** Below this CSS width the figure scrolls horizontally instead of shrinking further. */
  minWidth?: number;
}
