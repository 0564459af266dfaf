import { installCapture } from '../../sync/captureTriggers.ts';
import type { Migration } from '../migrate.ts';

// Team mode: nothing leaves a synced table unsent (docs/sync.md, "Decisions"). A team database gets its
// capture triggers made again, now with one more per synced table that fails a DELETE made while capture is
// on (a removal outside a purge sends no message, so the other machines would keep the row forever).
// A solo database has no capture triggers and is left as it is.
export const migration020: Migration = {
  version: 20,
  name: 'team mode: a row leaves a synced table only by a purge',
  up: '',
  run: (db) => {
    if (db.prepare('SELECT 1 FROM sync_state WHERE id = 1').get()) installCapture(db);
  },
};
