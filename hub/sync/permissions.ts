import { RELATED_TABLES, isCellColumn } from '../../shared/sync/dump.ts';
import { parseHlc } from '../../shared/sync/hlc.ts';
import type { Role, SyncMessage, SyncTable } from '../../shared/sync/protocol.ts';
import { HubFailure } from '../server/failure.ts';

/** What the hub knows about a row a message touches: who first made it, and its contact. */
export type KnownRow = { createdBy: string | null; contactId: string | null };

export type PermissionContext = {
  role: Role;
  memberId: string;
  /** Rows of the batch's tables with a maker (TABLES_WITH_A_MAKER) already on the hub, by `${table}\u0000${pk}`. */
  rows: Map<string, KnownRow>;
  /** The bulk action a deletion belongs to (deletions.bulk_action_id), by deletion id, as the hub knows it. */
  bulkActionOfDeletion: Map<string, string>;
  /** The pusher's own devices: the only node ids its messages' HLC times may carry. */
  ownDevices: ReadonlySet<string>;
  /** Whether a message would be stored (not a duplicate, not of a purged contact); others are not judged. */
  isNew?: (message: SyncMessage) => boolean;
};

/** Tables whose rows record one member's action; members write only their own. */
const RECORDS_OF_THEIR_MAKER = new Set<string>(['deletions', 'bulk_actions', 'bulk_action_items']);
/** The tables whose rows' maker the checks ask for: the only rows the hub looks up before it judges a batch. */
export const TABLES_WITH_A_MAKER: ReadonlySet<string> = new Set([...RECORDS_OF_THEIR_MAKER, 'audit_log']);

export const rowKey = (table: string, pk: string): string => `${table}\u0000${pk}`;

/**
 * Checks every message of a batch against the pusher's role before any of it is stored (docs/sync.md,
 * Permissions; the role table is in the README). The first refused message refuses the whole batch, named.
 *
 * - viewer: reads only, no message at all;
 * - member: creates, edits, deletes and restores contacts and their records; not `purgeRequest` (Delete
 *   permanently), not a restore of a bulk action another member made, not another member's audit rows,
 *   deletion records or bulk action records (they say who did what);
 * - owner, admin: everything a member may, and those;
 * - nobody pushes `purge`: the hub alone makes purges (retention on its clock, or an admin's request).
 */
export function checkBatch(messages: readonly SyncMessage[], ctx: PermissionContext): void {
  // Rows made earlier in this same batch are this member's.
  const madeHere = new Set<string>();
  const bulkOfDeletion = new Map(ctx.bulkActionOfDeletion);
  messages.forEach((message, index) => {
    if (ctx.isNew && !ctx.isNew(message)) return;
    const refuse = (code: 'FORBIDDEN' | 'VALIDATION', why: string): never => {
      throw new HubFailure(
        code,
        `Message ${index + 1} of the batch (${describe(message)}) was refused: ${why} Nothing of this batch was stored.`,
      );
    };
    checkShape(message, refuse);
    // A device stamps its changes with its own id (the HLC's node): one carrying another device's id could
    // take that device's time and have its real message dropped as a duplicate.
    if (!ctx.ownDevices.has(hlcNode(message.hlc))) {
      refuse('FORBIDDEN', 'its time is stamped by a device that is not yours; a device pushes only its own changes.');
    }
    if (ctx.role === 'viewer') refuse('FORBIDDEN', 'viewers can read the team’s data but not change it.');
    if (message.kind === 'purge' || message.kind === 'purgeDeletion')
      return refuse(
        'FORBIDDEN',
        'only the hub makes purges (after the retention period, or on an owner’s or admin’s request).',
      );
    const manager = ctx.role === 'owner' || ctx.role === 'admin';
    if (message.kind === 'purgeRequest') {
      if (!manager) refuse('FORBIDDEN', 'only owners and admins can delete a contact permanently.');
      return;
    }
    // who made the row matters only for records that name their maker (any member writes contacts and theirs)
    let creator = ctx.memberId;
    if (TABLES_WITH_A_MAKER.has(message.table)) {
      const key = rowKey(message.table, message.pk);
      const known = ctx.rows.get(key);
      if (!madeHere.has(key)) creator = known?.createdBy ?? ctx.memberId;
      if (!known) madeHere.add(key);
    }
    const bulkActionId = written(message, 'deletions', 'bulk_action_id');
    if (typeof bulkActionId === 'string') bulkOfDeletion.set(message.pk, bulkActionId);
    if (manager) return;

    if (message.table === 'audit_log' && creator !== ctx.memberId) {
      refuse('FORBIDDEN', 'an audit entry can only be written by the member whose action it records.');
    }
    // A deletion's or a bulk action's record names who made it ("Deleted by Ana"): only its maker writes it
    // (a member may still ask another's running bulk action to stop).
    if (
      RECORDS_OF_THEIR_MAKER.has(message.table) &&
      creator !== ctx.memberId &&
      !(message.table === 'bulk_actions' && writesOnly(message, 'cancel_requested'))
    ) {
      refuse(
        'FORBIDDEN',
        `a ${message.table === 'deletions' ? 'deletion' : 'bulk action'} record can only be written by the member who made it, or by owners and admins.`,
      );
    }
    if (message.kind === 'restore') {
      const bulkId = bulkOfDeletion.get(message.deletionId);
      if (bulkId !== undefined && creatorOf('bulk_actions', bulkId) !== ctx.memberId) {
        refuse('FORBIDDEN', 'only owners and admins can restore a bulk action another member made.');
      }
    }
    const sourceActionId = written(message, 'bulk_actions', 'source_action_id');
    if (typeof sourceActionId === 'string') {
      if (creatorOf('bulk_actions', sourceActionId) !== ctx.memberId) {
        refuse('FORBIDDEN', 'only owners and admins can restore a bulk action another member made.');
      }
    }
  });

  function creatorOf(table: string, pk: string): string {
    const key = rowKey(table, pk);
    if (madeHere.has(key)) return ctx.memberId;
    return ctx.rows.get(key)?.createdBy ?? ctx.memberId;
  }
}

/**
 * The value a `cell` or `row` message writes to `table.column`, or undefined when it writes none: a row
 * message is judged exactly as the cells it stands for (docs/sync.md, "Volume").
 */
export function written(message: SyncMessage, table: string, column: string): unknown {
  if (message.kind === 'cell') {
    return message.table === table && message.column === column ? message.value : undefined;
  }
  if (message.kind === 'row') {
    return message.table === table && Object.hasOwn(message.values, column) ? message.values[column] : undefined;
  }
  return undefined;
}

/** Whether a cell or row message writes `column` and nothing else. */
function writesOnly(message: SyncMessage, column: string): boolean {
  if (message.kind === 'cell') return message.column === column;
  if (message.kind === 'row') {
    const columns = Object.keys(message.values);
    return columns.length === 1 && columns[0] === column;
  }
  return false;
}

/** What no honest replica sends, whatever its role. */
function checkShape(message: SyncMessage, refuse: (code: 'VALIDATION', why: string) => never): void {
  const columns =
    message.kind === 'cell' ? [message.column] : message.kind === 'row' ? Object.keys(message.values) : [];
  if (message.kind === 'row' && columns.length === 0) {
    refuse('VALIDATION', 'a row message must hold at least one column.');
  }
  for (const column of columns) {
    if (message.kind !== 'cell' && message.kind !== 'row') break;
    if (!travelsAsCell(message.table, column)) {
      refuse(
        'VALIDATION',
        `${message.table}.${column} never travels as a cell (a row's lifecycle travels as delete and restore messages; derived and bookkeeping columns are computed on each machine).`,
      );
    }
  }
  if (
    message.kind !== 'purge' &&
    message.kind !== 'purgeRequest' &&
    message.kind !== 'purgeDeletion' &&
    message.table === 'contacts' &&
    message.contactId !== message.pk
  ) {
    refuse('VALIDATION', 'a contact’s messages must name the contact itself as contactId.');
  }
  // The hub files a related row under the contact its contact_id names (purges and the lifecycle fold follow
  // it): a message writing that column names the same contact.
  if (
    (message.kind === 'cell' || message.kind === 'row') &&
    (RELATED_TABLES as readonly string[]).includes(message.table)
  ) {
    const contact = written(message, message.table, 'contact_id');
    if (contact !== undefined && contact !== message.contactId) {
      refuse('VALIDATION', 'a related row’s contact_id and the contactId its message names must be the same contact.');
    }
  }
}

function describe(message: SyncMessage): string {
  if (message.kind === 'purge' || message.kind === 'purgeRequest' || message.kind === 'purgeDeletion')
    return `${message.kind} of contact ${message.contactId}, hlc ${message.hlc}`;
  const what =
    message.kind === 'cell'
      ? `cell ${message.column}`
      : message.kind === 'row'
        ? `row (${Object.keys(message.values).join(', ')})`
        : `${message.kind} ${message.deletionId}`;
  return `${what} of ${message.table}/${message.pk}, hlc ${message.hlc}`;
}

/** The HLC's node (device id): what follows `<13 digits>-<5 digits>-`, the protocol's fixed-width prefix. */
const hlcNode = (hlc: string): string =>
  hlc.length > 20 && hlc[13] === '-' && hlc[19] === '-' ? hlc.slice(20) : parseHlc(hlc).node;

/** isCellColumn, remembered per table and column: a join's upload asks it for every column of 2 million rows. */
const cellColumns = new Map<string, Map<string, boolean>>();
function travelsAsCell(table: SyncTable, column: string): boolean {
  let columns = cellColumns.get(table);
  if (!columns) cellColumns.set(table, (columns = new Map()));
  let answer = columns.get(column);
  if (answer === undefined) {
    answer = isCellColumn(table, column);
    if (columns.size < 1000) columns.set(column, answer);
  }
  return answer;
}
