import type { HubMigration } from '../migrate.ts';
import { migration001 } from './001_init.ts';

/** In order; a number is never reused and a shipped migration is never edited. */
export const HUB_MIGRATIONS: readonly HubMigration[] = [migration001];
