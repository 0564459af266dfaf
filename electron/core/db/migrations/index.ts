import type { Migration } from '../migrate.ts';
import { migration001 } from './001_initial.ts';
import { migration002 } from './002_search.ts';

/** Every migration, in order. A new one gets the next number and is appended here. */
export const MIGRATIONS: readonly Migration[] = [migration001, migration002];
export const LATEST_VERSION = MIGRATIONS.length;
