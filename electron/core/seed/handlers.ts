import type { HandlerMap } from '../dispatcher.ts';
import { AppError } from '../errors.ts';
import { seedDatabase } from './seedDatabase.ts';

/** How many contacts "Load sample data" adds, and how many related records each has on average. */
export const SAMPLE_CONTACTS = 200;
export const SAMPLE_RELATED_PER_CONTACT = 8;

/**
 * "Load sample data", offered by the empty Contacts list. It is refused once there are live contacts,
 * so made-up people never get mixed in with a team's real ones. Deleted contacts do not count: they
 * sit in the Restore tab, and a restore that clashes with a sample contact reports the conflict.
 */
export const seedHandlers: HandlerMap<'sample.load'> = {
  'sample.load': (input, ctx) => {
    const live = ctx.db.prepare('SELECT 1 FROM contacts WHERE deleted_at IS NULL LIMIT 1').get();
    if (live) {
      throw new AppError(
        'CONFLICT',
        'Sample data can only be loaded into an empty contact list. Delete your contacts first, or use a new data folder.',
      );
    }
    const now = ctx.now();
    const result = seedDatabase(ctx.db, {
      contacts: input.contacts ?? SAMPLE_CONTACTS,
      relatedPerContact: SAMPLE_RELATED_PER_CONTACT,
      // A different sample each time, so a second load does not repeat the people in the Restore tab.
      seed: now % 2_147_483_647,
      now,
      batchSize: 5_000,
    });
    return { contacts: result.contacts };
  },
};
