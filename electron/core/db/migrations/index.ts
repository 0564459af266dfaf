import type { Migration } from '../migrate.ts';
import { migration001 } from './001_initial.ts';
import { migration002 } from './002_search.ts';
import { migration003 } from './003_contacts_email_sort.ts';
import { migration004 } from './004_lifecycle.ts';
import { migration005 } from './005_contacts_live_count.ts';
import { migration006 } from './006_contacts_phone_search.ts';
import { migration007 } from './007_bulk_action_sources.ts';
import { migration008 } from './008_contacts_rowid_floor.ts';
import { migration009 } from './009_search_folding_phone_canonical.ts';
import { migration011 } from './011_restore_sort_indexes.ts';
import { migration012 } from './012_sync_bookkeeping.ts';
import { migration013 } from './013_contacts_needs_review.ts';
import { migration014 } from './014_sync_remote_actions.ts';
import { migration015 } from './015_sync_row_messages.ts';
import { migration016 } from './016_sync_outbox_batch_index.ts';
import { migration018 } from './018_sync_former_device.ts';
import { migration019 } from './019_sync_purged_rows.ts';
import { migration020 } from './020_sync_removal_guard.ts';
import { migration021 } from './021_sync_moved_from.ts';

/** Every migration, in order. A new one gets the next number and is appended here. */
export const MIGRATIONS: readonly Migration[] = [
  migration001,
  migration002,
  migration003,
  migration004,
  migration005,
  migration006,
  migration007,
  migration008,
  migration009,
  migration011,
  migration012,
  migration013,
  migration014,
  migration015,
  migration016,
  migration018,
  migration019,
  migration020,
  migration021,
];
/** The last migration's version (numbers are reserved per change, so a branch may skip one). */
export const LATEST_VERSION = MIGRATIONS.at(-1)!.version;
