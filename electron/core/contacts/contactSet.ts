/**
 * A set of contacts as an SQL subquery of their ids, with its named parameters: the statements of a
 * lifecycle rule are written once over "the set" and run over a set of one contact, of explicit ids,
 * or of a bulk chunk's pending items (bulk/itemRange.ts), each read through its own index.
 */
export interface ContactSet {
  sql: string;
  params: Record<string, unknown>;
}

/** The contacts named by these ids (an id named twice is one contact). */
export const idSet = (ids: readonly string[]): ContactSet => ({
  sql: 'SELECT value FROM json_each(@ids)',
  params: { ids: JSON.stringify(ids) },
});
