// The headless host's token. Opening the printed address (/?token=…) never reaches this page with the
// token: the host answers it by setting an HttpOnly, SameSite=Strict cookie and redirecting to the same
// address without it, so the token never enters the browser's history and no script can read it; the
// page's API calls and event stream carry the cookie. A token still in the address (a host that did
// not redirect, e.g. an older one) is used by this page alone, taken out of the address bar at once,
// and not kept anywhere else.

interface TokenEnv {
  location: Pick<Location, 'search' | 'pathname' | 'hash'>;
  history: Pick<History, 'replaceState' | 'state'>;
}

const browserEnv = (): TokenEnv => ({ location: window.location, history: window.history });

/** The token in the address, if any, removed from the address bar; null when the cookie carries it. */
export function takeToken(env: TokenEnv = browserEnv()): string | null {
  const params = new URLSearchParams(env.location.search);
  const fromUrl = params.get('token');
  if (!fromUrl) return null;
  params.delete('token');
  const search = params.toString();
  env.history.replaceState(env.history.state, '', env.location.pathname + (search ? `?${search}` : '') + env.location.hash);
  return fromUrl;
}
