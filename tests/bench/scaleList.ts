// The Contacts list and search at scale (1,000,000 contacts by default), in a process of its own so
// its peak memory is that of an app holding that database, not of the benchmark that seeded it.
// node tests/bench/scaleList.ts --data-dir DIR [--contacts N]   (seeds DIR first when it is empty)
// Prints one JSON line: { contacts, seedMs, queries, peakRssMb }.
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createCore, DB_FILE_NAME } from '../../electron/core/core.ts';
import { openDatabase } from '../../electron/core/db/open.ts';
import { seedDatabase } from '../../electron/core/seed/seedDatabase.ts';
import { measureListAndSearch } from './queries.ts';
import { peakRssMb } from './stats.ts';

const { values } = parseArgs({
  options: {
    'data-dir': { type: 'string' },
    contacts: { type: 'string', default: '1000000' },
    related: { type: 'string', default: '1' },
  },
});
const dataDir = values['data-dir'];
if (!dataDir) throw new Error('--data-dir is required');
const file = path.join(dataDir, DB_FILE_NAME);

let seedMs: number | null = null;
if (!fs.existsSync(file)) {
  const { db } = await openDatabase({ file });
  const r = seedDatabase(db, {
    contacts: Number(values.contacts),
    relatedPerContact: Number(values.related),
    seed: 1,
    now: Date.now(),
    batchSize: 20_000,
    fts: 'bulk',
    onProgress: (done, total) =>
      process.stderr.write(`\r  seeding ${done.toLocaleString('en')} / ${total.toLocaleString('en')}`),
  });
  process.stderr.write('\n');
  seedMs = Math.round(r.ms);
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
}
// Memory of the app from here: the seeding above was a different phase (and its pools are garbage).
const core = await createCore({ dataDir, background: false });
const live = core.db.prepare('SELECT count(*) FROM contacts WHERE deleted_at IS NULL').pluck().get() as number;
const queries = await measureListAndSearch(core.db, core.dispatcher, 60);
await core.close();
console.log(JSON.stringify({ contacts: live, seedMs, queries, peakRssMb: peakRssMb() }));
