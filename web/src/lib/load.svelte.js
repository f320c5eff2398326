// A value fetched for a view: load(fn) calls fn() (which returns a promise)
// again whenever a reactive value fn reads synchronously changes (the
// route's query, a reload counter), and keeps {loading, error, data} for
// the view's loading, error and empty states. Answers of superseded calls
// are dropped. The data is kept as it came (not a deep reactive proxy: a
// page reads it, never changes it), so a big answer (a scan's thousands
// of scopes, a framework report on a large estate) costs nothing to keep.

export function load(fn) {
  let loading = $state(true);
  let error = $state(null);
  let data = $state.raw(null);
  let version = $state(0);
  const state = {
    get loading() { return loading; },
    set loading(v) { loading = v; },
    get error() { return error; },
    set error(v) { error = v; },
    get data() { return data; },
    set data(v) { data = v; },
    get version() { return version; },
    set version(v) { version = v; },
  };
  let sequence = 0;
  $effect(() => {
    state.version; // reload(): bump version
    const mine = ++sequence;
    let promise;
    try {
      promise = Promise.resolve(fn());
    } catch (e) {
      promise = Promise.reject(e);
    }
    state.loading = true;
    state.error = null;
    promise.then(
      (data) => {
        if (mine !== sequence) return;
        state.data = data;
        state.loading = false;
      },
      (error) => {
        if (mine !== sequence) return;
        state.error = error;
        state.loading = false;
      },
    );
  });
  return state;
}

export function reload(state) {
  state.version++;
}
