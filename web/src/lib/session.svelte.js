// Who is signed in: GET /api/v1/session at start, POST to sign in, DELETE to
// sign out. `state` is 'loading' | 'signed-out' | 'signed-in'; `user` is the
// API's Session ({user, role, groups, must_change_password}). The CSRF
// token goes to the API client (lib/api.js).
import { ApiError, del, get, post, setCsrf, setUnauthorizedHandler } from './api.js';

export const session = $state({ state: 'loading', user: null, error: null });

const ranks = { viewer: 1, operator: 2, admin: 3 };

// The signed-in user holds at least `role`.
export function can(role) {
  return !!session.user && (ranks[session.user.role] ?? 0) >= ranks[role];
}

function signedIn(user) {
  setCsrf(user.csrf_token);
  session.user = user;
  session.state = 'signed-in';
  session.error = null;
}

function signedOut() {
  setCsrf('');
  session.user = null;
  session.state = 'signed-out';
}

setUnauthorizedHandler(signedOut);

export async function refresh() {
  try {
    signedIn(await get('/api/v1/session'));
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) signedOut();
    else {
      session.state = 'signed-out';
      session.error = e;
    }
  }
}

export async function signIn(user, password) {
  const answer = await post('/api/v1/session', { user, password });
  signedIn(answer);
  if (!answer.must_change_password) await refresh(); // role, groups
}

export async function signOut() {
  try {
    await del('/api/v1/session');
  } finally {
    signedOut();
  }
}

export async function changePassword(current, next) {
  await post('/api/v1/session/password', { current_password: current, new_password: next });
  // The change ends every session of the user: sign in again with the new one.
  const name = session.user.user;
  signedOut();
  await signIn(name, next);
}
