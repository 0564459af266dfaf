import type { Database } from 'better-sqlite3';
import type { RelatedCounts } from '../../../shared/domain.ts';
import { SNAPSHOT_SLICE } from '../bulk/snapshot.ts';
import { OWNED_TABLES, zeroCounts } from './ownedTables.ts';
import { matchingSlice, type Selection } from './selection.ts';

const yieldToOthers = () => new Promise<void>((resolve) => setImmediate(resolve));

/** The live contacts of one slice of explicit ids (unknown or deleted ones left out). */
const LIVE_IDS = `SELECT c.id FROM contacts c WHERE c.id IN (SELECT value FROM json_each(?)) AND c.deleted_at IS NULL`;

/**
 * The selection's live contacts, a slice at a time (explicit ids named twice count once; "all N
 * matching" a filter by rowid, as the bulk delete snapshots it, up to the highest rowid when asked).
 */
async function* liveSlices(db: Database, selection: Selection): AsyncGenerator<string[]> {
  if ('ids' in selection) {
    const ids = [...new Set(selection.ids)];
    for (let i = 0; i < ids.length; i += SNAPSHOT_SLICE) {
      yield db
        .prepare(LIVE_IDS)
        .pluck()
        .all(JSON.stringify(ids.slice(i, i + SNAPSHOT_SLICE))) as string[];
    }
    return;
  }
  const until = db.prepare('SELECT coalesce(max(rowid), 0) FROM contacts').pluck().get() as number;
  for (let after = 0; ;) {
    const slice = matchingSlice(db, selection.filter, after, until, SNAPSHOT_SLICE);
    yield slice.map((c) => c.id);
    if (slice.length < SNAPSHOT_SLICE) return;
    after = slice.at(-1)!.rowid;
  }
}

/**
 * What deleting this selection would remove: the live contacts and their live related rows per kind,
 * as the DELETE modal shows them. Counted a slice of 2,000 contacts at a time, one set-based count
 * per kind, with a turn of the event loop between slices: "all 100,000 matching" took 1 s in one go
 * (0.4 s for 50,000 ids), and every other call waited that long. A change made meanwhile may or may
 * not be counted; the delete itself snapshots the selection again.
 */
export async function deletePreview(
  db: Database,
  selection: Selection,
): Promise<{ contacts: number; related: RelatedCounts }> {
  const related = zeroCounts();
  let contacts = 0;
  let first = true;
  for await (const ids of liveSlices(db, selection)) {
    if (!first) await yieldToOthers();
    first = false;
    if (ids.length === 0) continue;
    contacts += ids.length;
    const json = JSON.stringify(ids);
    for (const { kind, table } of OWNED_TABLES) {
      related[kind] += db
        .prepare(
          `SELECT count(*) FROM ${table} WHERE deleted_at IS NULL AND contact_id IN (SELECT value FROM json_each(?))`,
        )
        .pluck()
        .get(json) as number;
    }
  }
  return { contacts, related };
}
