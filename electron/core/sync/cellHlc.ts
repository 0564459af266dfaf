// Where a column's HLC lives on a replica (migration 015): a row message sets every column of its row at
// one HLC and is kept once per row (sync_rows); a later cell of one column is kept per column
// (sync_cells). A column's HLC is the greater of the two (last writer wins, as if the row message were
// one cell per column: docs/sync.md, "Row messages"). Either may be absent (a row made before row
// messages has only sync_cells entries).

/**
 * The SQL of one column's HLC (NULL: never written here), for a row named by the SQL expressions
 * `tbl` and `pk`, and the column name `col` (an SQL expression too).
 */
export function cellHlcSql(tbl: string, pk: string, col: string): string {
  return `nullif(max(
    coalesce((SELECT hlc FROM sync_cells WHERE tbl = ${tbl} AND pk = ${pk} AND col = ${col}), ''),
    coalesce((SELECT hlc FROM sync_rows WHERE tbl = ${tbl} AND pk = ${pk}), '')), '')`;
}

/** A row's creation time: the HLC of its `id` column (written once, by the insert). */
export const createdHlcSql = (tbl: string, pk: string): string => cellHlcSql(tbl, pk, "'id'");
