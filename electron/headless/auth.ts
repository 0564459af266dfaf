import crypto from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/** A fresh random token: 32 bytes from the OS's CSPRNG, base64url. */
export function randomToken(): string {
  return crypto.randomBytes(32).toString('base64url');
}

/** Compares in constant time: both sides are hashed first, so neither length nor content leaks. */
export function tokensEqual(given: string, expected: string): boolean {
  const a = crypto.createHash('sha256').update(given).digest();
  const b = crypto.createHash('sha256').update(expected).digest();
  return crypto.timingSafeEqual(a, b) && given.length === expected.length;
}

/**
 * The cookie the printed address's token is exchanged for (see tokenCookie). Cookies are shared by
 * every port of 127.0.0.1, so the name carries the port: two hosts never read each other's.
 */
export const cookieName = (port: number) => `kyrios_token_${port}`;

/**
 * Set-Cookie for the token: HttpOnly (no script can read it), SameSite=Strict (no other site's page
 * makes the browser send it), Path=/, and no expiry (it ends with the browser session).
 */
export const tokenCookie = (port: number, token: string) =>
  `${cookieName(port)}=${encodeURIComponent(token)}; HttpOnly; SameSite=Strict; Path=/`;

function cookieToken(req: IncomingMessage, port: number): string | null {
  const header = req.headers.cookie;
  if (typeof header !== 'string') return null;
  const name = cookieName(port);
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) {
      try {
        return decodeURIComponent(part.slice(eq + 1).trim());
      } catch {
        return null;
      }
    }
  }
  return null;
}

/**
 * Whether a request that carries the cookie comes from this host's own page. SameSite does not tell
 * ports apart, so a page served by another program on 127.0.0.1 is "same-site" and its browser would
 * send the cookie: a request from anywhere but our own origin (Origin, or the browser's
 * Sec-Fetch-Site) is refused the cookie. Scripts and tests that send neither header use the Bearer token.
 */
function fromOwnPage(req: IncomingMessage, port: number): boolean {
  const site = req.headers['sec-fetch-site'];
  if (site !== undefined && site !== 'same-origin') return false;
  const origin = req.headers.origin;
  return origin === undefined || origin === `http://127.0.0.1:${port}` || origin === `http://localhost:${port}`;
}

/**
 * The token a request carries: `Authorization: Bearer …` (scripts, tests), the cookie set when the
 * printed address was opened (the browser page, from its own origin only), or, where allowed,
 * `?token=…`.
 */
export function requestToken(req: IncomingMessage, url: URL, allowQuery: boolean, port = Number(url.port)): string | null {
  const header = req.headers.authorization;
  if (typeof header === 'string') {
    const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (m) return m[1]!;
  }
  const fromCookie = cookieToken(req, port);
  if (fromCookie !== null && fromOwnPage(req, port)) return fromCookie;
  if (allowQuery) return url.searchParams.get('token');
  return null;
}

/**
 * DNS rebinding defence: a page on evil.example whose name now resolves to 127.0.0.1 still sends
 * `Host: evil.example:PORT`. Only our own two names for the loopback address are accepted.
 */
export function hostAllowed(hostHeader: string | undefined, port: number): boolean {
  if (!hostHeader) return false;
  const host = hostHeader.toLowerCase();
  return host === `127.0.0.1:${port}` || host === `localhost:${port}`;
}
