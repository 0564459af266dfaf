// Migration 003 (the state the hub's rules need, not a copy of every column) on a hub database of schema 2: a
// deletion keeps its bulk action, only contacts keep a lifecycle, a contact's records lose their rows, and the
// cells table is gone (the values stay in the message log).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateHubDb } from '../../hub/db/migrate.ts';
import { HUB_MIGRATIONS } from '../../hub/db/migrations/index.ts';
import { openPool, type Db } from '../../hub/db/pool.ts';
import { startTestPg, type TestPg } from '../helpers/hubServer.ts';

let pg: TestPg;
let db: Db;
beforeAll(async () => {
  pg = await startTestPg();
  db = openPool(pg.databaseUrl);
});
afterAll(async () => {
  await db?.end();
  await pg?.stop();
});

describe('hub migration 003', () => {
  it('moves what the rules need from cells onto rows and drops the rest', async () => {
    expect(await migrateHubDb(db, HUB_MIGRATIONS.slice(0, 2))).toBe(2);
    await db.query(`INSERT INTO workspaces (workspace_id, created_at) VALUES ('w', 1)`);
    await db.query(`INSERT INTO rows (workspace_id, tbl, pk, contact_id, created_by, deleted_at, deletion_id, deleted_received_at) VALUES
      ('w', 'contacts', 'c1', 'c1', 'm1', 5, 'D1', 6),
      ('w', 'contacts', 'c2', 'c2', 'm1', NULL, NULL, NULL),
      ('w', 'notes', 'n1', 'c1', 'm1', 5, 'D1', 6),
      ('w', 'deletions', 'D1', NULL, 'm1', NULL, NULL, NULL),
      ('w', 'bulk_actions', 'B1', NULL, 'm1', NULL, NULL, NULL)`);
    await db.query(`INSERT INTO cells (workspace_id, tbl, pk, col, value, hlc, contact_id) VALUES
      ('w', 'contacts', 'c1', 'email', '"a@x"', '0000000000001-00000-d', 'c1'),
      ('w', 'notes', 'n1', 'contact_id', '"c2"', '0000000000003-00000-d', 'c2'),
      ('w', 'notes', 'n1', 'body', '"hi"', '0000000000001-00000-d', 'c1'),
      ('w', 'deletions', 'D1', 'bulk_action_id', '"B1"', '0000000000002-00000-d', NULL)`);
    expect(await migrateHubDb(db)).toBe(HUB_MIGRATIONS.at(-1)!.version);
    const { rows } = await db.query(
      `SELECT tbl, pk, contact_id, bulk_action_id, bulk_action_hlc, created_by, deleted_at, deletion_id, deleted_received_at
         FROM rows ORDER BY tbl, pk`,
    );
    expect(rows).toEqual([
      {
        tbl: 'bulk_actions',
        pk: 'B1',
        contact_id: null,
        bulk_action_id: null,
        bulk_action_hlc: null,
        created_by: 'm1',
        deleted_at: null,
        deletion_id: null,
        deleted_received_at: null,
      },
      {
        tbl: 'contacts',
        pk: 'c1',
        contact_id: 'c1',
        bulk_action_id: null,
        bulk_action_hlc: null,
        created_by: 'm1',
        deleted_at: 5,
        deletion_id: 'D1',
        deleted_received_at: 6,
      },
      {
        tbl: 'contacts',
        pk: 'c2',
        contact_id: 'c2',
        bulk_action_id: null,
        bulk_action_hlc: null,
        created_by: 'm1',
        deleted_at: null,
        deletion_id: null,
        deleted_received_at: null,
      },
      {
        tbl: 'deletions',
        pk: 'D1',
        contact_id: null,
        bulk_action_id: 'B1',
        bulk_action_hlc: '0000000000002-00000-d',
        created_by: 'm1',
        deleted_at: null,
        deletion_id: null,
        deleted_received_at: null,
      },
    ]);
    const cells = await db.query(`SELECT to_regclass('cells') AS t`);
    expect(cells.rows).toEqual([{ t: null }]);
  });

  it('finds a contact’s messages by a hash index of contact_id, not the btree (migration 004)', async () => {
    const { rows } = await db.query(
      `SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'messages' AND indexname LIKE 'messages_contact%'`,
    );
    expect(rows).toEqual([
      {
        indexname: 'messages_contact_hash',
        indexdef:
          'CREATE INDEX messages_contact_hash ON public.messages USING hash (contact_id) WHERE (contact_id IS NOT NULL)',
      },
    ]);
  });
});
