// Each migration from the previous version: a file an older Kyrios left behind (at every version
// from 1 to LATEST_VERSION-1) keeps its rows when this version opens it, gets full-text search over
// its live contacts only, and is backed up before anything is migrated.
import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { LEGACY_DUPLICATES_KEY } from '../../../electron/core/import/linkLegacyDuplicates.ts';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { backupFileName } from '../../../electron/core/db/backup.ts';
import { openDatabase } from '../../../electron/core/db/open.ts';
import { fakeClock, tempDir } from '../../helpers/core.ts';
import {
  LATEST_VERSION,
  MIGRATIONS,
  SEED,
  buildFileAtVersion,
  columnsOf,
  expectedObjects,
  ftsIds,
  schemaObjects,
  seededRows,
  userVersion,
} from './dbFixtures.ts';

let dir: string;
beforeEach(() => {
  dir = tempDir('kyrios-db-upgrade-');
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const OLD_VERSIONS = MIGRATIONS.map((m) => m.version).filter((v) => v < LATEST_VERSION);
const expectedSeed = () => ({
  ...SEED,
  contacts: [...SEED.contacts].sort((a, b) => a.id.localeCompare(b.id)),
  notes: [...SEED.notes].sort((a, b) => a.id.localeCompare(b.id)),
});

describe.each(OLD_VERSIONS)('a database at version %i', (from) => {
  // One file per version, opened once; the tests below read what that open did.
  let vdir: string;
  let opened: Awaited<ReturnType<typeof openDatabase>>;
  const clock = fakeClock();
  beforeAll(async () => {
    vdir = tempDir(`kyrios-db-upgrade-v${from}-`);
    buildFileAtVersion(path.join(vdir, 'kyrios.sqlite'), from);
    opened = await openDatabase({ file: path.join(vdir, 'kyrios.sqlite'), now: clock });
  });
  afterAll(() => {
    opened?.db.close();
    fs.rmSync(vdir, { recursive: true, force: true });
  });

  it('is migrated to the latest version with every row kept', () => {
    const { db, migratedFrom } = opened;
    expect(migratedFrom).toBe(from);
    expect(userVersion(db)).toBe(LATEST_VERSION);
    expect(schemaObjects(db)).toEqual(expectedObjects(LATEST_VERSION));
    // 009: phone_digits in canonical form (E.164 digits, the seed's region US): "555 010 8888" gains its country code.
    const migrated = expectedSeed();
    // (A file made at 009 or later was seeded after that rewrite: its digits stay as seeded.)
    if (from < 9)
      migrated.contacts = migrated.contacts.map((c) => (c.id === 'c-gone' ? { ...c, phone_digits: '15550108888' } : c));
    // The open links import rows an older Kyrios skipped as duplicates to their contacts, once (linkLegacyDuplicates.ts).
    migrated.settings = [{ key: LEGACY_DUPLICATES_KEY, value: 'true' }, ...migrated.settings];
    expect(seededRows(db)).toEqual(migrated);
    // Columns added later start empty on old rows.
    expect(columnsOf(db, 'deletions')).toContain('purged_at');
    expect(db.prepare('SELECT purged_at FROM deletions').all()).toEqual([{ purged_at: null }]);
    expect(db.pragma('foreign_key_check')).toEqual([]);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
  });

  it('is backed up first: kyrios-<stamp>-pre-migration-vN.sqlite in backups/, at version N with the old rows', () => {
    const name = `kyrios-2026-01-15T12-00-00-000Z-pre-migration-v${from}.sqlite`;
    expect(backupFileName(`pre-migration-v${from}`, clock())).toBe(name);
    expect(opened.backupPath).toBe(path.join(vdir, 'backups', name));
    expect(fs.readdirSync(path.join(vdir, 'backups'))).toEqual([name]);

    const backup = new Database(opened.backupPath!, { readonly: true, fileMustExist: true });
    try {
      expect(userVersion(backup)).toBe(from);
      // The old schema, untouched by the migrations that followed.
      expect(schemaObjects(backup)).toEqual(expectedObjects(from));
      expect(seededRows(backup)).toEqual(expectedSeed());
      expect(backup.pragma('integrity_check', { simple: true })).toBe('ok');
    } finally {
      backup.close();
    }
  });

  it('finds the live contact through full-text search, and never the deleted one', () => {
    const { db } = opened;
    for (const q of ['zelda', 'quimby', 'orchard', '"zelda.quimby@example.com"', '15550109999', 'zel*', 'orch*'])
      expect(ftsIds(db, q), q).toEqual(['c-live']);
    for (const q of ['xavier', 'ostrander', 'vanished', '5550108888', '"xavier@example.com"'])
      expect(ftsIds(db, q), q).toEqual([]);
    // The index is internally sound (rank 0: the deleted contact is, by design, not in it).
    expect(() =>
      db.prepare("INSERT INTO contacts_fts(contacts_fts, rank) VALUES ('integrity-check', 0)").run(),
    ).not.toThrow();

    // The triggers keep working on rows the migration indexed: edit, then delete, then restore.
    db.prepare("UPDATE contacts SET company = 'Harbor Works' WHERE id = 'c-live'").run();
    expect(ftsIds(db, 'orchard')).toEqual([]);
    expect(ftsIds(db, 'harbor')).toEqual(['c-live']);
    db.prepare("UPDATE contacts SET deleted_at = 5, deletion_id = 'del-x' WHERE id = 'c-live'").run();
    expect(ftsIds(db, 'harbor')).toEqual([]);
    expect(ftsIds(db, 'zelda')).toEqual([]);
    db.prepare("UPDATE contacts SET deleted_at = NULL, deletion_id = NULL WHERE id = 'c-gone'").run();
    expect(ftsIds(db, 'xavier')).toEqual(['c-gone']);
    expect(() =>
      db.prepare("INSERT INTO contacts_fts(contacts_fts, rank) VALUES ('integrity-check', 0)").run(),
    ).not.toThrow();
  });
});

describe('pre-migration backups', () => {
  it('go to the backupDir given instead of the default folder', async () => {
    const file = path.join(dir, 'kyrios.sqlite');
    const backupDir = path.join(dir, 'elsewhere', 'safe');
    buildFileAtVersion(file, 1);
    const { db, backupPath } = await openDatabase({ file, backupDir, now: fakeClock() });
    db.close();
    expect(backupPath).toBe(path.join(backupDir, 'kyrios-2026-01-15T12-00-00-000Z-pre-migration-v1.sqlite'));
    expect(fs.existsSync(backupPath!)).toBe(true);
    expect(fs.existsSync(path.join(dir, 'backups'))).toBe(false);
  });

  it('a new database gets none, and an up-to-date one opened again gets no new one', async () => {
    const file = path.join(dir, 'kyrios.sqlite');
    const clock = fakeClock();
    const first = await openDatabase({ file, now: clock });
    expect(first.backupPath).toBeNull();
    first.db.close();
    expect(fs.existsSync(path.join(dir, 'backups'))).toBe(false);

    clock.advance(60_000);
    const again = await openDatabase({ file, now: clock });
    expect(again.backupPath).toBeNull();
    expect(again.migratedFrom).toBe(LATEST_VERSION);
    again.db.close();
    expect(fs.existsSync(path.join(dir, 'backups'))).toBe(false);
  });

  it('an upgraded database writes one backup, and reopening it afterwards writes no other', async () => {
    const file = path.join(dir, 'kyrios.sqlite');
    buildFileAtVersion(file, 1);
    const clock = fakeClock();
    const upgraded = await openDatabase({ file, now: clock });
    expect(upgraded.backupPath).not.toBeNull();
    upgraded.db.close();
    const backups = fs.readdirSync(path.join(dir, 'backups'));
    expect(backups).toHaveLength(1);

    clock.advance(60_000);
    const again = await openDatabase({ file, now: clock });
    expect(again.backupPath).toBeNull();
    again.db.close();
    expect(fs.readdirSync(path.join(dir, 'backups'))).toEqual(backups);
  });
});
