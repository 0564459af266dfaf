import type { Database } from 'better-sqlite3';
import fs from 'node:fs';
import { createCore, type Core } from '../../electron/core/core.ts';

import { tempDir } from './tempDirs.ts';

export { tempDir };

/** A clock tests move by hand. */
export function fakeClock(start = Date.UTC(2026, 0, 15, 12, 0, 0)) {
  let t = start;
  const now = () => t;
  return Object.assign(now, {
    set: (v: number) => void (t = v),
    advance: (ms: number) => void (t += ms),
  });
}

/** A core on a real SQLite file in a temp folder; background work off unless asked for. */
export async function testCore(opts: { now?: () => number; background?: boolean; dataDir?: string } = {}) {
  const dataDir = opts.dataDir ?? tempDir();
  const core: Core = await createCore({ dataDir, now: opts.now, background: opts.background ?? false });
  return {
    core,
    dataDir,
    /** Calls a channel and returns its result, failing the test with the error if it answered one. */
    async call<T = unknown>(channel: string, input: unknown): Promise<T> {
      const env = await core.dispatcher.call(channel, input);
      if (!env.ok) throw new Error(`${channel} answered ${env.error.code}: ${env.error.message}`);
      return env.result as T;
    },
    async cleanup() {
      await core.close().catch(() => {});
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Every row of every table (FTS shadow tables excepted), sorted: compare two of these to prove "nothing changed". */
export function dumpDatabase(db: Database, { exclude = [] as string[] } = {}): Record<string, unknown[]> {
  const tables = (
    db
      .prepare(
        "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'contacts_fts%' ORDER BY name",
      )
      .all() as { name: string }[]
  )
    .map((t) => t.name)
    .filter((n) => !exclude.includes(n));
  const dump: Record<string, unknown[]> = {};
  for (const t of tables) {
    const rows = db.prepare(`SELECT * FROM "${t}"`).all() as Record<string, unknown>[];
    dump[t] = rows.map((r) => JSON.stringify(r)).sort();
  }
  return dump;
}
