import type pg from 'pg';
import { HUB_MIGRATIONS } from './migrations/index.ts';
import { HubFailure } from '../server/failure.ts';

export type HubMigration = { version: number; name: string; up: string };

// Two hubs starting at once on one database must not both migrate it: a transaction-scoped advisory lock.
const MIGRATION_LOCK = 7_140_014;

/**
 * Brings the hub's schema to this hub's version, one migration per transaction. A database written by a newer
 * hub is refused and left untouched.
 */
export async function migrateHubDb(
  pool: pg.Pool,
  migrations: readonly HubMigration[] = HUB_MIGRATIONS,
): Promise<number> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await client.query('CREATE TABLE IF NOT EXISTS hub_schema_version (version INTEGER NOT NULL)');
    const found = await client.query<{ version: number }>('SELECT max(version) AS version FROM hub_schema_version');
    const current = found.rows[0]?.version ?? 0;
    const latest = migrations.at(-1)?.version ?? 0;
    if (current > latest) {
      throw new HubFailure(
        'UNAVAILABLE',
        `This database was set up by a newer Kyrios Hub (schema ${current}, this hub knows up to ${latest}). Run the newer hub; nothing was changed.`,
      );
    }
    for (const migration of migrations) {
      if (migration.version <= current) continue;
      await client.query(migration.up);
      await client.query('INSERT INTO hub_schema_version (version) VALUES ($1)', [migration.version]);
    }
    await client.query('COMMIT');
    return latest;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}
