import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { migrateHubDb } from './db/migrate.ts';
import { inTx, openPool, type Db } from './db/pool.ts';
import { openEmbeddedPg, type EmbeddedPg } from './pg/embedded.ts';
import { ChangeFeed, DEFAULT_STREAM_LIMITS, type StreamLimits } from './server/events.ts';
import { handle } from './server/routes.ts';
import { ensureCertificate } from './server/tls.ts';
import { createInvite, type HubAddress } from './store/invites.ts';
import { createWorkspace, listWorkspaces } from './store/workspace.ts';
import { OLDEST_SERVED_PROTOCOL, PROTOCOL_VERSION } from '../shared/sync/protocol.ts';
import { runRetention } from './sync/retention.ts';
import { hubDump } from './sync/state.ts';
import type { Dump } from '../shared/sync/dump.ts';

export type HubOptions = {
  /** Where the hub keeps its certificate, its embedded database and hub.json. */
  dataDir: string;
  port?: number;
  /** 0.0.0.0 by default (HTTPS). A loopback host (127.0.0.1) serves plain HTTP unless `tls` is set. */
  host?: string;
  /** The host name members reach this hub by, for the invite's URL (default: this machine's name). */
  publicHost?: string;
  /** Any PostgreSQL instead of the embedded one in `<dataDir>/pg`. */
  databaseUrl?: string;
  tls?: boolean;
  /** The hub's clock (tests give their own). */
  now?: () => number;
  heartbeatMs?: number;
  /** Caps on live event streams in this process (default 4 per device, 1000 in all). */
  streamLimits?: Partial<StreamLimits>;
  /** How often retention runs (default hourly; 0: never by itself, tests call `runRetention`). */
  retentionEveryMs?: number;
  /** The protocol version this hub speaks and the oldest app version it serves (tests: a later release's hub). */
  protocol?: { version?: number; oldest?: number };
};

export type RunningHub = {
  url: string;
  certFingerprint: string | null;
  /** The invite printed on first start (a new workspace), else null. */
  ownerInvite: string | null;
  workspaceId: string;
  databaseUrl: string;
  db: Db;
  feed: ChangeFeed;
  runRetention(now?: number): Promise<number>;
  /** The hub's state as the normalized dump of shared/sync/dump.ts. */
  dump(): Promise<Dump>;
  invite(role: 'owner' | 'admin' | 'member' | 'viewer', options?: { ttlMs?: number; now?: number }): Promise<string>;
  /** Stops serving, closes every connection and the database (and the embedded cluster if this hub started it). */
  stop(): Promise<void>;
  /** Drops everything at once, as a crash would: sockets destroyed, nothing waited for. */
  kill(): void;
};

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

export async function startHub(options: HubOptions): Promise<RunningHub> {
  const now = options.now ?? Date.now;
  const host = options.host ?? '0.0.0.0';
  const useTls = options.tls ?? !LOOPBACK.has(host);
  if (!useTls && !LOOPBACK.has(host)) {
    throw new Error(
      `Plain HTTP is only for a hub on this machine (--host 127.0.0.1); on ${host} the hub serves HTTPS.`,
    );
  }
  fs.mkdirSync(options.dataDir, { recursive: true, mode: 0o700 });

  let embedded: EmbeddedPg | null = null;
  let databaseUrl = options.databaseUrl;
  if (!databaseUrl) {
    embedded = await openEmbeddedPg(options.dataDir);
    databaseUrl = embedded.databaseUrl;
  }
  const db = openPool(databaseUrl);
  const feed = new ChangeFeed(databaseUrl, options.heartbeatMs ?? 15_000, db, {
    perDevice: options.streamLimits?.perDevice ?? DEFAULT_STREAM_LIMITS.perDevice,
    total: options.streamLimits?.total ?? DEFAULT_STREAM_LIMITS.total,
  });
  try {
    await migrateHubDb(db);
    await feed.start();
  } catch (error) {
    await feed.close();
    await db.end().catch(() => {});
    await embedded?.stop();
    throw error;
  }

  const publicHost = options.publicHost ?? (LOOPBACK.has(host) ? host : os.hostname());
  const cert = useTls
    ? await ensureCertificate(options.dataDir, [...new Set([publicHost, 'localhost', '127.0.0.1'])])
    : null;
  let address: HubAddress = { url: '', certFingerprint: cert?.fingerprint ?? null };
  const protocol = {
    version: options.protocol?.version ?? PROTOCOL_VERSION,
    oldest: options.protocol?.oldest ?? OLDEST_SERVED_PROTOCOL,
  };
  const ctx = { db, feed, now, address: () => address, protocol };
  const listener = (req: http.IncomingMessage, res: http.ServerResponse) => void handle(ctx, req, res);
  const server = cert ? https.createServer({ key: cert.key, cert: cert.cert }, listener) : http.createServer(listener);
  server.requestTimeout = 120_000;
  const sockets = new Set<Socket>();
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const urlHost = publicHost.includes(':') ? `[${publicHost}]` : publicHost;
  address = { url: `${cert ? 'https' : 'http'}://${urlHost}:${port}`, certFingerprint: cert?.fingerprint ?? null };
  fs.writeFileSync(path.join(options.dataDir, 'hub.json'), JSON.stringify(address, null, 2) + '\n');

  // First start on this database: the team's workspace and its owner's invite.
  const { workspaceId, ownerInvite } = await inTx(db, async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock(7140015)');
    const existing = await listWorkspaces(tx);
    if (existing[0]) return { workspaceId: existing[0].workspace_id, ownerInvite: null };
    const id = await createWorkspace(tx, now());
    const invite = await createInvite(tx, {
      workspaceId: id,
      role: 'owner',
      createdBy: null,
      now: now(),
      hub: address,
    });
    return { workspaceId: id, ownerInvite: invite.code };
  });

  const retentionEvery = options.retentionEveryMs ?? 60 * 60 * 1000;
  let retentionTimer: NodeJS.Timeout | null = null;
  if (retentionEvery > 0) {
    // a failed pass (the database away) is tried again at the next one; its log line names no data
    const tick = () =>
      void runRetention(db, now()).catch((error: unknown) =>
        console.error(`Kyrios Hub: retention pass failed (${(error as Error).name}); retried in an hour.`),
      );
    tick();
    retentionTimer = setInterval(tick, retentionEvery);
    retentionTimer.unref();
  }

  let stopped = false;
  return {
    url: address.url,
    certFingerprint: address.certFingerprint,
    ownerInvite,
    workspaceId,
    databaseUrl,
    db,
    feed,
    runRetention: (at = now()) => runRetention(db, at),
    dump: () => hubDump(db, workspaceId),
    invite: async (role, opts = {}) =>
      (
        await createInvite(db, {
          workspaceId,
          role,
          createdBy: null,
          now: opts.now ?? now(),
          ttlMs: opts.ttlMs,
          hub: address,
        })
      ).code,
    async stop() {
      if (stopped) return;
      stopped = true;
      if (retentionTimer) clearInterval(retentionTimer);
      await feed.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
        setTimeout(() => {
          for (const socket of sockets) socket.destroy();
        }, 2000).unref();
      });
      await db.end().catch(() => {});
      await embedded?.stop();
    },
    kill() {
      if (stopped) return;
      stopped = true;
      if (retentionTimer) clearInterval(retentionTimer);
      for (const socket of sockets) socket.destroy();
      server.close();
      void feed.close();
      void db.end().catch(() => {});
    },
  };
}
