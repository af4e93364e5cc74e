// Runs before first paint (blocking, in <head>) so a reader's chosen theme never flashes.
// An external file rather than an inline script keeps the CSP free of 'unsafe-inline'.
try {
  var t = localStorage.getItem('kmem-theme');
  if (t === 'light' || t === 'dark') document.documentElement.setAttribute('data-theme', t);
} catch (e) {
  /* storage disabled: follow the system */
}
