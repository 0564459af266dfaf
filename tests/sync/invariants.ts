// The lifecycle invariants of docs/sync.md ("The oracle"), checked directly on a replica's database.
import { expect } from 'vitest';
import { RELATED_TABLES } from '../../shared/sync/dump.ts';
import type { Replica } from './replicas.ts';

export function expectInvariants(r: Replica): void {
  const db = r.core.db;
  const one = (sql: string, ...p: unknown[]) => db.prepare(sql).pluck().get(...p) as number;
  for (const t of RELATED_TABLES) {
    // no live related row under a deleted contact
    expect(
      one(`SELECT count(*) FROM ${t} x JOIN contacts c ON c.id = x.contact_id WHERE x.deleted_at IS NULL AND c.deleted_at IS NOT NULL`),
      `${r.name}: live ${t} under a deleted contact`,
    ).toBe(0);
    // every row with a deletion_id has its deletions row
    expect(
      one(`SELECT count(*) FROM ${t} x WHERE x.deletion_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM deletions d WHERE d.id = x.deletion_id)`),
      `${r.name}: ${t} naming a missing deletion`,
    ).toBe(0);
    // nothing of a purged contact
    expect(one(`SELECT count(*) FROM ${t} WHERE contact_id IN (SELECT contact_id FROM purged_contacts)`), `${r.name}: ${t} of a purged contact`).toBe(0);
  }
  expect(
    one('SELECT count(*) FROM contacts c WHERE c.deletion_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM deletions d WHERE d.id = c.deletion_id)'),
    `${r.name}: a contact naming a missing deletion`,
  ).toBe(0);
  expect(one('SELECT count(*) FROM contacts WHERE id IN (SELECT contact_id FROM purged_contacts)'), `${r.name}: a purged contact`).toBe(0);
  for (const t of ['sync_outbox', 'sync_cells', 'sync_life', 'sync_pending'])
    expect(one(`SELECT count(*) FROM ${t} WHERE contact_id IN (SELECT contact_id FROM purged_contacts)`), `${r.name}: ${t} names a purged contact`).toBe(0);
  // no two live unmarked contacts hold one email or phone; a marked one names a live holder
  expect(
    one(`SELECT count(*) FROM (SELECT lower(email) FROM contacts WHERE deleted_at IS NULL AND review_of IS NULL AND email IS NOT NULL GROUP BY lower(email) HAVING count(*) > 1)`),
    `${r.name}: an email held twice`,
  ).toBe(0);
  expect(
    one(`SELECT count(*) FROM (SELECT phone_digits FROM contacts WHERE deleted_at IS NULL AND review_of IS NULL AND phone_digits IS NOT NULL GROUP BY phone_digits HAVING count(*) > 1)`),
    `${r.name}: a phone held twice`,
  ).toBe(0);
  expect(
    one(`SELECT count(*) FROM contacts c WHERE c.review_of IS NOT NULL AND (c.deleted_at IS NOT NULL OR NOT EXISTS (SELECT 1 FROM contacts h WHERE h.id = c.review_of AND h.deleted_at IS NULL AND h.review_of IS NULL))`),
    `${r.name}: a needs-review mark without a live holder`,
  ).toBe(0);
  // nothing left to send, nothing half-inserted
  expect(one('SELECT count(*) FROM sync_outbox'), `${r.name}: unsent changes`).toBe(0);
  expect(one('SELECT count(*) FROM sync_pending'), `${r.name}: rows never inserted`).toBe(0);
}
