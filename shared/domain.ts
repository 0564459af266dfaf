// Domain types shared by the core, the IPC contract and the renderer.
// Times are Unix milliseconds (UTC). Ids are UUIDv7 strings, unique across installations.

export const RELATED_KINDS = [
  'conversation',
  'message',
  'note',
  'opportunity',
  'task',
  'appointment',
  'manualAction',
] as const;
export type RelatedKind = (typeof RELATED_KINDS)[number];

/** Counts of related rows per kind, as shown in the DELETE modal and the Restore tab. */
export type RelatedCounts = Record<RelatedKind, number>;

export interface Contact {
  id: string;
  firstName: string;
  lastName: string;
  email: string | null;
  phone: string | null;
  company: string | null;
  tags: string[];
  source: string | null;
  createdAt: number;
  updatedAt: number;
}

export const CONVERSATION_CHANNELS = ['sms', 'email', 'call', 'chat'] as const;
export const MESSAGE_DIRECTIONS = ['inbound', 'outbound'] as const;
export const OPPORTUNITY_STATUSES = ['open', 'won', 'lost'] as const;
export const MANUAL_ACTION_TYPES = ['call', 'sms', 'email'] as const;
export const MANUAL_ACTION_STATUSES = ['pending', 'done', 'skipped'] as const;

interface Owned {
  id: string;
  contactId: string;
  createdAt: number;
  updatedAt: number;
}

export interface Message extends Owned {
  conversationId: string;
  body: string;
  direction: (typeof MESSAGE_DIRECTIONS)[number];
  sentAt: number;
}
export interface Conversation extends Owned {
  channel: (typeof CONVERSATION_CHANNELS)[number];
  subject: string | null;
  messages: Message[];
}
export interface Note extends Owned {
  body: string;
}
export interface Opportunity extends Owned {
  name: string;
  pipeline: string;
  stage: string;
  value: number;
  status: (typeof OPPORTUNITY_STATUSES)[number];
}
export interface Task extends Owned {
  title: string;
  dueAt: number | null;
  done: boolean;
}
export interface Appointment extends Owned {
  title: string;
  startsAt: number;
  endsAt: number;
  location: string | null;
}
export interface ManualAction extends Owned {
  type: (typeof MANUAL_ACTION_TYPES)[number];
  dueAt: number | null;
  status: (typeof MANUAL_ACTION_STATUSES)[number];
  note: string | null;
}

export interface RelatedRecords {
  conversations: Conversation[];
  notes: Note[];
  opportunities: Opportunity[];
  tasks: Task[];
  appointments: Appointment[];
  manualActions: ManualAction[];
}

export interface RelatedRecordByKind {
  conversation: Omit<Conversation, 'messages'> & { messages?: Message[] };
  message: Message;
  note: Note;
  opportunity: Opportunity;
  task: Task;
  appointment: Appointment;
  manualAction: ManualAction;
}
export type RelatedRecord = RelatedRecordByKind[RelatedKind];

export interface Page<T> {
  total: number;
  rows: T[];
  /**
   * True when more than `total` rows match and the count stopped there (a search matching more than
   * 10,000 contacts): show the total as "10,000+". Absent when `total` is exact.
   */
  totalCapped?: boolean;
}

export interface DeletedContact {
  id: string;
  firstName: string;
  lastName: string;
  email: string | null;
  company: string | null;
  deletedAt: number;
  /** When the purge will remove this contact for good: deletedAt + retention. */
  purgeAt: number;
  deletedBy: string;
  deletionId: string;
  bulkActionId: string | null;
  related: RelatedCounts;
}

/** The deleted contact whose purge comes first among those the Restore tab lists (its whole list, not a page). */
export interface NextPurge {
  id: string;
  firstName: string;
  lastName: string;
  email: string | null;
  purgeAt: number;
}

export const BULK_ACTION_TYPES = ['delete', 'restore', 'import'] as const;
export type BulkActionType = (typeof BULK_ACTION_TYPES)[number];
export const BULK_ACTION_STATUSES = ['queued', 'running', 'complete', 'failed', 'cancelled'] as const;
export type BulkActionStatus = (typeof BULK_ACTION_STATUSES)[number];

export interface BulkAction {
  id: string;
  type: BulkActionType;
  status: BulkActionStatus;
  /** What the UI shows, computed in the core: "Complete · Restored", "Failed: disk is full", ... */
  statusLabel: string;
  /** The tone of the label's chip, decided with it in the core: 'success' only when nothing is left undone. */
  statusTone: 'neutral' | 'info' | 'success' | 'warning' | 'error';
  total: number;
  processed: number;
  /** Items that could not be done (restore conflicts, purged contacts, import rows that failed). */
  skipped: number;
  createdAt: number;
  createdBy: string;
  startedAt: number | null;
  finishedAt: number | null;
  error: string | null;
  /** A bulk delete that still has contacts in the Restore tab can be restored. */
  restorable: boolean;
  /** For a restore: the bulk delete it reverses. */
  sourceActionId: string | null;
  /** For a bulk delete: the restore actions that reversed it (newest last). */
  restoredBy: string[];
  /** Why items were skipped, grouped: [{ code, reason, count }]. */
  skippedReasons: { code: string; reason: string; count: number }[];
}

/** What became of a bulk delete's contacts, by their state now (electron/core/lifecycle/deleteFate.ts). */
export interface BulkDeleteFate {
  /** Deleted by it. The next four add up to this. */
  done: number;
  stillDeleted: number;
  restored: number;
  deletedAgain: number;
  purged: number;
}

/** One bulk action, told in full: its Bulk Actions detail view (bulkActions.detail). */
export interface BulkActionDetail {
  action: BulkAction;
  /** What it targeted, in words: "12 contacts selected one by one", "All 15,327 contacts with a tag, matching a search …". */
  target: string;
  /** For a bulk delete: what became of its contacts since (null for other actions). */
  fate: BulkDeleteFate | null;
  /** Its items by state: done, skipped (with a reason, bulkActions.items), and not reached yet. */
  items: { done: number; skipped: number; pending: number };
}

/** One item of a bulk action, as bulkActions.items pages them. */
export interface BulkActionItem {
  seq: number;
  contactId: string | null;
  /** The contact's name now; null when it is purged (a purge keeps no name) or never became a contact. */
  name: string | null;
  /** An import's line in its file. */
  line: number | null;
  state: 'pending' | 'done' | 'skipped';
  code: string | null;
  reason: string | null;
  /** Where its contact is now: live, deleted (in the Restore tab), purged, or gone without a trace. */
  now: 'live' | 'deleted' | 'purged' | 'none';
}

/** What restoring a bulk delete would do, counted from the database: shown in its confirmation. */
export interface BulkRestorePreview {
  /** Contacts that would come back. */
  restore: number;
  /** Contacts that cannot, grouped by why. */
  cannot: { code: string; reason: string; count: number }[];
  /** Contacts of it already back (not counted above). */
  alreadyBack: number;
}

/**
 * Why a deleted contact cannot come back as it is, and what each way out would do (restore.conflict):
 * the live contacts holding its email or phone, a restore without those fields (and the note it
 * leaves), and, per holder, a merge of its records into that contact.
 */
export interface RestoreConflict {
  id: string;
  name: string;
  deletionId: string;
  clashes: { field: 'email' | 'phone'; value: string; holder: { id: string; name: string } }[];
  withoutField: { fields: ('email' | 'phone')[]; related: RelatedCounts; note: string };
  merge: { into: { id: string; name: string }; related: RelatedCounts }[];
}

/**
 * What restoring a bulk delete did: 'started' a new restore action, found one 'already-running',
 * found everything 'already-restored' (or beyond restoring), or 'cancelled' a delete that had not
 * deleted anything yet.
 */
export type BulkRestoreOutcome = 'started' | 'already-running' | 'already-restored' | 'cancelled';

export interface AuditEntry {
  id: string;
  at: number;
  actor: string;
  action:
    | 'delete'
    | 'restore'
    | 'purge'
    | 'permanent_delete'
    | 'bulk_delete'
    | 'bulk_restore'
    | 'import'
    /** A deleted contact's records merged into the live contact holding its email or phone (restore.mergeInto). */
    | 'merge'
    /** A restore without its email or a merge, undone (restore.undoWayOut). */
    | 'undo';
  targetType: 'contact' | 'bulk_action' | 'deletion';
  targetId: string | null;
  count: number;
  details: Record<string, unknown>;
}

export interface Settings {
  retentionDays: number;
  profileName: string;
  /**
   * ISO 3166 region (GB, US, DE…) that phone numbers written without a country code belong to, so
   * "(827) 402-2308" and "+1 827 402 2308" are one number. Default: the OS locale's region.
   */
  phoneRegion: string;
}

export const DEFAULT_RETENTION_DAYS = 60;
export const DAY_MS = 24 * 60 * 60 * 1000;

export const BACKUP_KINDS = ['automatic', 'manual', 'pre-migration', 'pre-restore'] as const;
export type BackupKind = (typeof BACKUP_KINDS)[number];

/** A backup file in the data folder's `backups/`, as listed in Settings. */
export interface BackupInfo {
  /** The file name, e.g. kyrios-2026-01-15T12-00-00-000Z-automatic.sqlite; what `backups.restore` takes. */
  name: string;
  createdAt: number;
  sizeBytes: number;
  kind: BackupKind;
}

/**
 * After a purge: whether its bytes are already gone from the database file and its WAL (done), or,
 * while another connection still holds the WAL, when the next checkpoint tries again (at the latest
 * the next hourly purge pass or the next start).
 */
export interface FileErasure {
  done: boolean;
  nextAttemptAt: number | null;
}

/** The backups schedule (electron/core/backups/createBackup.ts pruneBackups), stated in Settings. */
export const AUTOMATIC_BACKUPS_KEPT = 7;
/** No backup of any kind is kept once it is this many days old: a purged contact lives no longer in a backup. */
export const BACKUP_MAX_AGE_DAYS = 30;
