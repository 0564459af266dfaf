// Kyrios Hub from the command line:
//   npm run hub -- --data-dir DIR --port P [--host 0.0.0.0] [--public-host NAME] [--database-url URL] [--tls]
//     [--max-streams N (live event streams in all, default 1000)] [--max-streams-per-device N (default 4)]
//   npm run hub -- invite --data-dir DIR --role admin|member|viewer [--expires-hours N] [--database-url URL]
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ROLES, type Role } from '../shared/sync/protocol.ts';
import { migrateHubDb } from './db/migrate.ts';
import { openPool } from './db/pool.ts';
import { openEmbeddedPg } from './pg/embedded.ts';
import { startHub } from './hub.ts';
import { createInvite, type HubAddress } from './store/invites.ts';
import { listWorkspaces } from './store/workspace.ts';

const USAGE = `Usage:
  npm run hub -- --data-dir DIR --port P [--host 0.0.0.0] [--public-host NAME] [--database-url URL] [--tls]
                 [--max-streams N] [--max-streams-per-device N]
  npm run hub -- invite --data-dir DIR --role admin|member|viewer [--expires-hours N] [--database-url URL]`;

function parseCli(argv: string[]) {
  try {
    return parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        'data-dir': { type: 'string' },
        port: { type: 'string' },
        host: { type: 'string' },
        'public-host': { type: 'string' },
        'database-url': { type: 'string' },
        tls: { type: 'boolean' },
        role: { type: 'string' },
        'expires-hours': { type: 'string' },
        workspace: { type: 'string' },
        'max-streams': { type: 'string' },
        'max-streams-per-device': { type: 'string' },
        help: { type: 'boolean' },
      },
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

async function main(argv: string[]): Promise<void> {
  const { values, positionals } = parseCli(argv);
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const dataDir = values['data-dir'];
  if (!dataDir)
    throw new UsageError('--data-dir is required: the folder where the hub keeps its database and certificate.');
  const databaseUrl = values['database-url'] ?? process.env.KYRIOS_HUB_DATABASE_URL;
  const command = positionals[0] ?? 'serve';

  if (command === 'invite') {
    const role = values.role as Role | undefined;
    if (!role || !ROLES.includes(role)) throw new UsageError(`--role must be one of ${ROLES.join(', ')}.`);
    const hours = values['expires-hours'] === undefined ? undefined : Number(values['expires-hours']);
    if (hours !== undefined && !(Number.isInteger(hours) && hours >= 1))
      throw new UsageError('--expires-hours must be a whole number of hours.');
    console.log(await inviteFromCli(path.resolve(dataDir), role, { databaseUrl, hours, workspace: values.workspace }));
    return;
  }
  if (command !== 'serve') throw new UsageError(`Unknown command "${command}".`);

  const port = values.port === undefined ? 4518 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new UsageError('--port must be a port number (0: any free port).');
  const cap = (flag: 'max-streams' | 'max-streams-per-device') => {
    const value = values[flag];
    if (value === undefined) return undefined;
    const n = Number(value);
    if (!Number.isInteger(n) || n < 1) throw new UsageError(`--${flag} must be a whole number of streams, 1 or more.`);
    return n;
  };
  const hub = await startHub({
    dataDir: path.resolve(dataDir),
    port,
    host: values.host,
    publicHost: values['public-host'],
    databaseUrl,
    tls: values.tls,
    streamLimits: { total: cap('max-streams'), perDevice: cap('max-streams-per-device') },
  });
  // in place before the first line is printed: a SIGTERM sent as soon as we say we run closes us cleanly
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    hub.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  console.log(`Kyrios Hub is running at ${hub.url}`);
  if (hub.certFingerprint) console.log(`Certificate fingerprint (SHA-256): ${hub.certFingerprint}`);
  if (hub.ownerInvite) console.log(`Owner invite: ${hub.ownerInvite}`);
}

async function inviteFromCli(
  dataDir: string,
  role: Role,
  options: { databaseUrl?: string; hours?: number; workspace?: string },
): Promise<string> {
  const hubFile = path.join(dataDir, 'hub.json');
  if (!fs.existsSync(hubFile))
    throw new UsageError(
      `No hub has run with --data-dir ${dataDir} yet: start it once first (its address goes into the invite).`,
    );
  const address = JSON.parse(fs.readFileSync(hubFile, 'utf8')) as HubAddress;
  const embedded = options.databaseUrl ? null : await openEmbeddedPg(dataDir);
  const db = openPool(options.databaseUrl ?? embedded!.databaseUrl);
  try {
    await migrateHubDb(db);
    const workspaces = await listWorkspaces(db);
    const workspace = options.workspace ? workspaces.find((w) => w.workspace_id === options.workspace) : workspaces[0];
    if (!workspace) throw new UsageError('This database holds no team yet: start the hub once first.');
    if (!options.workspace && workspaces.length > 1)
      throw new UsageError('This database holds several teams: name one with --workspace ID.');
    const invite = await createInvite(db, {
      workspaceId: workspace.workspace_id,
      role,
      createdBy: null,
      now: Date.now(),
      ttlMs: options.hours === undefined ? undefined : options.hours * 3_600_000,
      hub: address,
    });
    console.log(
      `Invite for a${role === 'admin' || role === 'owner' ? 'n' : ''} ${role}, valid until ${new Date(invite.expiresAt).toISOString()}, single use:`,
    );
    return invite.code;
  } finally {
    await db.end().catch(() => {});
    await embedded?.stop();
  }
}

class UsageError extends Error {}

main(process.argv.slice(2)).catch((error: unknown) => {
  if (error instanceof UsageError) {
    console.error(`${error.message}\n\n${USAGE}`);
    process.exit(2);
  }
  console.error(`Kyrios Hub could not start: ${(error as Error).message}`);
  process.exit(1);
});
