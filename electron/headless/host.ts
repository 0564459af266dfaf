import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Clock } from '../core/clock.ts';
import { handleApiCall } from './api.ts';
import { hostAllowed, randomToken, requestToken, tokenCookie, tokensEqual } from './auth.ts';
import { BODY_LIMIT } from './body.ts';
import { EventStreams, HEARTBEAT_MS } from './events.ts';
import { fail, sendError } from './respond.ts';
import { internalError } from '../core/errors.ts';
import { serveStatic } from './static.ts';
import { SECURITY_HEADERS } from '../csp.ts';
import { startCoreProxy, type CoreProxy } from '../core/worker/coreProxy.ts';
import type { CredentialVault } from '../core/sync/credentialVault.ts';

export const DEFAULT_PORT = 4517;
/** Loopback only: the host is for this machine's browser and tests, never the network. */
export const HOST_ADDRESS = '127.0.0.1';

const REPO_ROOT = path.resolve(import.meta.dirname, '..', '..');
export const DEFAULT_STATIC_DIR = path.join(REPO_ROOT, 'out', 'renderer');

export interface HeadlessHostOptions {
  /** The data folder (database and backups); see defaultDataDir() for the desktop app's. */
  dataDir: string;
  /** 0 picks a free port. Default 4517. */
  port?: number;
  /** Default: a random 32-byte token. */
  token?: string;
  now?: Clock;
  /** The built renderer; default out/renderer. */
  staticDir?: string;
  /** Start the bulk runner and purge timer (default true, as in the app). */
  background?: boolean;
  heartbeatMs?: number;
  bodyLimit?: number;
  /** Reader threads (default 2; see core/worker/coreProxy.ts). */
  readers?: number;
  /** Team mode: seals the hub's device credential, as the app's safeStorage does (tests stand in for the OS keychain). */
  vault?: CredentialVault;
}

export interface HeadlessHost {
  /** The address to open: http://127.0.0.1:PORT/?token=… */
  url: string;
  port: number;
  token: string;
  /** The core on its threads, behind the same dispatcher and events the window's IPC uses. */
  core: CoreProxy;
  server: http.Server;
  /** Ends the event streams, stops listening, then closes the core (the bulk chunk in flight finishes). */
  close(): Promise<void>;
}

/** Serves the renderer and the core's dispatcher over HTTP on 127.0.0.1: the desktop app without Electron. */
export async function startHeadlessHost(opts: HeadlessHostOptions): Promise<HeadlessHost> {
  const token = opts.token ?? randomToken();
  if (token.length < 16) throw new Error('The token must be at least 16 characters long.');
  const staticDir = opts.staticDir ?? DEFAULT_STATIC_DIR;
  const bodyLimit = opts.bodyLimit ?? BODY_LIMIT;
  const core = await startCoreProxy({
    dataDir: opts.dataDir,
    now: opts.now,
    background: opts.background ?? true,
    readers: opts.readers,
    vault: opts.vault,
  });
  const streams = new EventStreams(core.events, opts.heartbeatMs ?? HEARTBEAT_MS);
  let port = 0;

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    if (!hostAllowed(req.headers.host, port)) {
      req.resume();
      sendError(res, fail('FORBIDDEN', 'This host answers only to 127.0.0.1 and localhost.'));
      return;
    }
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
    if (url.pathname !== '/api' && !url.pathname.startsWith('/api/')) {
      if (url.searchParams.has('token') && (req.method === 'GET' || req.method === 'HEAD')) {
        exchangeToken(req, res, url);
        return;
      }
      await serveStatic(req, res, staticDir, url.pathname);
      return;
    }
    const isEvents = url.pathname === '/api/events';
    const given = requestToken(req, url, isEvents, port);
    if (given === null || !tokensEqual(given, token)) {
      req.resume();
      sendError(res, fail('UNAUTHORIZED', 'A valid token is required: open the address Kyrios printed.'), {
        'WWW-Authenticate': 'Bearer',
      });
      return;
    }
    if (isEvents) {
      if (req.method !== 'GET') {
        req.resume();
        sendError(res, fail('VALIDATION', 'Use GET for the event stream.'), { Allow: 'GET' }, 405);
        return;
      }
      streams.open(req, res);
      return;
    }
    await handleApiCall(req, res, url.pathname.slice('/api/'.length), core.dispatcher, bodyLimit);
  }

  /**
   * The printed address, /?token=…: the token becomes an HttpOnly cookie and the browser is sent on
   * to the same address without it (303), before any page loads, so the token never enters the
   * browser's history, bookmarks or a script's reach. A wrong token sets nothing.
   */
  function exchangeToken(req: http.IncomingMessage, res: http.ServerResponse, url: URL): void {
    req.resume();
    const given = url.searchParams.get('token') ?? '';
    url.searchParams.delete('token');
    // One leading slash: '//elsewhere' would send the browser to another host.
    const location = '/' + (url.pathname + url.search).replace(/^\/+/, '');
    if (!tokensEqual(given, token)) {
      sendError(res, fail('UNAUTHORIZED', 'The token in this address is not valid: open the address Kyrios printed when it started.'));
      return;
    }
    res.writeHead(303, {
      ...SECURITY_HEADERS,
      Location: location,
      'Set-Cookie': tokenCookie(port, token),
      'Cache-Control': 'no-store',
      'Content-Length': 0,
    });
    res.end();
  }

  const server = http.createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      sendError(res, internalError(err, `headless ${req.method ?? ''} ${(req.url ?? '').split('?')[0]}`).toShape());
    });
  });
  server.headersTimeout = 20_000;
  server.requestTimeout = 60_000;

  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(opts.port ?? DEFAULT_PORT, HOST_ADDRESS, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (err) {
    streams.close();
    await core.close();
    throw err;
  }
  port = (server.address() as AddressInfo).port;

  let closing: Promise<void> | null = null;
  return {
    url: `http://${HOST_ADDRESS}:${port}/?token=${encodeURIComponent(token)}`,
    port,
    token,
    core,
    server,
    close() {
      closing ??= (async () => {
        streams.close();
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeIdleConnections();
          // A request still running gets a few seconds to answer, then its connection is cut.
          setTimeout(() => server.closeAllConnections(), 5_000).unref();
        });
        await core.close();
      })();
      return closing;
    },
  };
}
