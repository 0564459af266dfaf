// Each migration runs in its own transaction: one that fails leaves the database exactly at the last
// migration that succeeded, with nothing of the failed one behind, and the next start tries again.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Migration } from '../../../electron/core/db/migrate.ts';
import { migrate } from '../../../electron/core/db/migrate.ts';
import { tempDir } from '../../helpers/core.ts';
import { plainConnection, schemaObjects, userVersion } from './dbFixtures.ts';

let dir: string;
let file: string;
beforeEach(() => {
  dir = tempDir('kyrios-db-tx-');
  file = path.join(dir, 'kyrios.sqlite');
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const good1: Migration = {
  version: 1,
  name: 'good',
  up: `CREATE TABLE a (id INTEGER PRIMARY KEY, x TEXT NOT NULL);
CREATE INDEX idx_a_x ON a(x);
INSERT INTO a (x) VALUES ('kept');`,
};
// Its first statements succeed, then a syntax error: all of it must vanish.
const brokenSyntax: Migration = {
  version: 2,
  name: 'broken by a syntax error',
  up: `CREATE TABLE b (y TEXT);
CREATE INDEX idx_b_y ON b(y);
INSERT INTO a (x) VALUES ('from broken');
ALTER TABLE a ADD COLUMN z INTEGER;
CREATE TABLE c (;`,
};
// Valid SQL that fails as it runs (a NOT NULL constraint), after changing schema and data.
const brokenAtRuntime: Migration = {
  version: 2,
  name: 'broken by a constraint',
  up: `CREATE TABLE b (y TEXT);
CREATE TRIGGER trg_b AFTER INSERT ON b BEGIN SELECT 1; END;
UPDATE a SET x = 'changed';
INSERT INTO a (x) VALUES (NULL);`,
};
const fixed2: Migration = { version: 2, name: 'fixed', up: `CREATE TABLE b (y TEXT); CREATE INDEX idx_b_y ON b(y);` };
const good3: Migration = { version: 3, name: 'after', up: `CREATE TABLE d (w TEXT);` };

const rowsOfA = (db: ReturnType<typeof plainConnection>) => db.prepare('SELECT * FROM a ORDER BY id').all();
const columnsOfA = (db: ReturnType<typeof plainConnection>) =>
  (db.prepare("SELECT name FROM pragma_table_info('a')").all() as { name: string }[]).map((c) => c.name);

describe('migrate() with a failing migration', () => {
  for (const broken of [brokenSyntax, brokenAtRuntime]) {
    it(`${broken.name}: stays at the last good version, with no partial objects or data of the broken one`, () => {
      const db = plainConnection(file);
      try {
        expect(() => migrate(db, [good1, broken, good3])).toThrow();
        expect(userVersion(db)).toBe(1);
        expect(schemaObjects(db)).toEqual(['index:idx_a_x', 'table:a']);
        expect(rowsOfA(db)).toEqual([{ id: 1, x: 'kept' }]);
        expect(columnsOfA(db)).toEqual(['id', 'x']);
        expect(db.inTransaction).toBe(false);
      } finally {
        db.close();
      }

      // The failure is what is on disk too, and the next start (with the migration fixed) carries on.
      const reopened = plainConnection(file);
      try {
        expect(userVersion(reopened)).toBe(1);
        expect(schemaObjects(reopened)).toEqual(['index:idx_a_x', 'table:a']);
        expect(migrate(reopened, [good1, fixed2, good3])).toBe(3);
        expect(userVersion(reopened)).toBe(3);
        expect(schemaObjects(reopened)).toEqual(['index:idx_a_x', 'index:idx_b_y', 'table:a', 'table:b', 'table:d']);
        expect(rowsOfA(reopened)).toEqual([{ id: 1, x: 'kept' }]);
      } finally {
        reopened.close();
      }
    });
  }

  it('a first migration that fails leaves an empty database at version 0', () => {
    const db = plainConnection(file);
    try {
      expect(() => migrate(db, [{ version: 1, name: 'bad', up: 'CREATE TABLE a (x); CREATE TABLE a (x);' }])).toThrow(
        /already exists/,
      );
      expect(userVersion(db)).toBe(0);
      expect(schemaObjects(db)).toEqual([]);
    } finally {
      db.close();
    }
  });

  it('stops at upTo, and refuses a database newer than the list it is given', () => {
    const db = plainConnection(file);
    try {
      expect(migrate(db, [good1, fixed2, good3], 2)).toBe(2);
      expect(schemaObjects(db)).toEqual(['index:idx_a_x', 'index:idx_b_y', 'table:a', 'table:b']);
      expect(migrate(db, [good1, fixed2, good3])).toBe(3);
      expect(() => migrate(db, [good1, fixed2])).toThrow(/newer version of Kyrios/);
      expect(userVersion(db)).toBe(3);
    } finally {
      db.close();
    }
  });
});
