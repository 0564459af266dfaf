import { recordAudit } from '../audit/record.ts';
import type { CoreContext } from '../context.ts';
import { profileName } from '../settings/settings.ts';
import { checkpointAfterPurge, fileErasure, type FileErasure } from './purgeCheckpoint.ts';
import { eraseSearchRemnants, purgeContacts } from './purgeContactRows.ts';
import { PURGE_CHUNK } from './purgeExpired.ts';

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
  const unique = [...new Set(ids)];
  let purged = 0;
  for (let i = 0; i < unique.length; i += PURGE_CHUNK) {
    if (i > 0) await yieldToOthers();
    const at = ctx.now();
    purged += db.transaction(() => purgeContacts(db, unique.slice(i, i + PURGE_CHUNK), at, 'permanent')).immediate();
  }
  recordAudit(db, {
    at: ctx.now(),
    actor: profileName(db),
    action: 'permanent_delete',
    targetType: 'contact',
    targetId: unique.length === 1 ? unique[0]! : null,
    count: purged,
    details: { requested: unique.length },
  });
  let erasure = fileErasure(db);
  if (purged > 0) {
    await eraseSearchRemnants(db);
    erasure = await checkpointAfterPurge(db, ctx.now);
  }
  return { purged, erasure };
}
