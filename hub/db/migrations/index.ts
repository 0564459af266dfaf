import type { HubMigration } from '../migrate.ts';
import { migration001 } from './001_init.ts';
import { migration002 } from './002_json_text.ts';
import { migration010 } from './010_import_copies.ts';
import { migration011 } from './011_purged_rows.ts';

/** In order; a number is never reused and a shipped migration is never edited. */
export const HUB_MIGRATIONS: readonly HubMigration[] = [migration001, migration002, migration010, migration011];
