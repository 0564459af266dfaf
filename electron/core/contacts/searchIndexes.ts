/**
 * The full-text indexes over live contacts (each kept by triggers on `contacts`): words of the name,
 * email, company and phone (002), and every 3-digit run of the phone digits (006). The lifecycle
 * treats them alike: no secure-delete for a soft delete (ftsSecureDelete), and after a purge each is
 * merged to one segment so no purged contact's tokens survive (eraseSearchRemnants).
 */
export const CONTACT_SEARCH_INDEXES = ['contacts_fts', 'contacts_fts_phone'] as const;
