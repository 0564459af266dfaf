// A database written by a newer Kyrios is refused with a message that says what to do, and left
// exactly as it was: same bytes, no -wal or -shm beside it, no backup folder.
import Database from 'better-sqlite3';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../../electron/core/errors.ts';
import { openDatabase } from '../../../electron/core/db/open.ts';
import { tempDir } from '../../helpers/core.ts';
import { LATEST_VERSION, MIGRATIONS, buildFileAtVersion, plainConnection } from './dbFixtures.ts';
import { migrate } from '../../../electron/core/db/migrate.ts';

let dir: string;
let file: string;
beforeEach(() => {
  dir = tempDir('kyrios-db-newer-');
  file = path.join(dir, 'kyrios.sqlite');
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const sha = (f: string) => crypto.createHash('sha256').update(fs.readFileSync(f)).digest('hex');

/** What a newer Kyrios leaves behind: today's schema plus one of its own, at a higher user_version. */
function writeNewerDatabase(version: number, journal: 'wal' | 'delete'): void {
  const db = plainConnection(file);
  db.pragma(`journal_mode = ${journal}`);
  migrate(db, MIGRATIONS);
  db.exec("CREATE TABLE future_feature (id TEXT PRIMARY KEY); INSERT INTO future_feature VALUES ('f1');");
  db.pragma(`user_version = ${version}`);
  db.close();
}

async function expectRefused(version: number): Promise<void> {
  const err = await openDatabase({ file }).then(
    (r) => {
      r.db.close();
      throw new Error('a newer database was opened');
    },
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AppError);
  expect((err as AppError).message).toBe(
    `This database was made by a newer version of Kyrios (schema ${version}; this version knows up to ${LATEST_VERSION}). ` +
      'Install the latest Kyrios Desktop to open it. The file was left untouched.',
  );
}

describe('a database from a newer Kyrios', () => {
  for (const journal of ['delete', 'wal'] as const) {
    for (const version of [LATEST_VERSION + 1, LATEST_VERSION + 40]) {
      it(`(${journal} journal, schema ${version - LATEST_VERSION} ahead) is refused and left byte for byte as it was`, async () => {
        writeNewerDatabase(version, journal);
        expect(fs.readdirSync(dir)).toEqual(['kyrios.sqlite']);
        const before = fs.readFileSync(file);
        const stat = fs.statSync(file);

        await expectRefused(version);
        expect(fs.readFileSync(file).equals(before)).toBe(true);
        expect(fs.statSync(file).mtimeMs).toBe(stat.mtimeMs);
        // No -wal, no -shm, no journal, no backups folder: nothing beside it either.
        expect(fs.readdirSync(dir)).toEqual(['kyrios.sqlite']);

        // Refused again on a second try, and the newer app's data is all still there.
        await expectRefused(version);
        expect(fs.readdirSync(dir)).toEqual(['kyrios.sqlite']);
        const check = new Database(file, { readonly: true });
        try {
          expect(check.pragma('user_version', { simple: true })).toBe(version);
          expect(check.prepare('SELECT id FROM future_feature').all()).toEqual([{ id: 'f1' }]);
        } finally {
          check.close();
        }
      });
    }
  }

  it('is refused too while the newer version still holds its change in its -wal, without touching the main file', async () => {
    // A newer Kyrios still running (or crashed): the version bump lives only in the WAL so far.
    buildFileAtVersion(file, LATEST_VERSION);
    const newer = new Database(file);
    try {
      newer.pragma('journal_mode = WAL');
      newer.pragma('wal_autocheckpoint = 0');
      newer.pragma(`user_version = ${LATEST_VERSION + 1}`);
      const before = sha(file);
      await expectRefused(LATEST_VERSION + 1);
      expect(sha(file)).toBe(before);
      expect(fs.existsSync(path.join(dir, 'backups'))).toBe(false);
    } finally {
      newer.close();
    }
  });

  it('a database at exactly the latest version is not refused', async () => {
    buildFileAtVersion(file, LATEST_VERSION);
    const { db, backupPath } = await openDatabase({ file });
    expect(backupPath).toBeNull();
    db.close();
  });
});
