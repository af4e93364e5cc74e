// Runs before first paint (blocking, inline in <head>) so a reader's chosen theme never flashes.
// Inline rather than a file: an external blocking script costs a round trip before the first paint.
// astro.config.mjs puts this exact text's SHA-256 in the CSP, so no 'unsafe-inline' is needed.
export const THEME_INIT_SCRIPT =
  "try{var t=localStorage.getItem('kmem-theme');if(t==='light'||t==='dark')document.documentElement.setAttribute('data-theme',t)}catch(e){}";
