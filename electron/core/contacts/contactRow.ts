import type { Contact } from '../../../shared/domain.ts';

/** A `contacts` row as SQLite returns it. */
export interface ContactRow {
  id: string;
  first_name: string;
  last_name: string;
  email: string | null;
  phone: string | null;
  phone_digits: string | null;
  company: string | null;
  tags: string;
  source: string | null;
  created_at: number;
  updated_at: number;
  deleted_at: number | null;
  deletion_id: string | null;
}

/** The columns a Contact is read from, qualified by `alias` when the query joins. */
export const contactColumns = (alias = 'c') =>
  ['id', 'first_name', 'last_name', 'email', 'phone', 'company', 'tags', 'source', 'created_at', 'updated_at']
    .map((col) => `${alias}.${col}`)
    .join(', ');

export function toContact(row: Omit<ContactRow, 'phone_digits' | 'deleted_at' | 'deletion_id'>): Contact {
  return {
    id: row.id,
    firstName: row.first_name,
    lastName: row.last_name,
    email: row.email,
    phone: row.phone,
    company: row.company,
    tags: JSON.parse(row.tags) as string[],
    source: row.source,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** "Ann Lee", or the email or phone when the contact has no name: how a person recognises a contact. */
export function displayName(c: Pick<Contact, 'firstName' | 'lastName' | 'email' | 'phone'>): string {
  return [c.firstName, c.lastName].filter(Boolean).join(' ') || c.email || c.phone || 'a contact without a name';
}
