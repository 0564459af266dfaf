import Database from 'better-sqlite3';

/** `PRAGMA quick_check` of a database file, on this thread: 'ok', or what is wrong (the first three problems), or why it could not be opened. */
export function quickCheckSync(file: string): string {
  let db: Database.Database | null = null;
  try {
    db = new Database(file, { fileMustExist: true });
    const rows = db.pragma('quick_check', { simple: false }) as { quick_check: string }[];
    return rows
      .map((r) => r.quick_check)
      .slice(0, 3)
      .join('; ');
  } catch (err) {
    return (err as Error).message;
  } finally {
    db?.close(); // a read-write open, so closing removes the -wal and -shm it made
  }
}
