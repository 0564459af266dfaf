import type { BulkAction } from '../../../shared/domain.ts';
import { formatCount, plural } from '../../lib/format.ts';

const CODES: Record<string, [one: string, many: string]> = {
  INVALID: ['row with problems', 'rows with problems'],
  DUPLICATE: ['duplicate skipped', 'duplicates skipped'],
  CONFLICT: ['row matching two contacts', 'rows matching two contacts'],
};

/** "Not imported 5: 3 rows with problems, 2 duplicates skipped" (an import's reasons are per row: grouped by kind). */
export function importSkippedText(a: Pick<BulkAction, 'skipped' | 'skippedReasons'>): string {
  const byCode = new Map<string, number>();
  for (const r of a.skippedReasons) byCode.set(r.code, (byCode.get(r.code) ?? 0) + r.count);
  const parts = [...byCode].map(([code, n]) => (CODES[code] ? plural(n, CODES[code][0], CODES[code][1]) : `${formatCount(n)} ${code.toLowerCase()}`));
  return `Not imported ${formatCount(a.skipped)}${parts.length ? `: ${parts.join(', ')}` : ''}`;
}
