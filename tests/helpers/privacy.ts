import type { Database } from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { DB_FILE_NAME } from '../../electron/core/core.ts';

/** Every row of every table, FTS shadow tables included, as text (blobs as latin1): what a dump of the database shows. */
export function dumpAllText(db: Database): string {
  const tables = db
    .prepare(
      "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND sql NOT LIKE 'CREATE VIRTUAL%'",
    )
    .pluck()
    .all() as string[];
  const parts: string[] = [];
  for (const t of tables) {
    for (const row of db.prepare(`SELECT * FROM "${t}"`).raw().all() as unknown[][]) {
      parts.push(
        `${t}: ` +
          row.map((v) => (Buffer.isBuffer(v) ? v.toString('latin1') : v === null ? 'NULL' : String(v))).join(' | '),
      );
    }
  }
  return parts.join('\n');
}

/** The bytes of the database file and its WAL (and a rollback journal, if any). */
export function fileBytes(dataDir: string): Buffer {
  const main = path.join(dataDir, DB_FILE_NAME);
  const parts = [fs.readFileSync(main)];
  for (const extra of ['-wal', '-journal']) if (fs.existsSync(main + extra)) parts.push(fs.readFileSync(main + extra));
  return Buffer.concat(parts);
}

/** Which of `secrets` occur in `where` (as given, or lower-cased). */
export function leaked(where: string | Buffer, secrets: readonly string[]): string[] {
  const bytes = typeof where === 'string' ? Buffer.from(where, 'utf8') : where;
  return secrets.filter((s) => bytes.includes(Buffer.from(s)) || bytes.includes(Buffer.from(s.toLowerCase())));
}
