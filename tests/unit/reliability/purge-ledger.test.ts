// Issue 12 item 12: a backup never brings a purged contact (or a purged record) back. The purge ledger
// beside the database (ids and times only) is applied to a restored backup before it is swapped in,
// after restoreBackupOffline, and to any database at open; old backups of every kind are pruned.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { BackupInfo, Contact } from '../../../shared/domain.ts';
import { DAY_MS } from '../../../shared/domain.ts';
import { pruneBackups } from '../../../electron/core/backups/createBackup.ts';
import { backupsDir } from '../../../electron/core/backups/backupNames.ts';
import { listBackups } from '../../../electron/core/backups/listBackups.ts';
import { restoreBackupOffline } from '../../../electron/core/backups/restoreBackup.ts';
import { DB_FILE_NAME } from '../../../electron/core/core.ts';
import { purgeContacts } from '../../../electron/core/lifecycle/purgeContactRows.ts';
import { LEDGER_APPLIED_KEY, LEDGER_FILE_NAME } from '../../../electron/core/purgeLedger/ledger.ts';
import { fakeClock, testCore } from '../../helpers/core.ts';
import { count, insertContacts, OWNED } from '../../helpers/fixtures.ts';
import { dumpAllText, leaked } from '../../helpers/privacy.ts';
import { inTx } from '../../../electron/core/db/tx.ts';

type T = Awaited<ReturnType<typeof testCore>>;
let t: T;
afterEach(async () => t?.cleanup());

const R = { firstName: 'Rosalind', lastName: 'Vexworth', email: 'rv-31x@unique.example', phone: '+1 303 555 0177' };
const SECRETS = ['Rosalind', 'Vexworth', 'rv-31x@unique.example', '3035550177'];

async function setup() {
  const clock = fakeClock();
  t = await testCore({ now: clock });
  insertContacts(t.core.db, 20);
  const r = await t.call<Contact>('contacts.create', R);
  const note = await t.call<{ id: string }>('related.create', {
    kind: 'note',
    contactId: r.id,
    body: 'Vexworth owes us',
  });
  return { clock, r, note };
}
const backupNow = () => t.call<BackupInfo>('backups.create', {});
const restoreBackup = (name: string) => t.call('backups.restore', { name, confirm: 'RESTORE' });
const ownsAnything = (id: string) =>
  count(t.core.db, 'contacts', 'id = ?', id) +
  OWNED.reduce((n, tb) => n + count(t.core.db, tb, 'contact_id = ?', id), 0);

/** R is gone and every channel says PURGED for it. */
async function expectPurged(id: string) {
  expect(ownsAnything(id)).toBe(0);
  expect(leaked(dumpAllText(t.core.db), SECRETS)).toEqual([]);
  expect(await t.call('restore.contacts', { ids: [id] })).toEqual({
    restored: [],
    skipped: [{ id, code: 'PURGED', reason: 'it was purged for good and cannot be restored' }],
  });
  expect(await t.call('restore.preview', { ids: [id] })).toMatchObject({ contacts: [], purged: [id] });
  const get = await t.core.dispatcher.call('contacts.get', { id });
  expect(get).toMatchObject({ ok: false, error: { code: 'PURGED' } });
}

describe('the purge ledger (issue 12, item 12)', () => {
  it('"Delete permanently", then restoring a backup taken before (R live in it): R stays purged', async () => {
    const { r } = await setup();
    const before = await backupNow();
    await t.call('contacts.deleteOne', { id: r.id });
    await t.call('restore.purge', { ids: [r.id], confirm: 'DELETE' });
    await restoreBackup(before.name);
    await expectPurged(r.id);
    expect(count(t.core.db, 'contacts')).toBe(20); // the rest of the backup is back
  });

  it('the expired purge, then restoring a backup taken while R was deleted: R stays purged', async () => {
    const { clock, r } = await setup();
    await t.call('contacts.deleteOne', { id: r.id });
    const before = await backupNow();
    clock.advance(61 * DAY_MS);
    expect(await t.call('lifecycle.purgeExpired', {})).toMatchObject({ purged: 1 });
    await restoreBackup(before.name);
    await expectPurged(r.id);
  });

  it('a record purged on its own stays purged after a restore', async () => {
    const { clock, r, note } = await setup();
    const before = await backupNow();
    await t.call('related.delete', { kind: 'note', id: note.id });
    clock.advance(61 * DAY_MS);
    await t.call('lifecycle.purgeExpired', {});
    await restoreBackup(before.name);
    expect(count(t.core.db, 'notes', 'id = ?', note.id)).toBe(0);
    expect(count(t.core.db, 'contacts', 'id = ?', r.id)).toBe(1); // its contact was never purged
  });

  it('via restoreBackupOffline, and via a plain copy of an old file opened as the database', async () => {
    const { r } = await setup();
    const before = await backupNow();
    await t.call('contacts.deleteOne', { id: r.id });
    await t.call('restore.purge', { ids: [r.id], confirm: 'DELETE' });
    const dataDir = t.dataDir;
    await t.core.close();

    restoreBackupOffline({ dataDir, name: before.name });
    t = await testCore({ dataDir, now: fakeClock() });
    await expectPurged(r.id);
    await t.core.close();

    // A plain file copy of the old backup put in place of the database.
    const db = path.join(dataDir, DB_FILE_NAME);
    for (const s of ['', '-wal', '-shm']) fs.rmSync(db + s, { force: true });
    fs.copyFileSync(path.join(backupsDir(dataDir), before.name), db);
    t = await testCore({ dataDir, now: fakeClock() });
    await expectPurged(r.id);
    // Applied once: the database records how far, so the next start has nothing to do.
    const ledgerSize = fs.statSync(path.join(dataDir, LEDGER_FILE_NAME)).size;
    const position = JSON.parse(
      t.core.db.prepare('SELECT value FROM settings WHERE key = ?').pluck().get(LEDGER_APPLIED_KEY) as string,
    ) as { offset: number };
    expect(position.offset).toBe(ledgerSize);
  });

  it('is written and flushed before the purge commits: a purge whose transaction never committed is finished at the next open', async () => {
    const { r } = await setup();
    await t.call('contacts.deleteOne', { id: r.id });
    const db = t.core.db;
    expect(() =>
      inTx(db, (tx) => {
        purgeContacts(tx, [r.id], Date.now(), 'permanent');
        throw new Error('power cut before the commit');
      }),
    ).toThrow('power cut');
    expect(count(db, 'contacts', 'id = ?', r.id)).toBe(1); // rolled back
    const dataDir = t.dataDir;
    await t.core.close();
    t = await testCore({ dataDir, now: fakeClock() });
    expect(ownsAnything(r.id)).toBe(0);
    // The search index's remnants of the soft-deleted R go with the purge pass every start runs.
    await t.call('lifecycle.purgeExpired', {});
    await expectPurged(r.id);
  });

  it('holds ids and times only, no personal data, and is private to its owner', async () => {
    const { clock, r } = await setup();
    const other = await t.call<Contact>('contacts.create', { firstName: 'Kept' });
    const note = await t.call<{ id: string }>('related.create', { kind: 'note', contactId: other.id, body: 'x' });
    await t.call('related.delete', { kind: 'note', id: note.id });
    await t.call('contacts.deleteOne', { id: r.id });
    clock.advance(61 * DAY_MS);
    await t.call('lifecycle.purgeExpired', {});
    const file = path.join(t.dataDir, LEDGER_FILE_NAME);
    const text = fs.readFileSync(file, 'utf8');
    expect(leaked(text, SECRETS)).toEqual([]);
    const [header, ...lines] = text
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(header).toEqual({ kyriosPurgeLedger: 1, id: expect.any(String) });
    expect(lines).toEqual([
      { at: clock(), how: 'expired', contacts: [r.id] },
      { at: clock(), deletion: expect.any(String), records: [note.id] },
    ]);
    if (process.platform !== 'win32') expect(fs.statSync(file).mode & 0o777).toBe(0o600);
  });
});

describe('the backups schedule (issue 12, item 12)', () => {
  it('removes exactly the automatic backups past the newest 7 and every backup 30 days old', async () => {
    const clock = fakeClock();
    t = await testCore({ now: clock });
    const dir = backupsDir(t.dataDir);
    fs.mkdirSync(dir, { recursive: true });
    const stamp = (at: number) => new Date(at).toISOString().replace(/[:.]/g, '-');
    const make = (daysAgo: number, label: string) => {
      const name = `kyrios-${stamp(clock() - daysAgo * DAY_MS)}-${label}.sqlite`;
      fs.writeFileSync(path.join(dir, name), 'x');
      return name;
    };
    const keep = [
      ...[0, 1, 2, 3, 4, 5, 6].map((d) => make(d, 'automatic')),
      make(29.9, 'manual'),
      make(1, 'pre-restore'),
      make(29, 'pre-migration-v6'),
    ];
    const gone = [
      make(7, 'automatic'), // the 8th newest automatic
      make(30, 'manual'),
      make(45, 'pre-restore'),
      make(31, 'pre-migration-v5'),
    ];
    fs.writeFileSync(path.join(dir, 'damaged-kyrios-2020.sqlite'), 'not a backup: never listed nor pruned');
    expect(pruneBackups(t.dataDir, clock())).toEqual([...gone].sort());
    expect(
      listBackups(t.dataDir)
        .map((b) => b.name)
        .sort(),
    ).toEqual([...keep].sort());
    expect(fs.existsSync(path.join(dir, 'damaged-kyrios-2020.sqlite'))).toBe(true);
  });
});
