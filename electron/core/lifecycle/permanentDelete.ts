import { ChunkedAudit } from '../audit/record.ts';
import { inTx } from '../db/tx.ts';
import type { CoreContext } from '../context.ts';
import { profileName } from '../settings/settings.ts';
import { checkpointAfterPurge, fileErasure, type FileErasure } from './purgeCheckpoint.ts';
import { eraseSearchRemnants, purgeContacts } from './purgeContactRows.ts';
import { PURGE_CHUNK } from './purgeExpired.ts';
import { requestPurge } from '../sync/purgeRequest.ts';
import { inTeam } from '../sync/syncClock.ts';

const yieldToOthers = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Permanent delete from the Restore tab (behind the typed DELETE confirmation): purges the chosen
 * deleted contacts now, with all their rows. Live contacts are refused and left untouched; unknown
 * ids are ignored. Returns how many were purged, and whether their bytes are gone from the files
 * (database and WAL) or when the next checkpoint will try again.
 */
export async function permanentDelete(
  ctx: CoreContext,
  ids: readonly string[],
): Promise<{ purged: number; erasure: FileErasure }> {
  const { db } = ctx;
  // Team mode: the hub purges (on every machine at once); this sends the request (sync/purgeRequest.ts).
  if (inTeam(db)) {
    requestPurge(db, ids);
    return { purged: 0, erasure: fileErasure(db) };
  }
  const unique = [...new Set(ids)];
  const audit = new ChunkedAudit({
    at: ctx.now(),
    actor: profileName(db),
    action: 'permanent_delete',
    targetType: 'contact',
    targetId: unique.length === 1 ? unique[0]! : null,
  });
  let purged = 0;
  for (let i = 0; i < unique.length; i += PURGE_CHUNK) {
    if (i > 0) await yieldToOthers();
    const at = ctx.now();
    inTx(db, (tx) => {
      const n = purgeContacts(tx, unique.slice(i, i + PURGE_CHUNK), at, 'permanent');
      audit.add(tx, n, { requested: unique.length });
      purged += n;
    });
  }
  audit.finish(db, { requested: unique.length });
  let erasure = fileErasure(db);
  if (purged > 0) {
    await eraseSearchRemnants(db);
    erasure = await checkpointAfterPurge(db, ctx.now);
  }
  return { purged, erasure };
}
