import type { Protocol } from 'electron';
import { SECURITY_HEADERS } from './csp.ts';
import { readStaticFile } from './staticFiles.ts';

// Why a custom protocol and not file://: a privileged `app://kyrios/` scheme gives the page a real,
// unique origin. With file:// every local file shares one origin, so "is this the app's own page?"
// (the IPC sender check, will-navigate) could not tell our index.html from any other file on disk, and
// CSP 'self' would cover the whole disk. Here 'self' is exactly the built renderer, served by the
// handler below from out/renderer with path-traversal checks, with no network and no dev server involved.
export const APP_SCHEME = 'app';
export const APP_HOST = 'kyrios';
export const APP_URL = `${APP_SCHEME}://${APP_HOST}/index.html`;

/** The scheme must be declared before the app is ready: standard (real origin), secure, fetch-able. */
export const APP_SCHEME_PRIVILEGES = {
  scheme: APP_SCHEME,
  privileges: { standard: true, secure: true, supportFetchAPI: true },
} as const;

/** True for URLs of the app's own page: app://kyrios/… */
export function isAppUrl(url: string | undefined | null): boolean {
  if (!url) return false;
  try {
    const u = new URL(url);
    return u.protocol === `${APP_SCHEME}:` && u.host === APP_HOST && !u.username && !u.password;
  } catch {
    return false;
  }
}

/** The response to one app:// request: a file of the built renderer, with the security headers. */
export async function appProtocolResponse(rendererDir: string, request: Request): Promise<Response> {
  const headers = { ...SECURITY_HEADERS, 'Content-Type': 'text/plain; charset=utf-8' };
  if (!isAppUrl(request.url)) return new Response('Not found', { status: 404, headers });
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    return new Response('Method not allowed', { status: 405, headers });
  }
  const file = await readStaticFile(rendererDir, new URL(request.url).pathname);
  if (!file) return new Response('Not found', { status: 404, headers });
  return new Response(request.method === 'HEAD' ? null : new Uint8Array(file.body), {
    status: 200,
    headers: { ...SECURITY_HEADERS, 'Content-Type': file.contentType, 'Cache-Control': 'no-store' },
  });
}

export function handleAppProtocol(protocol: Protocol, rendererDir: string): void {
  protocol.handle(APP_SCHEME, (request) => appProtocolResponse(rendererDir, request));
}
