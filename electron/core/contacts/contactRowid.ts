/**
 * The rowid of a new contact, as an SQL expression for `INSERT INTO contacts (rowid, ...)`: above every
 * rowid a contact has ever had, removed ones included (migration 008), so a selection fixed by rowid
 * ("all N matching" up to the highest rowid at the click) never takes a contact created after it.
 */
export const NEXT_CONTACT_ROWID =
  '(SELECT max(n, (SELECT coalesce(max(rowid), 0) FROM contacts)) + 1 FROM contacts_rowid_floor WHERE id = 1)';
