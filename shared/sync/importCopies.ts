/**
 * What an import row skipped as a duplicate says once the contact it copied is purged: it keeps its line
 * only (`{"line":N}`) and this reason. The one-machine purge (electron/core/lifecycle/purgeContactRows.ts) and
 * the hub's (hub/sync/eraseCopies.ts) write the same words, so every machine and the hub end equal.
 */
export const PURGED_DUPLICATE_REASON = 'duplicate of a contact since purged';
