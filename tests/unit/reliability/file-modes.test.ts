// Issue 12 item 15: the data folder and everything Kyrios writes in it are private to their owner:
// folders 0700, files 0600, on every OS with POSIX modes; a folder an older Kyrios left 0755/0644 is
// tightened when the database is opened.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { BackupInfo, Contact } from '../../../shared/domain.ts';
import { backupsDir } from '../../../electron/core/backups/backupNames.ts';
import { DB_FILE_NAME } from '../../../electron/core/core.ts';
import { LEDGER_FILE_NAME } from '../../../electron/core/purgeLedger/ledger.ts';
import { fakeClock, tempDir, testCore } from '../../helpers/core.ts';

type T = Awaited<ReturnType<typeof testCore>>;
let t: T;
afterEach(async () => t?.cleanup());

const mode = (p: string) => fs.statSync(p).mode & 0o777;
/** Every file and folder under `dir` (the folder itself included) with its mode, in octal. */
function modes(dir: string): Record<string, string> {
  const out: Record<string, string> = { '.': mode(dir).toString(8) };
  const walk = (d: string) => {
    for (const n of fs.readdirSync(d)) {
      const p = path.join(d, n);
      out[path.relative(dir, p)] = mode(p).toString(8);
      if (fs.statSync(p).isDirectory()) walk(p);
    }
  };
  walk(dir);
  return out;
}

describe.skipIf(process.platform === 'win32')('file modes (issue 12, item 15)', () => {
  it('a new data folder, its database with -wal and -shm, backups, a restore and the purge ledger: 0700 folders, 0600 files', async () => {
    const previous = process.umask(0o022); // the usual umask, which made them 0755/0644
    try {
      const dataDir = path.join(tempDir(), 'new-folder');
      t = await testCore({ dataDir, now: fakeClock() });
      const c = await t.call<Contact>('contacts.create', { firstName: 'Mode' });
      const backup = await t.call<BackupInfo>('backups.create', {});
      await t.call('contacts.deleteOne', { id: c.id });
      await t.call('restore.purge', { ids: [c.id], confirm: 'DELETE' });
      await t.call('backups.restore', { name: backup.name, confirm: 'RESTORE' });
      await t.call('contacts.create', { firstName: 'After' }); // the reopened database writes its WAL
      const all = modes(dataDir);
      expect(Object.keys(all)).toEqual(
        expect.arrayContaining([
          '.',
          DB_FILE_NAME,
          `${DB_FILE_NAME}-wal`,
          `${DB_FILE_NAME}-shm`,
          'backups',
          LEDGER_FILE_NAME,
        ]),
      );
      expect(Object.keys(all).filter((k) => k.startsWith('backups' + path.sep))).toHaveLength(2); // manual + pre-restore
      for (const [p, m] of Object.entries(all)) {
        const isDir = fs.statSync(path.join(dataDir, p)).isDirectory();
        expect(m, p).toBe(isDir ? '700' : '600');
      }
    } finally {
      process.umask(previous);
    }
  });

  it('tightens a data folder an older Kyrios left readable by others when the database is opened', async () => {
    const first = await testCore({ now: fakeClock() });
    t = first;
    await t.call('backups.create', {});
    const dataDir = t.dataDir;
    await t.core.close();
    const db = path.join(dataDir, DB_FILE_NAME);
    fs.chmodSync(dataDir, 0o755);
    fs.chmodSync(db, 0o644);
    fs.chmodSync(backupsDir(dataDir), 0o755);
    for (const n of fs.readdirSync(backupsDir(dataDir))) fs.chmodSync(path.join(backupsDir(dataDir), n), 0o644);
    t = await testCore({ dataDir, now: fakeClock() });
    expect(mode(dataDir)).toBe(0o700);
    expect(mode(db)).toBe(0o600);
    expect(mode(db + '-wal')).toBe(0o600);
    expect(mode(backupsDir(dataDir))).toBe(0o700);
    for (const n of fs.readdirSync(backupsDir(dataDir))) expect(mode(path.join(backupsDir(dataDir), n)), n).toBe(0o600);
  });
});
