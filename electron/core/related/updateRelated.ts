import type { Database } from 'better-sqlite3';
import type { ParsedInput } from '../../../shared/contract.ts';
import type { RelatedRecord } from '../../../shared/domain.ts';
import type { Clock } from '../clock.ts';
import { AppError } from '../errors.ts';
import { stripUndefined } from './createRelated.ts';
import { KIND_SPECS, toColumns } from './kinds.ts';
import { getLiveRecord } from './listRelated.ts';
import { cachedStatement } from '../db/statements.ts';

export type RelatedUpdate = ParsedInput<'related.update'>;

/**
 * Changes the given fields of a live record; a field left out stays as it is. `updatedAt` moves only
 * when something actually changed. An appointment must still end after it starts once the change is
 * applied, whichever of the two times was changed.
 */
export function updateRelated(db: Database, now: Clock, input: RelatedUpdate): RelatedRecord {
  const { kind, id, ...patch } = input;
  const spec = KIND_SPECS[kind];
  return db
    .transaction(() => {
      const before = getLiveRecord(db, kind, id) as unknown as Record<string, unknown>;
      const beforeColumns = toColumns(spec, before);
      const changes = Object.entries(toColumns(spec, stripUndefined(patch))).filter(
        ([column, value]) => beforeColumns[column] !== value,
      );
      if (changes.length === 0) return before as unknown as RelatedRecord;

      const after = { ...beforeColumns, ...Object.fromEntries(changes) };
      if (kind === 'appointment' && (after.ends_at as number) < (after.starts_at as number)) {
        throw new AppError('VALIDATION', 'Invalid input: endsAt: an appointment must end after it starts', {
          issues: [{ path: 'endsAt', message: 'an appointment must end after it starts' }],
        });
      }
      cachedStatement(
        db,
        `UPDATE ${spec.table} SET ${changes.map(([c]) => `${c} = @${c}`).join(', ')}, updated_at = @updated_at
        WHERE id = @id`,
      ).run({ ...Object.fromEntries(changes), updated_at: now(), id });
      return getLiveRecord(db, kind, id);
    })
    .immediate();
}
