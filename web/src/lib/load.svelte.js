// A value fetched for a view: load(fn) calls fn() (which returns a promise)
// again whenever a reactive value fn reads synchronously changes (the
// route's query, a reload counter), and keeps {loading, error, data} for
// the view's loading, error and empty states. Answers of superseded calls
// are dropped.

export function load(fn) {
  const state = $state({ loading: true, error: null, data: null, version: 0 });
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
