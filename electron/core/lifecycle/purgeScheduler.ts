import { SYSTEM_ACTOR } from '../audit/record.ts';
import type { CoreContext } from '../context.ts';
import { announceJobChange } from '../bulk/jobEvents.ts';
import { purgeExpired } from './purgeExpired.ts';

export const PURGE_INTERVAL_MS = 60 * 60 * 1000;

/** Purges expired contacts at start-up and then every hour, as the 'system' actor. */
export class PurgeScheduler {
  readonly ctx: CoreContext;
  private timer: NodeJS.Timeout | null = null;
  /** Set by stop(): a pass under way ends after its current chunk. */
  private stopped = false;
  private running: Promise<number> | null = null;
  constructor(ctx: CoreContext) {
    this.ctx = ctx;
  }

  start(): void {
    if (this.timer) return;
    this.stopped = false;
    void this.runOnce();
    this.timer = setInterval(() => void this.runOnce(), PURGE_INTERVAL_MS);
    // The timer must never keep the process alive on its own.
    this.timer.unref();
  }

  /** One purge pass; a pass already under way is not doubled. Resolves to how many were purged. */
  runOnce(): Promise<number> {
    if (this.running) return this.running;
    this.running = purgeExpired(this.ctx, {
      actor: SYSTEM_ACTOR,
      shouldStop: () => this.stopped,
      onPurged: () => announceJobChange(this.ctx, 'purge'),
    })
      .catch((err: unknown) => {
        if (!this.stopped) console.error('[kyrios] purge failed:', err);
        return 0;
      })
      .finally(() => {
        this.running = null;
      });
    return this.running;
  }

  /** Stops the timer; a pass under way ends after its current chunk. */
  stop(): void {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }
}
