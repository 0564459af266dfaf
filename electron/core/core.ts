import type { Database } from 'better-sqlite3';
import path from 'node:path';
import { auditHandlers } from './audit/handlers.ts';
import { BackupScheduler } from './backups/backupScheduler.ts';
import { backupHandlers } from './backups/handlers.ts';
import { databaseReopener } from './backups/reopen.ts';
import { registerJob } from './bulk/jobs.ts';
import { BulkRunner } from './bulk/runner.ts';
import { bulkHandlers } from './bulk/handlers.ts';
import { systemClock, type Clock } from './clock.ts';
import { contactHandlers } from './contacts/handlers.ts';
import type { CoreContext } from './context.ts';
import { openDatabase } from './db/open.ts';
import { createDispatcher, noteWrites, type Dispatcher, type Handlers } from './dispatcher.ts';
import { CoreEvents } from './events.ts';
import { explainOpenFailure } from './faults/openFailure.ts';
import { exportHandlers } from './export/handlers.ts';
import { importHandlers } from './import/handlers.ts';
import { importJob } from './import/importJob.ts';
import { lifecycleHandlers } from './lifecycle/handlers.ts';
import { PurgeScheduler } from './lifecycle/purgeScheduler.ts';
import { registerLifecycleJobs } from './lifecycle/registerJobs.ts';
import { relatedHandlers } from './related/handlers.ts';
import { seedHandlers } from './seed/handlers.ts';
import { settingsHandlers } from './settings/handlers.ts';
import { teamHandlers } from './sync/handlers.ts';
import { TeamSync } from './sync/teamSync.ts';
import { guardRoles } from './sync/roleGuard.ts';
import type { CredentialVault } from './sync/credentialVault.ts';

export const DB_FILE_NAME = 'kyrios.sqlite';

export interface CoreOptions {
  /** The data folder: the database and its backups live here. */
  dataDir: string;
  now?: Clock;
  /** Start the bulk runner and the purge timer (default true). Tests may drive them by hand. */
  background?: boolean;
  /**
   * The automatic daily backup, with the background work (default true). The benchmark turns it off:
   * a minute after start it copies and checks the whole file, inside whatever is being timed then.
   */
  automaticBackups?: boolean;
  /**
   * Around a restore from backup (backups/reopen.ts): `before` runs once background work has stopped,
   * before the file is swapped; `after` once the restored file is open (or the old one reopened). The
   * writer thread (worker/writerWorker.ts) closes and reopens the reader threads' connections here.
   */
  aroundReopen?: { before(): Promise<void>; after(): void };
  /** Team mode: keeps the hub's device credential with the OS (sync/credentialVault.ts). */
  vault?: CredentialVault;
}

export interface Core {
  db: Database;
  ctx: CoreContext;
  events: CoreEvents;
  dispatcher: Dispatcher;
  runner: BulkRunner;
  dataDir: string;
  /** Finishes the bulk chunk in flight, stops timers and closes the database. */
  close(): Promise<void>;
}

/** The kinds of bulk job, each from the part of the app that owns it (bulk/jobs.ts). */
export function registerBulkJobs(): void {
  registerLifecycleJobs();
  registerJob('import', importJob);
}

export const allHandlers: Handlers = {
  ...contactHandlers,
  ...relatedHandlers,
  ...lifecycleHandlers,
  ...bulkHandlers,
  ...auditHandlers,
  ...settingsHandlers,
  ...backupHandlers,
  ...exportHandlers,
  ...importHandlers,
  ...seedHandlers,
  ...teamHandlers,
};

/** Opens the database in `dataDir` and assembles the services behind the one dispatcher. */
export async function createCore(opts: CoreOptions): Promise<Core> {
  registerBulkJobs();
  const now = opts.now ?? systemClock;
  const file = path.join(opts.dataDir, DB_FILE_NAME);
  // A damaged database is left untouched; the error names the latest backup to restore.
  const { db } = await openDatabase({ file, now }).catch((err: unknown) => {
    throw explainOpenFailure(err, opts.dataDir);
  });
  const events = new CoreEvents();
  const ctx: CoreContext = { db, now, events, wakeRunner: () => runner.wake(), dataDir: opts.dataDir, vault: opts.vault };
  const runner = new BulkRunner(ctx);
  const purge = new PurgeScheduler(ctx);
  const backups = new BackupScheduler(ctx, { dataDir: opts.dataDir });
  const team = new TeamSync(ctx);
  ctx.team = team;
  const background = opts.background !== false;
  team.background = background;
  const automaticBackups = background && opts.automaticBackups !== false;
  ctx.reopenDatabase = databaseReopener({
    ctx,
    file,
    now,
    pause: async () => {
      await team.stop();
      purge.stop();
      await backups.stop();
      await runner.stop();
      await opts.aroundReopen?.before();
    },
    resume: () => {
      opts.aroundReopen?.after();
      if (!background) return;
      team.start();
      purge.start();
      runner.start();
      if (automaticBackups) backups.start();
    },
  });
  const dispatcher = noteWrites(createDispatcher(ctx, guardRoles(allHandlers)), () => runner.noteWrite()); // team mode: the role's limits first (sync/roleGuard.ts)
  if (automaticBackups) backups.start(); // the automatic daily backup (checked a minute after start, then hourly)
  if (background) {
    purge.start(); // purges expired contacts now, then hourly
    runner.start(); // resumes any action a crash or quit interrupted
    team.start(); // team mode: syncs with the hub now, then on changes (nothing when solo)
  }
  return {
    // A restore from backup reopens the connection: always the current one.
    get db() {
      return ctx.db;
    },
    ctx,
    events,
    dispatcher,
    runner,
    dataDir: opts.dataDir,
    async close() {
      await team.stop();
      purge.stop();
      await backups.stop();
      await runner.stop();
      ctx.db.close();
    },
  };
}
