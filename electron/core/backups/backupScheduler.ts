import { DAY_MS } from '../../../shared/domain.ts';
import type { CoreContext } from '../context.ts';
import { toAppError } from '../errors.ts';
import { createBackup, pruneBackups, removeLeftovers } from './createBackup.ts';
import { listBackups } from './listBackups.ts';

export const BACKUP_CHECK_INTERVAL_MS = 60 * 60 * 1000;
/** The first check waits a little, so start-up (and short-lived test cores) are not slowed by a backup. */
export const BACKUP_START_DELAY_MS = 60 * 1000;

export interface BackupSchedulerOptions {
  dataDir: string;
  intervalMs?: number;
  startDelayMs?: number;
}

/**
 * The automatic daily backup: shortly after start-up and then every hour it checks the newest
 * automatic backup; when there is none, or it is 24 hours old or more (by the app's clock), it writes
 * a new one. Each check then applies the backups schedule: the newest 7 automatic backups are kept,
 * and no backup of any kind once it is 30 days old (pruneBackups). An app that is only ever open for a few
 * minutes a day still gets its daily backup.
 */
export class BackupScheduler {
  readonly ctx: CoreContext;
  readonly opts: Required<BackupSchedulerOptions>;
  private timers: NodeJS.Timeout[] = [];
  private running: Promise<string | null> | null = null;
  private stopped = true;

  constructor(ctx: CoreContext, opts: BackupSchedulerOptions) {
    this.ctx = ctx;
    this.opts = {
      intervalMs: BACKUP_CHECK_INTERVAL_MS,
      startDelayMs: BACKUP_START_DELAY_MS,
      ...opts,
    };
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    removeLeftovers(this.opts.dataDir);
    const first = setTimeout(() => {
      void this.runOnce();
      const every = setInterval(() => void this.runOnce(), this.opts.intervalMs);
      every.unref();
      this.timers.push(every);
    }, this.opts.startDelayMs);
    // The timers must never keep the process alive on their own.
    first.unref();
    this.timers.push(first);
  }

  /** Is an automatic backup due now? */
  isDue(): boolean {
    const newest = listBackups(this.opts.dataDir).find((b) => b.kind === 'automatic');
    return !newest || this.ctx.now() - newest.createdAt >= DAY_MS;
  }

  /** One check: writes an automatic backup if one is due. Resolves to its name, or null. Never rejects. */
  runOnce(): Promise<string | null> {
    if (this.running) return this.running;
    const run = this.backupIfDue()
      .then((name) => {
        this.prune();
        return name;
      })
      .finally(() => {
        if (this.running === run) this.running = null;
      });
    this.running = run;
    return run;
  }

  private async backupIfDue(): Promise<string | null> {
    try {
      if (!this.isDue()) return null;
      const backup = await createBackup(this.ctx.db, this.opts.dataDir, 'automatic', this.ctx.now);
      return backup.name;
    } catch (err) {
      // Only the code and SQLite's own message: never a contact's data.
      const e = toAppError(err);
      // (A backup cut short because the app is closing is no news.)
      if (this.ctx.db.open) console.error(`[kyrios] automatic backup failed: ${e.code}: ${e.message}`);
      return null;
    }
  }

  /** The backups schedule (createBackup.ts pruneBackups): after the check, whether or not it wrote a backup. */
  private prune(): void {
    try {
      pruneBackups(this.opts.dataDir, this.ctx.now());
    } catch (err) {
      console.error(`[kyrios] removing old backups failed: ${(err as Error).message}`);
    }
  }

  /** Stops the timers and waits for a backup under way, so the connection can be closed safely. */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers = [];
    await this.running;
  }
}
