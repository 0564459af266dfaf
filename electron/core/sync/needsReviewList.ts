import type { Database } from 'better-sqlite3';
import type { NeedsReviewItem } from '../../../shared/contract.ts';

// The "Needs review" list (issue 15): the live contacts sync marked as duplicates (docs/sync.md,
// uniqueness: two members created or restored contacts sharing an email or phone while offline), each
// with the contact that holds the value, both named, so the member can open both and edit or delete one.
// Nothing is merged here; the mark clears itself when the clash is resolved.

const LIMIT = 500;

export function listNeedsReview(db: Database): { items: NeedsReviewItem[]; total: number } {
  const total = db
    .prepare("SELECT count(*) FROM contacts WHERE review_of IS NOT NULL AND review_of <> '?' AND deleted_at IS NULL")
    .pluck()
    .get() as number;
  const rows = db
    .prepare(
      `SELECT d.id, d.first_name, d.last_name, d.email, d.phone, d.company,
              h.id AS h_id, h.first_name AS h_first, h.last_name AS h_last, h.email AS h_email, h.phone AS h_phone, h.company AS h_company,
              h.deleted_at AS h_deleted
         FROM contacts d LEFT JOIN contacts h ON h.id = d.review_of
        WHERE d.review_of IS NOT NULL AND d.review_of <> '?' AND d.deleted_at IS NULL
        ORDER BY lower(coalesce(d.last_name, '')), lower(coalesce(d.first_name, '')), d.id
        LIMIT ?`,
    )
    .all(LIMIT) as Record<string, string | null>[];
  const v = (x: string | null | undefined) => x ?? null;
  const items = rows.map((r) => {
    const shared: ('email' | 'phone')[] = [];
    if (r.email && r.h_email && r.email.toLowerCase() === r.h_email.toLowerCase()) shared.push('email');
    if (r.phone && r.h_phone && !shared.includes('email')) shared.push('phone');
    return {
      contact: {
        id: r.id!,
        firstName: r.first_name ?? '',
        lastName: r.last_name ?? '',
        email: v(r.email),
        phone: v(r.phone),
        company: v(r.company),
      },
      clashesWith: r.h_id
        ? {
            id: r.h_id,
            firstName: r.h_first ?? '',
            lastName: r.h_last ?? '',
            email: v(r.h_email),
            phone: v(r.h_phone),
            company: v(r.h_company),
          }
        : null,
      shared,
    };
  });
  return { items, total };
}
