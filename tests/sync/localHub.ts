// A stand-in hub for the replica's tests while the real one (hub/, tests/helpers/hubServer.ts) is not on
// this branch: the same wire protocol (shared/sync/protocol.ts) over loopback HTTP, messages kept in
// memory in arrival order, the hub's dump computed by shared/sync/dump.ts materialize. Enough to drive
// the replicas; the hub's own rules (roles, PostgreSQL, TLS) are the hub's tests.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { foldLifecycle, type LifecycleEvent } from '../../shared/sync/fold.ts';
import { formatHlc, hlcMillis } from '../../shared/sync/hlc.ts';
import { materialize, type Dump } from '../../shared/sync/dump.ts';
import {
  HUB_PATHS,
  JoinRequest,
  PullQuery,
  PushRequest,
  SYNC_LIMITS,
  type SyncMessage,
} from '../../shared/sync/protocol.ts';

interface Stored {
  seq: number;
  memberId: string | null;
  deviceId: string | null;
  receivedAt: number;
  message: SyncMessage;
}

export interface LocalHub {
  url: string;
  inviteCode(role?: 'owner' | 'admin' | 'member' | 'viewer'): string;
  dump(): Dump;
  messages(): readonly Stored[];
  /** Makes the retention purges due at the hub's clock now (what the real hub does on its timer). */
  purgeDue(retentionDays?: number): number;
  /** Stops answering (a hub that is down) until resume(). */
  pause(): Promise<void>;
  resume(): Promise<void>;
  stop(): Promise<void>;
}

export async function startLocalHub(opts: { now?: () => number } = {}): Promise<LocalHub> {
  const now = opts.now ?? Date.now;
  const workspaceId = 'ws-test';
  const secrets = new Map<string, string>(); // secret → role
  const tokens = new Map<string, { memberId: string; deviceId: string; role: string }>();
  const log: Stored[] = [];
  const seen = new Set<string>(); // deviceId|hlc
  const purged = new Set<string>();
  const listeners = new Set<http.ServerResponse>();
  let clockN = 0;

  const send = (res: http.ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  const fail = (res: http.ServerResponse, status: number, code: string, message: string) =>
    send(res, status, { code, message });

  function store(m: SyncMessage, memberId: string | null, deviceId: string | null): boolean {
    const key = `${deviceId}|${m.hlc}`;
    if (seen.has(key)) return false;
    seen.add(key);
    if (m.kind !== 'purge' && m.kind !== 'purgeRequest' && m.contactId !== null && purged.has(m.contactId)) return true;
    log.push({ seq: log.length + 1, memberId, deviceId, receivedAt: now(), message: m });
    return true;
  }
  function purge(contactId: string) {
    purged.add(contactId);
    for (let i = log.length - 1; i >= 0; i--) {
      const m = log[i]!.message;
      if (m.kind !== 'purge' && m.contactId === contactId) log.splice(i, 1);
    }
    // sequence numbers are kept as they were: a gap is fine, replicas pull after the last they saw
    const seq = Math.max(0, ...log.map((s) => s.seq)) + 1;
    log.push({
      seq,
      memberId: null,
      deviceId: null,
      receivedAt: now(),
      message: { kind: 'purge', hlc: formatHlc({ millis: now(), counter: clockN++ % 99999, node: 'hub' }), contactId },
    });
  }
  const notify = () => {
    const seq = log.at(-1)?.seq ?? 0;
    for (const l of listeners) l.write(`event: changed\ndata: {"seq":${seq}}\n\n`);
  };

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://x');
      const body = chunks.length ? (JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown) : null;
      if (url.pathname === HUB_PATHS.join && req.method === 'POST') {
        const j = JoinRequest.safeParse(body);
        if (!j.success) return fail(res, 400, 'VALIDATION', 'bad join');
        const role = secrets.get(j.data.secret);
        if (!role) return fail(res, 409, 'INVITE_USED', 'This invite was used already.');
        secrets.delete(j.data.secret);
        const token = randomUUID() + randomUUID();
        const member = { memberId: randomUUID(), deviceId: randomUUID().replace(/-/g, ''), role };
        tokens.set(token, member);
        return send(res, 200, { workspaceId, ...member, deviceToken: token, hubTime: now() });
      }
      const auth = tokens.get((req.headers.authorization ?? '').replace(/^Bearer /, ''));
      if (!auth) return fail(res, 401, 'UNAUTHORIZED', 'Unknown device.');
      if (url.pathname === HUB_PATHS.push && req.method === 'POST') {
        const p = PushRequest.safeParse(body);
        if (!p.success) return fail(res, 400, 'VALIDATION', p.error.message);
        for (const m of p.data.messages) {
          if (hlcMillis(m.hlc) > now() + SYNC_LIMITS.maxClockAheadMs)
            return fail(res, 409, 'CLOCK_AHEAD', 'Your clock is ahead of the hub.');
          if (auth.role === 'viewer') return fail(res, 403, 'FORBIDDEN', 'Viewers cannot change the team data.');
          if (m.kind === 'purge') return fail(res, 403, 'FORBIDDEN', 'Only the hub purges.');
        }
        let accepted = 0;
        let duplicates = 0;
        for (const m of p.data.messages) {
          if (m.kind === 'purgeRequest') {
            if (!seen.has(`${auth.deviceId}|${m.hlc}`) && (auth.role === 'owner' || auth.role === 'admin'))
              purge(m.contactId);
            seen.add(`${auth.deviceId}|${m.hlc}`);
            accepted++;
            continue;
          }
          if (store(m, auth.memberId, auth.deviceId)) accepted++;
          else duplicates++;
        }
        send(res, 200, { accepted, duplicates, seq: log.at(-1)?.seq ?? 0, hubTime: now() });
        notify();
        return;
      }
      if (url.pathname === HUB_PATHS.pull && req.method === 'GET') {
        const q = PullQuery.safeParse(Object.fromEntries(url.searchParams));
        if (!q.success) return fail(res, 400, 'VALIDATION', 'bad pull');
        const after = log.filter((s) => s.seq > q.data.after);
        const page = after.slice(0, q.data.limit);
        return send(res, 200, {
          messages: page,
          next: page.at(-1)?.seq ?? q.data.after,
          more: after.length > page.length,
          hubTime: now(),
        });
      }
      if (url.pathname === HUB_PATHS.events) {
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        res.write(': hello\n\n');
        listeners.add(res);
        req.on('close', () => listeners.delete(res));
        return;
      }
      fail(res, 404, 'NOT_FOUND', 'no such path');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  let port = (server.address() as AddressInfo).port;
  let paused = false;

  return {
    get url() {
      return `http://127.0.0.1:${port}`;
    },
    inviteCode(role = 'owner') {
      const secret = randomUUID();
      secrets.set(secret, role);
      const payload = { hubUrl: `http://127.0.0.1:${port}`, workspaceId, secret, certFingerprint: null };
      return 'kyr1.' + Buffer.from(JSON.stringify(payload)).toString('base64url');
    },
    dump: () => {
      const d = materialize(log.map((s) => s.message));
      return { ...d, purged: [...purged].sort() };
    },
    messages: () => log,
    purgeDue(retentionDays = 60) {
      const cutoff = now() - retentionDays * 86_400_000;
      const byContact = new Map<string, { own: LifecycleEvent[]; receivedAt: Map<string, number> }>();
      for (const s of log) {
        const m = s.message;
        if ((m.kind === 'delete' || m.kind === 'restore') && m.table === 'contacts') {
          const e = byContact.get(m.pk) ?? { own: [] as LifecycleEvent[], receivedAt: new Map<string, number>() };
          e.own.push({ kind: m.kind, hlc: m.hlc, deletionId: m.deletionId, at: m.kind === 'delete' ? m.at : 0 });
          if (m.kind === 'delete' && !e.receivedAt.has(m.deletionId)) e.receivedAt.set(m.deletionId, s.receivedAt);
          byContact.set(m.pk, e);
        }
      }
      let n = 0;
      for (const [contactId, e] of byContact) {
        const state = foldLifecycle(e.own);
        if (state.deletionId !== null && (e.receivedAt.get(state.deletionId) ?? Infinity) < cutoff) {
          purge(contactId);
          n++;
        }
      }
      if (n > 0) notify();
      return n;
    },
    async pause() {
      if (paused) return;
      paused = true;
      for (const l of listeners) l.destroy();
      listeners.clear();
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
    async resume() {
      if (!paused) return;
      paused = false;
      await new Promise<void>((r) => server.listen(port, '127.0.0.1', r));
      port = (server.address() as AddressInfo).port;
    },
    async stop() {
      for (const l of listeners) l.destroy();
      server.closeAllConnections();
      await new Promise<void>((r) => (paused ? r() : server.close(() => r())));
    },
  };
}
