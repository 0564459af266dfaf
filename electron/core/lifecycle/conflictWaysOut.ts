import type { RelatedCounts } from '../../../shared/domain.ts';
import { recordAudit } from '../audit/record.ts';
import { idSet } from '../contacts/contactSet.ts';
import { findContactRow } from '../contacts/getContact.ts';
import { canonicalPhone } from '../contacts/normalize.ts';
import type { CoreContext } from '../context.ts';
import { inTx, type Tx } from '../db/tx.ts';
import { AppError } from '../errors.ts';
import { newId } from '../ids.ts';
import { phoneRegion, profileName } from '../settings/settings.ts';
import { sendMovedLifecycle, recordMovedFrom } from '../sync/movedRows.ts';
import { inTeam } from '../sync/syncClock.ts';
import { OWNED_TABLES, zeroCounts } from './ownedTables.ts';
import { restoreConflict } from './restoreConflict.ts';
import { restoreFromDeletion } from './restoreRules.ts';

// The ways out of a restore conflict (issue 16 item 4), each explicit, recorded in the audit log and
// undoable. The audit row holds ids and times only (never the email or phone: the log outlives every
// purge); what a restore without its email removed is kept in a note on the contact itself, which a
// purge of the contact erases with it, and which its Undo reads back.

type Rows = Record<string, string[]>;

/** The ids of the rows deletion D took from contact C, per owned table: what a way out moves, and its Undo moves back. */
function rowsOf(db: Tx, contactId: string, deletionId: string): Rows {
  const out: Rows = {};
  for (const { table } of OWNED_TABLES)
    out[table] = db.prepare(`SELECT id FROM ${table} WHERE contact_id = ? AND deletion_id = ?`).pluck().all(contactId, deletionId) as string[];
  return out;
}

const countOf = (rows: Rows): RelatedCounts => {
  const c = zeroCounts();
  for (const { kind, table } of OWNED_TABLES) c[kind] = rows[table]?.length ?? 0;
  return c;
};

interface WayOutDetails {
  way: 'without_field' | 'merge';
  deletionId: string;
  deletedAt: number;
  /** The contact's updated_at before a restore without its email, put back by its Undo. */
  updatedAt?: number;
  rows: Rows;
  fields?: ('email' | 'phone')[];
  noteId?: string;
  into?: string;
  undoneAt?: number;
}

/**
 * Restores a deleted contact whose email or phone a live contact holds now, without those fields:
 * exactly what its deletion removed comes back (restoreRules.ts), the clashing fields are emptied, and
 * a note on the contact keeps the removed values and says where they went. Judged again inside the
 * transaction. Undo (undoWayOut) puts it back in the Restore tab as it was.
 */
export function restoreWithoutField(ctx: CoreContext, id: string) {
  return inTx(ctx.db, (db) => {
    const at = ctx.now();
    const conflict = restoreConflict(db, id, at);
    const row = findContactRow(db, id)!;
    const rows = rowsOf(db, id, row.deletion_id!);
    const fields = conflict.withoutField.fields;
    db.prepare(
      `UPDATE contacts SET email = CASE WHEN @email THEN NULL ELSE email END,
         phone = CASE WHEN @phone THEN NULL ELSE phone END, phone_digits = CASE WHEN @phone THEN NULL ELSE phone_digits END,
         updated_at = @at WHERE id = @id`,
    ).run({ id, at, email: fields.includes('email') ? 1 : 0, phone: fields.includes('phone') ? 1 : 0 });
    if (restoreFromDeletion(db, idSet([id]), row.deletion_id!) !== 1) throw new Error(`restore of ${id} brought nothing back`);
    const noteId = newId();
    db.prepare('INSERT INTO notes (id, contact_id, body, created_at, updated_at) VALUES (?, ?, ?, ?, ?)').run(
      noteId,
      id,
      conflict.withoutField.note,
      at,
      at,
    );
    const details: WayOutDetails = {
      way: 'without_field',
      deletionId: row.deletion_id!,
      deletedAt: row.deleted_at!,
      updatedAt: row.updated_at,
      rows,
      fields,
      noteId,
    };
    const undoId = recordAudit(db, { at, actor: profileName(db), action: 'restore', targetType: 'contact', targetId: id, count: 1, details: { ...details } });
    return { contactId: id, removed: fields, noteId, undoId };
  });
}

/**
 * Moves the related records a deletion took from a deleted contact into the live contact that holds
 * its email or phone now, live there. The deleted contact stays deleted (and in the Restore tab).
 * Only into a contact named by the conflict. Undo (undoWayOut) moves them back under the deletion.
 */
export function mergeIntoLive(ctx: CoreContext, id: string, into: string) {
  return inTx(ctx.db, (db) => {
    const at = ctx.now();
    const conflict = restoreConflict(db, id, at);
    if (!conflict.merge.some((m) => m.into.id === into))
      throw new AppError('VALIDATION', 'Its records can be merged only into the contact that holds its email or phone now.');
    const row = findContactRow(db, id)!;
    const rows = rowsOf(db, id, row.deletion_id!);
    const moved = countOf(rows);
    if (Object.values(moved).every((n) => n === 0))
      throw new AppError('VALIDATION', 'This contact has no records to merge: its deletion took none.');
    for (const { table } of OWNED_TABLES) {
      recordMovedFrom(db, table, rows[table] ?? [], id, into);
      db.prepare(`UPDATE ${table} SET contact_id = ?, deleted_at = NULL, deletion_id = NULL WHERE contact_id = ? AND deletion_id = ?`).run(
        into,
        id,
        row.deletion_id,
      );
      sendMovedLifecycle(db, table, rows[table] ?? []);
    }
    const details: WayOutDetails = { way: 'merge', deletionId: row.deletion_id!, deletedAt: row.deleted_at!, rows, into };
    const total = Object.values(moved).reduce((a, b) => a + b, 0);
    const undoId = recordAudit(db, { at, actor: profileName(db), action: 'merge', targetType: 'contact', targetId: id, count: total, details: { ...details } });
    return { into, moved, undoId };
  });
}

/**
 * The Undo takes back the note a restore without its email added. Alone, the note is removed, so the
 * database is exactly as before. In a team, a row never leaves a synced table except by a purge (a plain
 * DELETE sends nothing and every other machine would keep the note): the note is deleted as a record on
 * its own (its own deletion, kind 'record', which travels), before the contact goes back under its
 * deletion, so restoring that deletion later never brings the note back, and the hub's retention purges
 * it like any record deleted on its own (docs/sync.md, "Decisions": "Nothing leaves a synced table unsent").
 */
function removeWayOutNote(db: Tx, noteId: string, at: number): void {
  if (!inTeam(db)) {
    db.prepare('DELETE FROM notes WHERE id = ?').run(noteId);
    return;
  }
  const deletionId = newId();
  db.prepare(`INSERT INTO deletions (id, kind, bulk_action_id, deleted_by, deleted_at) VALUES (?, 'record', NULL, ?, ?)`).run(
    deletionId,
    profileName(db),
    at,
  );
  db.prepare('UPDATE notes SET deleted_at = ?, deletion_id = ? WHERE id = ?').run(at, deletionId, noteId);
}

const refuse = (why: string) => new AppError('CONFLICT', `This cannot be undone: ${why}`);

/** The live rows of `contactId` in each table that are not among `rows` (made since the way out). */
function addedSince(db: Tx, contactId: string, rows: Rows, except: string[] = []): number {
  let n = 0;
  for (const { table } of OWNED_TABLES) {
    const keep = JSON.stringify([...(rows[table] ?? []), ...except]);
    n += db
      .prepare(`SELECT count(*) FROM ${table} WHERE contact_id = ? AND deleted_at IS NULL AND id NOT IN (SELECT value FROM json_each(?))`)
      .pluck()
      .get(contactId, keep) as number;
  }
  return n;
}

/**
 * Undoes a way out, exactly: a restore without its email goes back to the Restore tab as it was
 * (deleted by the same deletion, at the same time, with its email or phone from the note, the note
 * gone, the same rows deleted); a merge moves the same records back to the deleted contact under its
 * deletion. Refused, saying why, when something changed since that would make it inexact.
 */
export function undoWayOut(ctx: CoreContext, undoId: string): { undone: 'without_field' | 'merge' } {
  return inTx(ctx.db, (db) => {
    const at = ctx.now();
    const audit = db.prepare('SELECT target_id AS contactId, details FROM audit_log WHERE id = ?').get(undoId) as
      | { contactId: string; details: string }
      | undefined;
    const d = audit ? (JSON.parse(audit.details) as Partial<WayOutDetails>) : null;
    if (!audit || !d?.way || !d.deletionId || d.deletedAt === undefined || !d.rows)
      throw new AppError('NOT_FOUND', 'There is no restore or merge with this id to undo. Refresh and try again.');
    if (d.undoneAt !== undefined) throw refuse('it was undone already.');
    const contact = findContactRow(db, audit.contactId);
    if (!contact) throw refuse('the contact was purged for good since.');
    const byTable = d.rows;

    if (d.way === 'without_field') {
      if (contact.deleted_at !== null) throw refuse('the contact was deleted again since.');
      const note = db.prepare('SELECT body FROM notes WHERE id = ? AND contact_id = ? AND deleted_at IS NULL').pluck().get(d.noteId, contact.id) as
        | string
        | undefined;
      if (note === undefined) throw refuse('the note that kept its removed email or phone was deleted since.');
      const value = (label: string) => note.match(new RegExp(`^${label}: (\\S.*)$`, 'm'))?.[1]?.trim() ?? null;
      const email = d.fields?.includes('email') ? value('Email') : contact.email;
      const phone = d.fields?.includes('phone') ? value('Phone') : contact.phone;
      if ((d.fields?.includes('email') && !email) || (d.fields?.includes('phone') && !phone))
        throw refuse('the note that kept its removed email or phone was changed since.');
      if (d.fields?.some((f) => (f === 'email' ? contact.email : contact.phone) !== null))
        throw refuse(`it was given a new ${d.fields.includes('email') ? 'email' : 'phone number'} since.`);
      if (addedSince(db, contact.id, byTable, [d.noteId!]) > 0) throw refuse('records were added to it since; delete it instead.');
      removeWayOutNote(db, d.noteId!, at);
      db.prepare(
        'UPDATE contacts SET email = ?, phone = ?, phone_digits = ?, deleted_at = ?, deletion_id = ?, updated_at = ? WHERE id = ?',
      ).run(
        email,
        phone,
        phone === contact.phone ? contact.phone_digits : canonicalPhone(phone, phoneRegion(db)),
        d.deletedAt,
        d.deletionId,
        d.updatedAt ?? at,
        contact.id,
      );
      for (const { table } of OWNED_TABLES)
        db.prepare(
          `UPDATE ${table} SET deleted_at = ?, deletion_id = ? WHERE contact_id = ? AND deleted_at IS NULL AND id IN (SELECT value FROM json_each(?))`,
        ).run(d.deletedAt, d.deletionId, contact.id, JSON.stringify(byTable[table] ?? []));
    } else {
      if (contact.deletion_id !== d.deletionId) throw refuse('the contact was restored since.');
      for (const { table } of OWNED_TABLES) {
        const ids = JSON.stringify(byTable[table] ?? []);
        const live = db
          .prepare(`SELECT count(*) FROM ${table} WHERE contact_id = ? AND deleted_at IS NULL AND id IN (SELECT value FROM json_each(?))`)
          .pluck()
          .get(d.into, ids) as number;
        if (live !== (byTable[table] ?? []).length) throw refuse('some of the merged records were deleted or moved since.');
        recordMovedFrom(db, table, byTable[table] ?? [], d.into!, contact.id);
        db.prepare(`UPDATE ${table} SET contact_id = ?, deleted_at = ?, deletion_id = ? WHERE contact_id = ? AND id IN (SELECT value FROM json_each(?))`).run(
          contact.id,
          d.deletedAt,
          d.deletionId,
          d.into,
          ids,
        );
        sendMovedLifecycle(db, table, byTable[table] ?? []);
      }
    }
    db.prepare("UPDATE audit_log SET details = json_set(details, '$.undoneAt', ?) WHERE id = ?").run(at, undoId);
    recordAudit(db, { at, actor: profileName(db), action: 'undo', targetType: 'contact', targetId: contact.id, count: 1, details: { undid: undoId, way: d.way } });
    return { undone: d.way };
  });
}
