// Which b-trees a bulk delete or restore writes to the WAL, for a given chunk size: each frame the WAL
// holds, by the table or index its page belongs to, against the distinct pages. What a chunked run
// writes more than one transaction would is the frames past the distinct pages (each commit writes
// again the pages an earlier chunk wrote).
// node tests/bench/walByTree.ts --data-dir DIR [--op delete|restore] [--chunk N]
// DIR holds a database made by `npm run seed`; the run works on a copy in a temp folder, with no
// checkpoint during the measured action, so the WAL holds every frame it wrote (~1.4 GB at 100,000).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { DB_FILE_NAME } from '../../electron/core/core.ts';
import { runChunk } from '../../electron/core/bulk/runChunk.ts';
import { holdBulkCache } from '../../electron/core/db/bulkCache.ts';
import { testCore } from '../helpers/core.ts';

const { values } = parseArgs({
  options: {
    'data-dir': { type: 'string' },
    op: { type: 'string', default: 'restore' },
    chunk: { type: 'string', default: '3400' },
  },
});
if (!values['data-dir']) throw new Error('--data-dir is required');
const chunk = Number(values.chunk);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kyrios-wal-'));
fs.copyFileSync(path.join(values['data-dir'], DB_FILE_NAME), path.join(dir, DB_FILE_NAME));

const t = await testCore({ dataDir: dir });
try {
  const { core } = t;
  const { db } = core;
  const call = (channel: string, input: unknown) => t.call<{ bulkActionId: string }>(channel, input);
  /** Runs an action to its end in chunks of `size` (as the runner would, without its checkpoints). */
  const runAll = (id: string, size: number) => {
    for (let turns = 1; ; turns++) {
      const r = runChunk(core.ctx, id, size);
      if (r.status !== 'running' && r.status !== 'queued') return turns;
    }
  };
  db.pragma('wal_autocheckpoint = 0');
  holdBulkCache(db);
  const half = db.prepare('SELECT id FROM contacts WHERE deleted_at IS NULL AND rowid % 2 = 0 ORDER BY rowid').pluck().all();
  let { bulkActionId } = await call('contacts.delete', { ids: half });
  if (values.op === 'restore') {
    runAll(bulkActionId, chunk);
    db.pragma('wal_checkpoint(TRUNCATE)');
    ({ bulkActionId } = await call('bulkActions.restore', { id: bulkActionId }));
  }
  const turns = runAll(bulkActionId, chunk);

  const wal = fs.readFileSync(path.join(dir, `${DB_FILE_NAME}-wal`));
  const pageSize = wal.readUInt32BE(8);
  const framesOf = new Map<number, number>();
  let frames = 0;
  for (let at = 32; at + 24 + pageSize <= wal.length; at += 24 + pageSize) {
    const page = wal.readUInt32BE(at);
    framesOf.set(page, (framesOf.get(page) ?? 0) + 1);
    frames++;
  }
  const tree = new Map<number, string>();
  for (const r of db.prepare('SELECT name, pageno FROM dbstat').iterate() as Iterable<{ name: string; pageno: number }>)
    tree.set(r.pageno, r.name);
  const byTree = new Map<string, { frames: number; pages: number }>();
  for (const [page, n] of framesOf) {
    const name = tree.get(page) ?? '(freed since)';
    const c = byTree.get(name) ?? { frames: 0, pages: 0 };
    c.frames += n;
    c.pages++;
    byTree.set(name, c);
  }
  console.log(`${values.op} of ${half.length} in chunks of ${chunk}: ${turns} transactions, ${frames} frames, ${framesOf.size} distinct pages`);
  console.log(`${'b-tree'.padEnd(40)} ${'frames'.padStart(8)} ${'pages'.padStart(8)}  frames/page`);
  for (const [name, c] of [...byTree].sort((a, b) => b[1].frames - a[1].frames).slice(0, 30))
    console.log(`${name.padEnd(40)} ${String(c.frames).padStart(8)} ${String(c.pages).padStart(8)}  ${(c.frames / c.pages).toFixed(1)}`);
} finally {
  await t.cleanup();
}
