import type { Database } from 'better-sqlite3';
import type { Clock } from './clock.ts';
import type { CoreEvents } from './events.ts';

/** What every service and handler receives: the database, the clock and the event bus. */
export interface CoreContext {
  db: Database;
  now: Clock;
  events: CoreEvents;
  /** Wakes the bulk-action runner after a new action is queued. */
  wakeRunner(): void;
}
