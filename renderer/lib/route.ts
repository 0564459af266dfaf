// Hash routing: the view and the list state live in the URL hash, so a refresh keeps them and the
// ?token= query of the headless host is never touched.
//   #/contacts?q=&tag=&sort=&page=&size=   #/contacts/<id>   #/restore?q=   #/bulk   #/bulk/<id> (one action's details)
import { useSyncExternalStore } from 'react';

export type Route =
  | { view: 'contacts'; params: URLSearchParams }
  | { view: 'contact'; id: string }
  | { view: 'restore'; params: URLSearchParams }
  | { view: 'bulk'; id: string | null };

export function parseHash(hash: string): Route {
  const raw = hash.replace(/^#\/?/, '');
  const [path = '', query = ''] = raw.split('?', 2);
  const params = new URLSearchParams(query);
  const parts = path.split('/').filter(Boolean);
  if (parts[0] === 'contacts' && parts[1]) return { view: 'contact', id: decodeURIComponent(parts[1]) };
  if (parts[0] === 'restore') return { view: 'restore', params };
  if (parts[0] === 'bulk') return { view: 'bulk', id: parts[1] ? decodeURIComponent(parts[1]) : null };
  return { view: 'contacts', params };
}

const subscribe = (onChange: () => void) => {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
};

/** The current hash; re-renders on navigation. */
export function useHash(): string {
  return useSyncExternalStore(subscribe, () => window.location.hash);
}

export function navigate(hash: string): void {
  if (window.location.hash !== hash) window.location.hash = hash;
}

/** Changes the hash without a history entry (typing in a search box should not fill Back). */
export function replaceHash(hash: string): void {
  if (window.location.hash === hash) return;
  const url = `${window.location.pathname}${window.location.search}${hash}`;
  window.history.replaceState(window.history.state, '', url);
  window.dispatchEvent(new HashChangeEvent('hashchange'));
}

export const contactHref = (id: string) => `#/contacts/${encodeURIComponent(id)}`;
