import type { RelatedCounts, RelatedKind } from '../../../shared/domain.ts';

/**
 * The tables whose rows belong to a contact and share its lifecycle, by kind. Messages come before
 * conversations so a purge removes children before their parents.
 */
export const OWNED_TABLES: readonly { kind: RelatedKind; table: string }[] = [
  { kind: 'message', table: 'messages' },
  { kind: 'conversation', table: 'conversations' },
  { kind: 'note', table: 'notes' },
  { kind: 'opportunity', table: 'opportunities' },
  { kind: 'task', table: 'tasks' },
  { kind: 'appointment', table: 'appointments' },
  { kind: 'manualAction', table: 'manual_actions' },
];

export const zeroCounts = (): RelatedCounts => ({
  conversation: 0,
  message: 0,
  note: 0,
  opportunity: 0,
  task: 0,
  appointment: 0,
  manualAction: 0,
});

export function addCounts(into: RelatedCounts, more: RelatedCounts): RelatedCounts {
  for (const k of Object.keys(into) as RelatedKind[]) into[k] += more[k];
  return into;
}

/** One SELECT that counts, per kind, the rows matching `where` (written against alias `t`). */
export const countsSelect = (where: string) =>
  'SELECT ' +
  OWNED_TABLES.map(({ kind, table }) => `(SELECT count(*) FROM ${table} t WHERE ${where}) AS "${kind}"`).join(', ');
