import type { HubMigration } from '../migrate.ts';
import { migration001 } from './001_init.ts';
import { migration002 } from './002_json_text.ts';
import { migration003 } from './003_row_state.ts';
import { migration004 } from './004_contact_hash_index.ts';
import { migration005 } from './005_import_copies.ts';
import { migration006 } from './006_purged_rows.ts';
import { migration008 } from './008_row_owners.ts';
import { migration009 } from './009_retention_pending.ts';
import { migration010 } from './010_purged_rows_of_contacts.ts';

/** In order; a number is never reused and a shipped migration is never edited. */
export const HUB_MIGRATIONS: readonly HubMigration[] = [
  migration001,
  migration002,
  migration003,
  migration004,
  migration005,
  migration006,
  migration008,
  migration009,
  migration010,
];
