/**
 * `client:interact`: an island that is only worth its JavaScript once a reader reaches for it.
 *
 * The component's code is fetched while the page is idle once the island nears the viewport, so
 * hydration is quick when it comes; it runs on the first pointer, touch or focus inside the island.
 * Until then the server-rendered HTML is the island. Used for the analyzer views embedded in case
 * articles: hydrating a long ranking table and its charts on load cost the page ~50 ms of blocked
 * main thread on a mid-range phone, for sort buttons most readers never press.
 */
import type { ClientDirective } from 'astro';

const WAKE_EVENTS = ['pointerover', 'pointerdown', 'touchstart', 'focusin'] as const;

const interact: ClientDirective = (load, _options, el) => {
  let loading: ReturnType<typeof load> | null = null;
  const fetchCode = (): ReturnType<typeof load> => (loading ??= load());
  // Each wake event is listened for once: the first one removes them all.
  const wake = (): void => {
    for (const name of WAKE_EVENTS) el.removeEventListener(name, wake);
    observer?.disconnect();
    void fetchCode().then((hydrate) => hydrate());
  };
  for (const name of WAKE_EVENTS) el.addEventListener(name, wake, { passive: true });

  const idle = (fn: () => void): void => {
    if ('requestIdleCallback' in window) window.requestIdleCallback(fn, { timeout: 3000 });
    else setTimeout(fn, 200);
  };
  const observer =
    'IntersectionObserver' in window
      ? new IntersectionObserver(
          (entries) => {
            if (!entries.some((e) => e.isIntersecting)) return;
            observer?.disconnect();
            idle(() => void fetchCode());
          },
          { rootMargin: '400px' },
        )
      : null;
  for (const child of el.children) observer?.observe(child);
};

export default interact;
