import { isCellColumn } from '../../shared/sync/dump.ts';
import { parseHlc } from '../../shared/sync/hlc.ts';
import type { Role, SyncMessage } from '../../shared/sync/protocol.ts';
import { HubFailure } from '../server/failure.ts';

/** What the hub knows about a row a message touches: who first made it, and its contact. */
export type KnownRow = { createdBy: string | null; contactId: string | null };

export type PermissionContext = {
  role: Role;
  memberId: string;
  /** Rows of the batch's tables already on the hub, by `${table}\u0000${pk}`. */
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
    const key = rowKey(message.table, message.pk);
    const known = ctx.rows.get(key);
    const creator = madeHere.has(key) ? ctx.memberId : (known?.createdBy ?? ctx.memberId);
    if (!known) madeHere.add(key);
    if (
      message.kind === 'cell' &&
      message.table === 'deletions' &&
      message.column === 'bulk_action_id' &&
      typeof message.value === 'string'
    ) {
      bulkOfDeletion.set(message.pk, message.value);
    }
    if (manager) return;

    if (message.table === 'audit_log' && creator !== ctx.memberId) {
      refuse('FORBIDDEN', 'an audit entry can only be written by the member whose action it records.');
    }
    // A deletion's or a bulk action's record names who made it ("Deleted by Ana"): only its maker writes it
    // (a member may still ask another's running bulk action to stop).
    if (
      RECORDS_OF_THEIR_MAKER.has(message.table) &&
      creator !== ctx.memberId &&
      !(message.kind === 'cell' && message.table === 'bulk_actions' && message.column === 'cancel_requested')
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
    if (
      message.kind === 'cell' &&
      message.table === 'bulk_actions' &&
      message.column === 'source_action_id' &&
      typeof message.value === 'string'
    ) {
      if (creatorOf('bulk_actions', message.value) !== ctx.memberId) {
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

/** What no honest replica sends, whatever its role. */
function checkShape(message: SyncMessage, refuse: (code: 'VALIDATION', why: string) => never): void {
  if (message.kind === 'cell' && !isCellColumn(message.table, message.column)) {
    refuse(
      'VALIDATION',
      `${message.table}.${message.column} never travels as a cell (a row's lifecycle travels as delete and restore messages; derived and bookkeeping columns are computed on each machine).`,
    );
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

const hlcNode = (hlc: string): string => parseHlc(hlc).node;
