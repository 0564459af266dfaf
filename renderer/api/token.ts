// The headless host's token: it arrives once in the address (/?token=…), is kept in sessionStorage for
// this tab only (so a reload still works), and is taken out of the address bar at once so it does not
// end up in bookmarks, screenshots or the history.
const TOKEN_KEY = 'kyrios.token';

interface TokenEnv {
  location: Pick<Location, 'search' | 'pathname' | 'hash'>;
  storage: Pick<Storage, 'getItem' | 'setItem'> | null;
  history: Pick<History, 'replaceState' | 'state'>;
}

function browserEnv(): TokenEnv {
  let storage: TokenEnv['storage'];
  try {
    storage = window.sessionStorage;
  } catch {
    storage = null; // storage disabled: the token lives only as long as this page
  }
  return { location: window.location, storage, history: window.history };
}

export function takeToken(env: TokenEnv = browserEnv()): string | null {
  const params = new URLSearchParams(env.location.search);
  const fromUrl = params.get('token');
  if (fromUrl) {
    try {
      env.storage?.setItem(TOKEN_KEY, fromUrl);
    } catch {
      // quota or privacy mode: keep going with the token in memory
    }
    params.delete('token');
    const search = params.toString();
    env.history.replaceState(env.history.state, '', env.location.pathname + (search ? `?${search}` : '') + env.location.hash);
    return fromUrl;
  }
  try {
    return env.storage?.getItem(TOKEN_KEY) ?? null;
  } catch {
    return null;
  }
}
