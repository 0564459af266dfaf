import type { Database } from 'better-sqlite3';
import { needsReview } from '../../../shared/sync/fold.ts';
import { cachedStatement } from '../db/statements.ts';
import { createdHlcSql } from './cellHlc.ts';

// The needs-review mark (docs/sync.md, uniqueness), kept on this machine: of the live contacts sharing
// an email (compared without case) or a phone (canonical digits), the one created first in HLC order
// holds it, every other one gets review_of = the holder's id. Computed from the same messages the same
// way on every machine (shared/sync/fold.ts needsReview), for the contacts a change touched and every
// contact that shares an email or phone with them, transitively (the mark of one depends on no other).

interface Candidate {
  id: string;
  email: string | null;
  phone_digits: string | null;
  review_of: string | null;
  created: string | null;
}

const SELECT = `SELECT c.id, c.email, c.phone_digits, c.review_of,
  ${createdHlcSql("'contacts'", 'c.id')} AS created
  FROM contacts c`;

/** Marks a contact "being recomputed" so a write that makes it share a value cannot fail the unique index. */
export function holdForReview(db: Database, contactId: string): void {
  cachedStatement(db, "UPDATE contacts SET review_of = '?' WHERE id = ? AND review_of IS NULL").run(contactId);
}

/** Recomputes the mark for `touched` and everything that shares an email or phone with them. Returns how many changed. */
export function recomputeReview(db: Database, touched: Iterable<string>): number {
  const byId = cachedStatement(db, `${SELECT} WHERE c.id = ?`);
  const byEmail = cachedStatement(db, `${SELECT} WHERE c.email = ? COLLATE NOCASE AND c.deleted_at IS NULL`);
  const byPhone = cachedStatement(db, `${SELECT} WHERE c.phone_digits = ? AND c.deleted_at IS NULL`);
  const byHolder = cachedStatement(db, `${SELECT} WHERE c.review_of = ?`);
  const isLive = cachedStatement(db, 'SELECT deleted_at IS NULL AS live FROM contacts WHERE id = ?');
  const seen = new Map<string, Candidate>();
  const queue: Candidate[] = [];
  const add = (c: Candidate | undefined) => {
    if (c && !seen.has(c.id)) {
      seen.set(c.id, c);
      queue.push(c);
    }
  };
  for (const id of touched) {
    add(byId.get(id) as Candidate | undefined);
    for (const c of byHolder.all(id) as Candidate[]) add(c);
  }
  const keys = new Set<string>();
  while (queue.length > 0) {
    const c = queue.pop()!;
    for (const h of byHolder.all(c.id) as Candidate[]) add(h);
    if (c.email !== null && !keys.has(`e${c.email.toLowerCase()}`)) {
      keys.add(`e${c.email.toLowerCase()}`);
      for (const o of byEmail.all(c.email) as Candidate[]) add(o);
    }
    if (c.phone_digits !== null && !keys.has(`p${c.phone_digits}`)) {
      keys.add(`p${c.phone_digits}`);
      for (const o of byPhone.all(c.phone_digits) as Candidate[]) add(o);
    }
  }
  const live = [...seen.values()].filter((c) => (isLive.get(c.id) as { live: number } | undefined)?.live === 1);
  const flagged = needsReview(
    live.map((c) => ({ id: c.id, createdHlc: c.created ?? '', email: c.email, phoneDigits: c.phone_digits })),
  );
  const set = cachedStatement(db, 'UPDATE contacts SET review_of = ? WHERE id = ?');
  let changed = 0;
  // Marks first, then clears: the unique indexes hold after every statement.
  for (const c of seen.values()) {
    const want = flagged.get(c.id) ?? null;
    if (want !== null && want !== c.review_of) changed += set.run(want, c.id).changes;
  }
  for (const c of seen.values()) {
    if (!flagged.has(c.id) && c.review_of !== null) changed += set.run(null, c.id).changes;
  }
  return changed;
}
