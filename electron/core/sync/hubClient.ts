import http from 'node:http';
import tls from 'node:tls';
import type { z } from 'zod';
import {
  HUB_PATHS,
  HubError,
  type JoinRequest,
  JoinResponse,
  PROTOCOL_HEADER,
  PROTOCOL_VERSION,
  PullResponse,
  PushResponse,
  SYNC_LIMITS,
  type HubErrorCode,
  type SyncMessage,
} from '../../../shared/sync/protocol.ts';

// The member's side of the wire (shared/sync/protocol.ts): HTTPS to the hub, with the hub's self-signed
// certificate pinned by the SHA-256 fingerprint the invite carried (the system's CAs play no part), or
// plain HTTP to a hub on this machine (loopback only). Every answer is checked with the protocol's
// schemas; a failure is a HubCallError with the hub's code, or UNAVAILABLE when the hub cannot be reached.

export class HubCallError extends Error {
  readonly code: HubErrorCode;
  readonly status: number;
  constructor(code: HubErrorCode, message: string, status = 0) {
    super(message);
    this.name = 'HubCallError';
    this.code = code;
    this.status = status;
  }
}

export interface HubEndpoint {
  url: string;
  /** The pinned certificate fingerprint (hex, colon-separated), or null for a loopback http:// hub. */
  fingerprint: string | null;
  token?: string;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);
const TIMEOUT_MS = 30_000;

/** Refuses an endpoint that would send the team's data in the clear or to an unpinned server. */
export function checkEndpoint(e: HubEndpoint): URL {
  const u = new URL(e.url);
  if (u.protocol === 'http:' && !LOOPBACK.has(u.hostname)) {
    throw new HubCallError(
      'VALIDATION',
      `The hub address ${u.origin} is plain HTTP on another machine: Kyrios talks to a remote hub over HTTPS only. Use the https:// address the invite names.`,
    );
  }
  if (u.protocol === 'https:' && !e.fingerprint) {
    throw new HubCallError(
      'VALIDATION',
      "The invite has no certificate fingerprint for this HTTPS hub: ask the hub's owner for a new invite.",
    );
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:')
    throw new HubCallError('VALIDATION', `${u.protocol} is not a hub address: use https://.`);
  return u;
}

const normalFp = (fp: string) => fp.replace(/:/g, '').toLowerCase();

/** A TLS connection to the hub whose certificate has the pinned fingerprint, or an error before any byte is sent. */
function pinnedSocket(u: URL, fingerprint: string): Promise<tls.TLSSocket> {
  return new Promise((resolve, reject) => {
    const socket = tls.connect({
      host: u.hostname.replace(/^\[|\]$/g, ''),
      port: Number(u.port || 443),
      servername: LOOPBACK.has(u.hostname) || /^[\d.]+$/.test(u.hostname) ? undefined : u.hostname,
      rejectUnauthorized: false, // self-signed: trust comes from the pinned fingerprint below, not from a CA
    });
    socket.setTimeout(TIMEOUT_MS, () => socket.destroy(new Error('timed out')));
    socket.once('secureConnect', () => {
      const got = socket.getPeerCertificate().fingerprint256 ?? '';
      if (normalFp(got) !== normalFp(fingerprint)) {
        socket.destroy();
        reject(
          new HubCallError(
            'UNAUTHORIZED',
            "The hub's certificate is not the one the invite names: someone may be in between, or the hub was reinstalled. Ask for a new invite.",
          ),
        );
        return;
      }
      socket.setTimeout(0);
      resolve(socket);
    });
    socket.once('error', (err) => reject(unreachable(u, err)));
  });
}

const unreachable = (u: URL, err: unknown) =>
  err instanceof HubCallError
    ? err
    : new HubCallError(
        'UNAVAILABLE',
        `The hub at ${u.origin} cannot be reached (${(err as Error).message}). Changes are kept and sent when it is back.`,
      );

async function request(
  e: HubEndpoint,
  method: HubMethod,
  path: string,
  body?: unknown,
): Promise<{ status: number; json: unknown }> {
  const u = checkEndpoint(e);
  const target = new URL(path, u);
  const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
  if (payload && payload.length > SYNC_LIMITS.bodyBytes)
    throw new HubCallError('TOO_LARGE', 'A batch is larger than the hub accepts.');
  // Every request says which protocol this app speaks: a hub that no longer serves it answers 426
  // UPDATE_REQUIRED, which team.status shows (docs/sync.md, "Protocol version").
  const headers: Record<string, string> = { accept: 'application/json', [PROTOCOL_HEADER]: String(PROTOCOL_VERSION) };
  if (payload) headers['content-type'] = 'application/json';
  if (e.token) headers.authorization = `Bearer ${e.token}`;
  const socket = u.protocol === 'https:' ? await pinnedSocket(u, e.fingerprint!) : null;
  return new Promise((resolve, reject) => {
    const opts: http.RequestOptions = {
      method,
      host: u.hostname.replace(/^\[|\]$/g, ''),
      port: u.port || (u.protocol === 'https:' ? 443 : 80),
      path: target.pathname + target.search,
      headers,
      timeout: TIMEOUT_MS,
      // Over HTTPS the request runs on the pinned TLS socket (no agent: it would open its own connection).
      ...(socket ? { createConnection: () => socket } : { agent: false }),
    };
    const req = http.request(opts, (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (c: Buffer) => {
        size += c.length;
        if (size > SYNC_LIMITS.bodyBytes * 2)
          req.destroy(new HubCallError('TOO_LARGE', 'The hub answered more than a page may hold.'));
        else chunks.push(c);
      });
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let json: unknown;
        try {
          json = text === '' ? null : JSON.parse(text);
        } catch {
          json = null;
        }
        resolve({ status: res.statusCode ?? 0, json });
      });
      res.on('error', (err) => reject(unreachable(u, err)));
    });
    req.on('timeout', () => req.destroy(new Error('timed out')));
    req.on('error', (err) => reject(unreachable(u, err)));
    if (payload) req.end(payload);
    else req.end();
  });
}

type HubMethod = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

/** One checked call to the hub (also the team administration's: sync/teamAdmin.ts). */
export async function hubCall<S extends z.ZodType>(
  e: HubEndpoint,
  schema: S,
  method: HubMethod,
  path: string,
  body?: unknown,
): Promise<z.output<S>> {
  const { status, json } = await request(e, method, path, body);
  if (status >= 200 && status < 300) {
    const parsed = schema.safeParse(json);
    if (!parsed.success)
      throw new HubCallError(
        'INTERNAL',
        `The hub answered ${path} with something this Kyrios does not understand: update Kyrios or the hub.`,
        status,
      );
    return parsed.data;
  }
  const err = HubError.safeParse(json);
  if (err.success) throw new HubCallError(err.data.code, err.data.message, status);
  throw new HubCallError(
    status >= 500 ? 'UNAVAILABLE' : 'INTERNAL',
    `The hub answered HTTP ${status} to ${path}.`,
    status,
  );
}

export const hubJoin = (e: HubEndpoint, body: z.input<typeof JoinRequest>) =>
  hubCall(e, JoinResponse, 'POST', HUB_PATHS.join, body);
export const hubPush = (e: HubEndpoint, batchId: string, messages: SyncMessage[]) =>
  hubCall(e, PushResponse, 'POST', HUB_PATHS.push, { batchId, messages });
export const hubPull = (e: HubEndpoint, after: number, limit: number) =>
  hubCall(e, PullResponse, 'GET', `${HUB_PATHS.pull}?after=${after}&limit=${limit}`);

/**
 * Listens to the hub's `events` stream (text/event-stream, `event: changed`): calls `onChanged` for each,
 * `onEnd` once when the stream ends or fails. Returns a function that closes it.
 */
export function hubEvents(e: HubEndpoint, onChanged: (seq: number | null) => void, onEnd: () => void): () => void {
  let closed = false;
  let req: http.ClientRequest | null = null;
  let socket: tls.TLSSocket | null = null;
  const end = () => {
    if (closed) return;
    closed = true;
    onEnd();
  };
  void (async () => {
    try {
      const u = checkEndpoint(e);
      socket = u.protocol === 'https:' ? await pinnedSocket(u, e.fingerprint!) : null;
      if (closed) {
        socket?.destroy();
        return;
      }
      const opts: http.RequestOptions = {
        method: 'GET',
        host: u.hostname.replace(/^\[|\]$/g, ''),
        port: u.port || (u.protocol === 'https:' ? 443 : 80),
        path: new URL(HUB_PATHS.events, u).pathname,
        headers: { accept: 'text/event-stream', [PROTOCOL_HEADER]: String(PROTOCOL_VERSION), ...(e.token ? { authorization: `Bearer ${e.token}` } : {}) },
        ...(socket ? { createConnection: () => socket! } : { agent: false }),
      };
      req = http.request(opts, (res) => {
        if (res.statusCode !== 200) {
          res.resume();
          end();
          return;
        }
        res.setEncoding('utf8');
        let buf = '';
        res.on('data', (chunk: string) => {
          buf += chunk;
          let i: number;
          while ((i = buf.indexOf('\n\n')) >= 0) {
            const block = buf.slice(0, i);
            buf = buf.slice(i + 2);
            if (!/^event: ?changed$/m.test(block)) continue;
            const data = /^data: ?(.*)$/m.exec(block)?.[1];
            let seq: number | null;
            try {
              const v = data ? (JSON.parse(data) as { seq?: unknown }) : null;
              seq = typeof v?.seq === 'number' ? v.seq : null;
            } catch {
              seq = null;
            }
            onChanged(seq);
          }
        });
        res.on('end', end);
        res.on('error', end);
      });
      req.on('error', end);
      req.end();
    } catch {
      end();
    }
  })();
  return () => {
    closed = true;
    req?.destroy();
    socket?.destroy();
  };
}

/** The invite code a member pastes: `kyr1.` + base64url(JSON of InvitePayload). */
export function decodeInvite(code: string): unknown {
  const trimmed = code.trim();
  if (!trimmed.startsWith('kyr1.')) return null;
  try {
    return JSON.parse(Buffer.from(trimmed.slice(5), 'base64url').toString('utf8')) as unknown;
  } catch {
    return null;
  }
}
