import Database from 'better-sqlite3';
import os from 'node:os';

/** What the figures were measured on. */
export function machine() {
  const db = new Database(':memory:');
  const sqlite = db.prepare('SELECT sqlite_version()').pluck().get() as string;
  db.close();
  return {
    cpu: os.cpus()[0]?.model ?? 'unknown',
    cores: os.availableParallelism(),
    memoryGb: Math.round(os.totalmem() / 2 ** 30),
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    sqlite,
    loadAverage1m: Math.round(os.loadavg()[0]! * 100) / 100,
  };
}
