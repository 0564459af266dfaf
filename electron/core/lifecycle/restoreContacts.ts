import { ChunkedAudit } from '../audit/record.ts';
import { inTx } from '../db/tx.ts';
import type { CoreContext } from '../context.ts';
import { profileName } from '../settings/settings.ts';
import { idSet } from '../contacts/contactSet.ts';
import { candidatesByIds, RestoreBatch, restoreFromDeletion, type RestoreSkip } from './restoreRules.ts';

export interface RestoreResult {
  restored: string[];
  skipped: RestoreSkip[];
}

/** Contacts restored per transaction, so a large restore lets other calls in between. */
export const RESTORE_CHUNK = 200;
const yieldToOthers = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Restores the chosen contacts from the Restore tab, each from the deletion that removed it.
 * Each contact is all-or-nothing; one that cannot come back (purged, unknown, already live, or its
 * email or phone now held by a live contact) is skipped with its reason and the others still restore.
 */
export async function restoreContacts(ctx: CoreContext, ids: readonly string[]): Promise<RestoreResult> {
  const unique = [...new Set(ids)];
  const audit = new ChunkedAudit({
    at: ctx.now(),
    actor: profileName(ctx.db),
    action: 'restore',
    targetType: 'contact',
    targetId: unique.length === 1 ? unique[0]! : null,
  });
  return restoreInChunks(ctx, unique, null, audit, (out) => ({ requested: unique.length, skipped: out.skipped.length }));
}

/**
 * Restores `ids` from deletion `deletionId` (or each from its own deletion, when null) by the restore
 * rules (restoreRules.ts), RESTORE_CHUNK contacts per transaction; each transaction counts what it
 * brought back in the audit row, with `details` of the totals so far.
 */
export async function restoreInChunks(
  ctx: CoreContext,
  ids: readonly string[],
  deletionId: string | null,
  audit: ChunkedAudit,
  details: (soFar: RestoreResult) => Record<string, unknown>,
): Promise<RestoreResult> {
  const { db } = ctx;
  const restored: string[] = [];
  const skipped: RestoreSkip[] = [];
  for (let i = 0; i < ids.length; i += RESTORE_CHUNK) {
    if (i > 0) await yieldToOthers();
    inTx(db, (db) => {
      const before = restored.length;
      const batch = new RestoreBatch();
      const byDeletion = new Map<string, string[]>();
      for (const c of candidatesByIds(db, ids.slice(i, i + RESTORE_CHUNK), deletionId)) {
        const skip = batch.judge(c, deletionId);
        if (skip) {
          skipped.push({ id: c.contactId!, ...skip });
          continue;
        }
        const from = deletionId ?? c.deletionId!;
        const group = byDeletion.get(from);
        if (group) group.push(c.contactId!);
        else byDeletion.set(from, [c.contactId!]);
      }
      for (const [from, group] of byDeletion) {
        const n = restoreFromDeletion(db, idSet(group), from);
        if (n !== group.length) throw new Error(`a restore brought back ${n} contacts, expected ${group.length}`);
        restored.push(...group);
      }
      audit.add(db, restored.length - before, details({ restored, skipped }));
    });
  }
  audit.finish(db, details({ restored, skipped }));
  return { restored, skipped };
}
