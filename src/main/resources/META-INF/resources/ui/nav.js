/** Goes to {@code path} (e.g. "/decisions") with the non-empty {@code params} as its hash query; the same hash again re-renders. */
export function go(path, params = {}) {
  const q = new URLSearchParams(Object.entries(params).filter(([, v]) => v !== undefined && v !== null && v !== ''));
  const hash = `#${path}${q.toString() ? `?${q}` : ''}`;
  if (location.hash === hash) window.dispatchEvent(new HashChangeEvent('hashchange'));
  else location.hash = hash;
}

/** A link to a page of the console. */
export function href(path, params = {}) {
  const q = new URLSearchParams(Object.entries(params).filter(([, v]) => v !== undefined && v !== null && v !== ''));
  return `#${path}${q.toString() ? `?${q}` : ''}`;
}
