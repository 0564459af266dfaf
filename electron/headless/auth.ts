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

/** The token a request carries: `Authorization: Bearer …`, or (where allowed) `?token=…`. */
export function requestToken(req: IncomingMessage, url: URL, allowQuery: boolean): string | null {
  const header = req.headers.authorization;
  if (typeof header === 'string') {
    const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (m) return m[1]!;
  }
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
