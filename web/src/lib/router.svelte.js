// Client-side routing over real URLs (History API): every view has a URL,
// filters live in the query string, and the global asset group is the
// `group` query parameter, carried from page to page by link().

export const route = $state({ path: location.pathname, search: location.search });

function sync() {
  route.path = location.pathname;
  route.search = location.search;
}

window.addEventListener('popstate', sync);

export function navigate(href, { replace = false } = {}) {
  const target = new URL(href, location.href);
  const next = target.pathname + target.search + target.hash;
  if (next === location.pathname + location.search + location.hash) return;
  if (replace) history.replaceState(null, '', next);
  else history.pushState(null, '', next);
  sync();
  if (!replace) window.scrollTo(0, 0);
}

// The current query parameters (reactive: reads route.search).
export function query() {
  return new URLSearchParams(route.search);
}

export function param(name, fallback = '') {
  return query().get(name) ?? fallback;
}

// The global asset group of the current URL ('' for the whole estate).
export function currentGroup() {
  return param('group');
}

// A link to PATH with PARAMS, keeping the current asset group.
export function link(path, params = {}) {
  const q = new URLSearchParams();
  const group = currentGroup();
  if (group && !('group' in params)) q.set('group', group);
  for (const [k, v] of Object.entries(params)) {
    if (v === undefined || v === null || v === '') continue;
    q.set(k, String(v));
  }
  const s = q.toString();
  return s ? `${path}?${s}` : path;
}

// The current URL with some parameters changed ('' or null removes one).
export function withParams(changes) {
  const q = query();
  for (const [k, v] of Object.entries(changes)) {
    if (v === undefined || v === null || v === '') q.delete(k);
    else q.set(k, String(v));
  }
  const s = q.toString();
  return s ? `${route.path}?${s}` : route.path;
}

// Same-origin <a> clicks become History navigations (not for /api/ links,
// downloads, new tabs or modified clicks).
export function interceptLinks(event) {
  if (event.defaultPrevented || event.button !== 0) return;
  if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  const a = event.target.closest && event.target.closest('a[href]');
  if (!a || a.target || a.hasAttribute('download')) return;
  const target = new URL(a.href, location.href);
  if (target.origin !== location.origin || target.pathname.startsWith('/api/')) return;
  event.preventDefault();
  navigate(target.pathname + target.search + target.hash);
}
