// The one IPC contract. Every channel is declared here once: its name, its input schema (zod) and its
// result type. The preload, electron/ipc.ts, the headless host and the renderer's client all derive
// from this object; no channel name is written anywhere else.
import { z } from 'zod';
import { isSupportedCountry } from 'libphonenumber-js';
import type {
  AuditEntry,
  BackupInfo,
  BulkAction,
  BulkActionDetail,
  BulkActionItem,
  BulkRestorePreview,
  BulkRestoreOutcome,
  Contact,
  DeletedContact,
  FileErasure,
  NextPurge,
  Page,
  RelatedCounts,
  RelatedRecord,
  RelatedRecords,
  RestoreConflict,
  Settings,
} from './domain.ts';
import {
  BULK_ACTION_STATUSES,
  CONVERSATION_CHANNELS,
  MANUAL_ACTION_STATUSES,
  MANUAL_ACTION_TYPES,
  MESSAGE_DIRECTIONS,
  OPPORTUNITY_STATUSES,
  RELATED_KINDS,
} from './domain.ts';

// ---------- field schemas ----------
const id = z.string().uuid({ message: 'must be a valid id' });
const ids = z.array(id).min(1, 'select at least one contact').max(1_000_000);
const time = z.number().int().min(0).max(8.64e15);
const offset = z.number().int().min(0).max(1e9).optional();
const limit = z.number().int().min(1).max(500).optional();
const text = (max: number) => z.string().trim().max(max, `must be at most ${max} characters`);
const optText = (max: number) => text(max).nullable().optional();
const query = z.string().max(200, 'search text must be at most 200 characters').optional();
/** Team mode's roles (the README's table says what each may do). */
export const TEAM_ROLES = ['owner', 'admin', 'member', 'viewer'] as const;
export type TeamRole = (typeof TEAM_ROLES)[number];
const teamId = z.string().trim().min(1, 'must name a member or device').max(64);
const tag = z.string().trim().min(1).max(50, 'a tag must be at most 50 characters');
const retentionDaysInput = z
  .number()
  .int('must be a whole number of days')
  .min(1, 'keep deleted contacts for at least 1 day')
  .max(3650, 'keep deleted contacts for at most 3,650 days (10 years)');

export const contactFields = {
  firstName: text(100),
  lastName: text(100),
  email: z
    .string()
    .trim()
    .max(254)
    .email('must be a valid email address')
    .nullable()
    .optional()
    .or(z.literal('').transform(() => null)),
  phone: z
    .string()
    .trim()
    .max(40)
    .regex(/^[+()\d\s.\-x]*$/, 'may hold only digits, spaces and + ( ) . - x')
    .nullable()
    .optional(),
  company: optText(200),
  tags: z.array(tag).max(50, 'at most 50 tags').optional(),
  source: optText(100),
};

export const ContactCreateInput = z
  .strictObject({ ...contactFields, firstName: contactFields.firstName.optional(), lastName: contactFields.lastName.optional() })
  .refine((c) => Boolean(c.firstName || c.lastName || c.email || c.phone), {
    message: 'a contact needs at least a name, an email or a phone number',
  });

export const ContactUpdateInput = z.strictObject({
  id,
  firstName: contactFields.firstName.optional(),
  lastName: contactFields.lastName.optional(),
  email: contactFields.email,
  phone: contactFields.phone,
  company: contactFields.company,
  tags: contactFields.tags,
  source: contactFields.source,
});

export const CONTACT_SORTS = [
  'name',
  '-name',
  'email',
  '-email',
  'company',
  '-company',
  'createdAt',
  '-createdAt',
  'updatedAt',
  '-updatedAt',
] as const;
export type ContactSort = (typeof CONTACT_SORTS)[number];

/** Orders of the Restore tab; the purge date is the deletion date plus the retention, so both sort alike. */
export const RESTORE_SORTS = ['-deletedAt', 'deletedAt', 'purgeAt', '-purgeAt', 'name', '-name', 'deletedBy', '-deletedBy'] as const;
export type RestoreSort = (typeof RESTORE_SORTS)[number];

export const ContactFilter = z.strictObject({
  query,
  tag: tag.optional(),
  createdFrom: time.optional(),
  createdTo: time.optional(),
});
export type ContactFilter = z.infer<typeof ContactFilter>;

export const ContactListInput = ContactFilter.extend({
  sort: z.enum(CONTACT_SORTS).optional(),
  offset,
  limit,
});

/** A selection of contacts: explicit ids, or "all N matching" a filter. */
export const ContactSelection = z.union([
  z.strictObject({ ids }),
  z.strictObject({ filter: ContactFilter }),
]);

// Related records: one schema per kind, discriminated by `kind`.
const relatedCreate = {
  conversation: { channel: z.enum(CONVERSATION_CHANNELS), subject: optText(300) },
  message: {
    conversationId: id,
    body: text(20_000).min(1, 'a message needs a body'),
    direction: z.enum(MESSAGE_DIRECTIONS),
    sentAt: time.optional(),
  },
  note: { body: text(20_000).min(1, 'a note needs a body') },
  opportunity: {
    name: text(200).min(1, 'an opportunity needs a name'),
    value: z.number().finite().min(0).max(1e12),
    pipeline: text(100).min(1).optional(),
    stage: text(100).min(1).optional(),
    status: z.enum(OPPORTUNITY_STATUSES).optional(),
  },
  task: { title: text(300).min(1, 'a task needs a title'), dueAt: time.nullable().optional(), done: z.boolean().optional() },
  appointment: {
    title: text(300).min(1, 'an appointment needs a title'),
    startsAt: time,
    endsAt: time,
    location: optText(300),
  },
  manualAction: {
    type: z.enum(MANUAL_ACTION_TYPES),
    dueAt: time.nullable().optional(),
    status: z.enum(MANUAL_ACTION_STATUSES).optional(),
    note: optText(2_000),
  },
} as const;

type Shape = z.ZodRawShape;
const partial = (shape: Shape) =>
  Object.fromEntries(Object.entries(shape).map(([k, v]) => [k, (v as z.ZodType).optional()])) as Shape;
const endsAfterStart = (r: { startsAt?: number; endsAt?: number }) =>
  r.startsAt === undefined || r.endsAt === undefined || r.endsAt >= r.startsAt;
const endsAfterStartMessage = { message: 'an appointment must end after it starts', path: ['endsAt'] };

export const RelatedCreateInput = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('conversation'), contactId: id, ...relatedCreate.conversation }),
  z.strictObject({ kind: z.literal('message'), contactId: id, ...relatedCreate.message }),
  z.strictObject({ kind: z.literal('note'), contactId: id, ...relatedCreate.note }),
  z.strictObject({ kind: z.literal('opportunity'), contactId: id, ...relatedCreate.opportunity }),
  z.strictObject({ kind: z.literal('task'), contactId: id, ...relatedCreate.task }),
  z.strictObject({ kind: z.literal('appointment'), contactId: id, ...relatedCreate.appointment }),
  z.strictObject({ kind: z.literal('manualAction'), contactId: id, ...relatedCreate.manualAction }),
]).refine((r) => r.kind !== 'appointment' || endsAfterStart(r), endsAfterStartMessage);

export const RelatedUpdateInput = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('conversation'), id, ...partial(relatedCreate.conversation) }),
  z.strictObject({ kind: z.literal('message'), id, ...partial({ body: relatedCreate.message.body, direction: relatedCreate.message.direction, sentAt: time }) }),
  z.strictObject({ kind: z.literal('note'), id, ...partial(relatedCreate.note) }),
  z.strictObject({ kind: z.literal('opportunity'), id, ...partial(relatedCreate.opportunity) }),
  z.strictObject({ kind: z.literal('task'), id, ...partial(relatedCreate.task) }),
  z.strictObject({ kind: z.literal('appointment'), id, ...partial(relatedCreate.appointment) }),
  z.strictObject({ kind: z.literal('manualAction'), id, ...partial(relatedCreate.manualAction) }),
]).refine((r) => r.kind !== 'appointment' || endsAfterStart(r as { startsAt?: number; endsAt?: number }), endsAfterStartMessage);

export const RelatedKindInput = z.enum(RELATED_KINDS);

// CSV import: the file travels as base64 (at most 50 MB of CSV), and a mapping from contact field to column index.
// fullName is split into first and last name when the file has no such columns; notes and createdAt
// (the date the old tool created the contact) go into the contact's imported note.
export const IMPORT_FIELD_NAMES = ['firstName', 'lastName', 'email', 'phone', 'company', 'tags', 'source', 'fullName', 'notes', 'createdAt'] as const;
const importFileName = z.string().trim().min(1).max(255);
const csvBase64 = z
  .string()
  .min(1, 'the file is empty')
  .max(70_000_000, 'the file is larger than 50 MB: split it and import the parts');
// (Its characters are checked where the file is read, on a worker thread: electron/core/import/scanUpload.ts.)
/**
 * The most data rows one import takes; a larger file is refused and the message says to split it.
 * The largest export (50,000 contacts), so every export re-imports as one file; the file's rows are
 * written as the import's items in one transaction (all or nothing), 0.2 s at this size, and a hostile
 * file of millions of one-character rows is refused after a bounded, short read.
 */
export const MAX_IMPORT_ROWS = 50_000;
const columnIndex = z.number().int().min(0).max(1000);
/** A field fed by several columns (every phone column of an Outlook export) takes the first non-empty one. */
const columnMapping = z.partialRecord(z.enum(IMPORT_FIELD_NAMES), z.union([columnIndex, z.array(columnIndex).min(1).max(50)]));

export interface ImportPreview {
  headers: string[];
  delimiter: string;
  totalRows: number;
  sample: { line: number; cells: string[] }[];
  fields: readonly string[];
  mapping: Partial<Record<(typeof IMPORT_FIELD_NAMES)[number], number | number[]>>;
  validRows: number;
  invalidRows: number;
  problems: { line: number; reason: string }[];
  /** The encoding the file was read in (UTF-8, UTF-16LE/BE, Windows-1252). */
  encoding?: string;
  /** The tool whose export the file looks like ("Google Contacts", "vCard"), or null. */
  layout?: string | null;
  /** Lines that are not contacts and were left out: a report's footer (blank lines are not counted). */
  skippedLines?: number;
}

// ---------- the channels ----------

/** Declares a channel: its input schema now, its result type as a phantom. */
/**
 * What the active views show, by part: the scopes of `data.changed`. A channel declares the scopes its
 * success changes (`invalidates`), and the dispatcher announces them after it answers; nothing else
 * announces a change but the background jobs' one helper (bulk/jobEvents.ts).
 */
export const DATA_SCOPES = ['contacts', 'restore', 'bulkActions', 'settings'] as const;
export type DataScope = (typeof DATA_SCOPES)[number];

/**
 * What background work changes, declared like a channel's `invalidates`: a bulk action's chunk (its
 * contacts, the Restore tab, its own row), a slice of a selection being prepared (only its row), and
 * a purge pass.
 */
export const JOB_INVALIDATES = {
  chunk: ['contacts', 'restore', 'bulkActions'],
  snapshot: ['bulkActions'],
  purge: ['contacts', 'restore', 'bulkActions'],
  /** A slice of changes pulled from the team hub (team mode): contacts, deletions, bulk actions. */
  sync: ['contacts', 'restore', 'bulkActions'],
} as const satisfies Record<string, readonly DataScope[]>;
export type JobEffect = keyof typeof JOB_INVALIDATES;

/**
 * Declares a channel: its input schema, its result type as a phantom, the views its success changes,
 * and whether it only reads (`reads: true`). A channel that only reads is answered by a reader thread
 * on a read-only connection (electron/core/worker/), so it never waits behind a bulk chunk; it must
 * write nothing, not even an audit row (tests/unit/worker/read-channels.test.ts runs each one on a
 * read-only connection).
 */
const channel =
  <Result>() =>
  <S extends z.ZodType>(input: S, effects: { invalidates?: readonly DataScope[]; reads?: boolean } = {}) => ({
    input,
    result: undefined as unknown as Result,
    invalidates: effects.invalidates ?? ([] as readonly DataScope[]),
    reads: effects.reads ?? false,
  });

const CONTACTS = { invalidates: ['contacts'] } as const;
const BULK = { invalidates: ['bulkActions'] } as const;
/** A restore or a purge changes the lists, the Restore tab, and the labels of the bulk deletes involved. */
const LIFECYCLE = { invalidates: ['contacts', 'restore', 'bulkActions'] } as const;
/** Only reads: answered on a read-only connection, off the thread that writes. */
const READS = { reads: true } as const;

const empty = z.strictObject({});
const byId = z.strictObject({ id });

export const contract = {
  // contacts (foundation)
  'contacts.list': channel<Page<Contact>>()(ContactListInput, READS),
  'contacts.get': channel<{ contact: Contact; related: RelatedRecords }>()(byId, READS),
  'contacts.create': channel<Contact>()(ContactCreateInput, CONTACTS),
  'contacts.update': channel<Contact>()(ContactUpdateInput, CONTACTS),
  'contacts.tags': channel<{ tag: string; count: number }[]>()(empty, READS),

  // related records (foundation)
  'related.create': channel<RelatedRecord>()(RelatedCreateInput, CONTACTS),
  'related.update': channel<RelatedRecord>()(RelatedUpdateInput, CONTACTS),
  'related.delete': channel<{ ok: true }>()(z.strictObject({ kind: RelatedKindInput, id }), CONTACTS),

  // lifecycle: delete
  /** What a deletion of this selection would remove: shown in the DELETE modal before confirming. */
  'contacts.deletePreview': channel<{ contacts: number; related: RelatedCounts }>()(ContactSelection, READS),
  'contacts.delete': channel<{ bulkActionId: string }>()(ContactSelection, BULK),
  'contacts.deleteOne': channel<{ deletionId: string }>()(byId, { invalidates: ['contacts', 'restore'] }),

  // lifecycle: restore and purge
  /** nextPurge: the first purge among every contact the search matches (not only this page's). */
  'restore.list': channel<Page<DeletedContact> & { nextPurge: NextPurge | null }>()(
    z.strictObject({ query, offset, limit, sort: z.enum(RESTORE_SORTS).optional() }),
    READS,
  ),
  /** "Select all N matching" in the Restore tab: the ids of every deleted contact the search matches. */
  'restore.matchingIds': channel<{ ids: string[] }>()(z.strictObject({ query }), READS),
  'restore.preview': channel<{
    contacts: DeletedContact[];
    related: RelatedCounts;
    conflicts: { id: string; code: string; reason: string }[];
    purged: string[];
  }>()(z.strictObject({ ids }), READS),
  'restore.contacts': channel<{ restored: string[]; skipped: { id: string; code: string; reason: string }[] }>()(
    z.strictObject({ ids }),
    LIFECYCLE,
  ),
  /** Undo of a deletion just made (the snackbar's Undo): restores exactly what that deletion removed. */
  'restore.deletion': channel<{ restored: string[]; skipped: { id: string; code: string; reason: string }[] }>()(
    z.strictObject({ deletionId: id }),
    LIFECYCLE,
  ),
  /** erasure: whether the purged bytes are already gone from the database file and its WAL, or when the next try is. */
  'restore.purge': channel<{ purged: number; erasure: FileErasure }>()(
    z.strictObject({ ids, confirm: z.literal('DELETE', { message: 'type DELETE to confirm' }) }),
    LIFECYCLE,
  ),
  /** Why a deleted contact cannot come back (its email or phone is held by a live contact, named) and what each way out would do. */
  'restore.conflict': channel<RestoreConflict>()(byId),
  /** Restores it without the clashing fields, keeping them in a note on it; undoable (restore.undoWayOut). */
  'restore.withoutField': channel<{ contactId: string; removed: ('email' | 'phone')[]; noteId: string; undoId: string }>()(
    byId,
    LIFECYCLE,
  ),
  /** Moves the records its deletion took into the live contact holding its email or phone; it stays deleted. Undoable. */
  'restore.mergeInto': channel<{ into: string; moved: RelatedCounts; undoId: string }>()(z.strictObject({ id, into: id }), LIFECYCLE),
  /** Undoes a restore without its email or a merge, exactly, or says why it cannot. */
  'restore.undoWayOut': channel<{ undone: 'without_field' | 'merge' }>()(z.strictObject({ undoId: id }), LIFECYCLE),
  'lifecycle.purgeExpired': channel<{ purged: number; erasure: FileErasure }>()(empty, LIFECYCLE),

  // bulk actions
  'bulkActions.list': channel<Page<BulkAction>>()(
    z.strictObject({ offset, limit, status: z.enum(BULK_ACTION_STATUSES).optional() }),
    READS,
  ),
  'bulkActions.get': channel<BulkAction>()(byId, READS),
  /** bulkActionId: the restore action (null when the delete had deleted nothing and is now cancelled). */
  'bulkActions.restore': channel<{ bulkActionId: string | null; outcome: BulkRestoreOutcome }>()(byId, BULK),
  'bulkActions.cancel': channel<BulkAction>()(byId, BULK),
  /** One action told in full: what it targeted, its items by state, and for a delete what became of its contacts. */
  'bulkActions.detail': channel<BulkActionDetail>()(byId),
  /** An action's items in one state (skipped by default), paged, each with its contact's name and the reason. */
  'bulkActions.items': channel<Page<BulkActionItem>>()(
    z.strictObject({ id, state: z.enum(['done', 'skipped', 'pending']).optional(), offset, limit }),
  ),
  /** What restoring a bulk delete would bring back and what it cannot, and why: its confirmation's counts. */
  'bulkActions.restorePreview': channel<BulkRestorePreview>()(byId),

  // CSV export: the Contacts list selection, or deleted contacts chosen in the Restore tab
  'contacts.export': channel<{ fileName: string; csv: string; count: number }>()(
    z.union([
      z.strictObject({ ids, sort: z.enum(CONTACT_SORTS).optional() }),
      z.strictObject({ filter: ContactFilter, sort: z.enum(CONTACT_SORTS).optional() }),
    ]),
    READS,
  ),
  'restore.export': channel<{ fileName: string; csv: string; count: number }>()(z.strictObject({ ids }), READS),
  /** The same selection as contacts.export, as a vCard 3.0 file (Apple Contacts, Google, Outlook, phones). */
  'contacts.exportVcard': channel<{ fileName: string; vcf: string; count: number }>()(
    z.union([
      z.strictObject({ ids, sort: z.enum(CONTACT_SORTS).optional() }),
      z.strictObject({ filter: ContactFilter, sort: z.enum(CONTACT_SORTS).optional() }),
    ]),
    READS,
  ),
  /** Deleted contacts chosen in the Restore tab, as vCard 3.0 with the notes their deletion removed. */
  'restore.exportVcard': channel<{ fileName: string; vcf: string; count: number }>()(z.strictObject({ ids }), READS),

  // backups (Settings): list, "Back up now", "Restore from backup" behind a typed confirmation
  'backups.list': channel<BackupInfo[]>()(empty, READS),
  /** Where the backups are, shown in Settings so a user can find (and copy or remove) them. */
  'backups.folder': channel<{ folder: string }>()(empty, READS),
  'backups.create': channel<BackupInfo>()(empty),
  'backups.restore': channel<{ restoredFrom: string; preRestoreBackup: string }>()(
    z.strictObject({
      name: z
        .string()
        .max(200)
        .regex(/^kyrios-[0-9TZ-]+-[a-z0-9-]+\.sqlite$/, 'must be the name of a backup from the list'),
      confirm: z.literal('RESTORE', { message: 'type RESTORE to confirm' }),
    }),
    { invalidates: DATA_SCOPES },
  ),

  // CSV import, run as a bulk action of type 'import'
  'import.preview': channel<ImportPreview>()(
    z.strictObject({ fileName: importFileName, contentBase64: csvBase64, mapping: columnMapping.optional() }),
    READS,
  ),
  'import.start': channel<{ bulkActionId: string; invalidRows: number }>()(
    z.strictObject({
      fileName: importFileName,
      contentBase64: csvBase64,
      mapping: columnMapping.refine((m) => Object.keys(m).length > 0, 'map at least one column to a contact field'),
      onDuplicate: z.enum(['skip', 'update']),
    }),
    BULK,
  ),
  'import.errors': channel<{ fileName: string; csv: string; count: number }>()(byId, READS),

  // audit and settings
  'audit.list': channel<Page<AuditEntry>>()(z.strictObject({ offset, limit }), READS),
  'settings.get': channel<Settings>()(empty, READS),
  'settings.update': channel<Settings>()(
    z.strictObject({
      retentionDays: retentionDaysInput.optional(),
      profileName: text(100).min(1, 'a profile name cannot be empty').optional(),
      phoneRegion: z
        .string()
        .refine((r) => /^[A-Z]{2}$/.test(r) && isSupportedCountry(r), 'pick a region from the list (two capital letters, e.g. GB)')
        .optional(),
      /**
       * A shorter retention that purges deleted contacts at once is refused unless this confirms it:
       * the number of contacts the user agreed to purge (from settings.retentionPreview), at least as
       * many as the save purges.
       */
      confirmPurge: z.number().int().min(0).max(1e9).optional(),
    }),
    // A new retention moves purge dates (and may purge at once); a new phone region re-reads numbers.
    { invalidates: DATA_SCOPES },
  ),
  /** What saving this retention would remove for good at once: shown in the confirmation before saving. */
  'settings.retentionPreview': channel<{ retentionDays: number; contacts: number; records: number }>()(
    z.strictObject({ retentionDays: retentionDaysInput }),
    READS,
  ),

  // team mode (docs/sync.md): join a hub, see the sync state, leave (keeping the data as a solo database)
  /**
   * Joins the hub an invite names: pulls everything the hub holds (progress as team.status events) and
   * uploads the contacts this database already holds, never merging them: those sharing an email or
   * phone with the team's are reported in `duplicates` and marked needs review.
   */
  'team.join': channel<TeamJoinResult>()(
    z.strictObject({
      hubUrl: z.string().trim().url('must be the hub address, e.g. https://hub.example.org:8443').max(500).optional(),
      inviteCode: z.string().trim().min(8, 'paste the whole invite code').max(4000),
      memberName: text(80).min(1, 'enter your name as the team should see it'),
      deviceName: text(80).min(1).optional(),
    }),
    { invalidates: DATA_SCOPES },
  ),
  'team.status': channel<TeamStatus | null>()(empty),
  /** Leaves the team: the data stays here as a solo database; unsent changes are reported, then dropped. */
  'team.leave': channel<{ left: true; unsentChanges: number }>()(empty, { invalidates: ['settings'] }),
  // team administration (issue 15): asked of the hub with this device's credential; the hub checks the role
  /** The hub, this member and device, and every member with their role and devices. */
  'team.members': channel<TeamMembers>()(empty),
  /** A single-use invite code for a new member with this role (owners and admins; only owners invite owners). */
  'team.invite': channel<{ code: string; role: TeamRole; expiresAt: number }>()(
    z.strictObject({
      role: z.enum(TEAM_ROLES, { message: 'choose a role: owner, admin, member or viewer' }),
      expiresInHours: z.number().int().min(1).max(24 * 90).optional(),
    }),
  ),
  'team.setRole': channel<TeamMembers>()(
    z.strictObject({ memberId: teamId, role: z.enum(TEAM_ROLES, { message: 'choose a role: owner, admin, member or viewer' }) }),
  ),
  /** Removes a member from the team: their devices can no longer sync (what they hold stays on their machines). */
  'team.removeMember': channel<TeamMembers>()(z.strictObject({ memberId: teamId })),
  /** Revokes one device's credential (a lost or stolen laptop): it can no longer push or pull. */
  'team.revokeDevice': channel<TeamMembers>()(z.strictObject({ memberId: teamId, deviceId: teamId })),
  /** Contacts sync marked as duplicates (same email or phone made on two machines), each with the contact it clashes with. */
  'contacts.needsReview': channel<{ items: NeedsReviewItem[]; total: number }>()(empty),
  /** The device that made each deletion or bulk action (id → device id), for "Deleted by Ana on her laptop". */
  'team.devicesOf': channel<Record<string, string>>()(
    z.strictObject({ table: z.enum(['deletions', 'bulk_actions']), ids: z.array(teamId).min(1).max(500) }),
  ),

  // sample data: "Load sample data" on the empty Contacts list (refused when there are live contacts)
  'sample.load': channel<{ contacts: number }>()(
    z.strictObject({ contacts: z.number().int().min(1).max(5000).optional() }),
    CONTACTS,
  ),
} as const;

export type Contract = typeof contract;
export type ChannelName = keyof Contract;
export const CHANNEL_NAMES = Object.keys(contract) as ChannelName[];
export type ChannelInput<C extends ChannelName> = z.input<Contract[C]['input']>;
export type ParsedInput<C extends ChannelName> = z.output<Contract[C]['input']>;
export type ChannelResult<C extends ChannelName> = Contract[C]['result'];

/** Channels whose input carries a whole file (base64): transports allow them a larger body. */
export const FILE_CHANNELS: ReadonlySet<ChannelName> = new Set<ChannelName>(['import.preview', 'import.start']);
export const FILE_BODY_LIMIT = 72 * 1024 * 1024; // a 50 MB CSV as base64, with its JSON envelope

/** Whether the channel only reads, as declared beside it (`reads: true`). */
export function isReadChannel(name: ChannelName): boolean {
  return contract[name].reads;
}

export function isChannelName(name: unknown): name is ChannelName {
  return typeof name === 'string' && Object.hasOwn(contract, name);
}

/** What team.status answers, and the team.status event carries when it changes. */
export interface TeamStatus {
  state: 'offline' | 'syncing' | 'synced' | 'error';
  /** Changes made here and not yet acknowledged by the hub. */
  pendingChanges: number;
  lastSyncedAt: number | null;
  hub: { url: string; workspaceId: string; memberName: string; role: string };
  /** What went wrong (state 'error'), or why changes were refused (a push refused for a permission). */
  error?: string;
  /**
   * State 'error' that retrying cannot fix, and what the person must do: 'update_kyrios' (the hub no longer
   * serves this app's protocol: 426 UPDATE_REQUIRED), 'rejoin' (this machine cannot open its stored
   * credential any more: join again with a new invite; docs/sync.md).
   */
  action?: 'update_kyrios' | 'rejoin';
  /** While a pull is catching up: messages applied of those known to be waiting. */
  progress?: { applied: number; total: number };
  /** The last changes the hub refused for a permission (dropped here, rows back as the hub holds them). */
  refused?: string;
}
/** What team.members (and the administration channels) answer. */
export interface TeamMembers {
  hub: { url: string; workspaceId: string };
  you: { memberId: string; deviceId: string; name: string; role: string };
  members: {
    memberId: string;
    name: string;
    role: TeamRole;
    /** This member (the one using this machine). */
    you: boolean;
    /** When they were removed from the team (null: a member now); removed members stay listed, named. */
    removedAt: number | null;
    devices: { deviceId: string; name: string; lastSeenAt: number | null; revoked: boolean }[];
  }[];
}
/** One contact marked needs review, and the contact that holds the email or phone it shares (null: that one is gone). */
export interface NeedsReviewItem {
  contact: ReviewContact;
  clashesWith: ReviewContact | null;
  /** What they share, as far as it can be told from the stored values ('phone' may be written differently). */
  shared: ('email' | 'phone')[];
}
interface ReviewContact {
  id: string;
  firstName: string;
  lastName: string;
  email: string | null;
  phone: string | null;
  company: string | null;
}
export interface TeamJoinResult {
  workspaceId: string;
  memberId: string;
  role: string;
  /** Contacts this database held before joining, sent to the team. */
  uploaded: number;
  /** Contacts sharing an email or phone with an earlier one: marked needs review, not merged. */
  duplicates: { id: string; clashesWith: string }[];
}

// ---------- push events ----------
const teamStatusSchema = z.object({
  state: z.enum(['offline', 'syncing', 'synced', 'error']),
  pendingChanges: z.number().int(),
  lastSyncedAt: z.number().nullable(),
  hub: z.object({ url: z.string(), workspaceId: z.string(), memberName: z.string(), role: z.string() }),
  error: z.string().optional(),
  action: z.enum(['update_kyrios', 'rejoin']).optional(),
  progress: z.object({ applied: z.number().int(), total: z.number().int() }).optional(),
  refused: z.string().optional(),
});
export const eventSchemas = {
  'bulkActions.progress': z.object({
    id,
    processed: z.number().int(),
    total: z.number().int(),
    status: z.enum(BULK_ACTION_STATUSES),
  }),
  /** Something changed that active views show; `scope` tells which views should refresh. */
  'data.changed': z.object({ scope: z.enum(DATA_SCOPES).array() }),
  /** Team mode: the sync state changed (team.status's answer). */
  'team.status': teamStatusSchema,
} as const;
export type EventName = keyof typeof eventSchemas;
export type EventPayload<E extends EventName> = z.infer<(typeof eventSchemas)[E]>;
export const EVENT_NAMES = Object.keys(eventSchemas) as EventName[];

// ---------- errors ----------
export const ERROR_CODES = [
  'VALIDATION',
  'NOT_FOUND',
  'CONFLICT',
  'PURGED',
  'UNKNOWN_CHANNEL',
  'UNAUTHORIZED',
  'FORBIDDEN',
  'TOO_LARGE',
  'BUSY',
  'DISK_FULL',
  'READ_ONLY',
  'CORRUPT',
  'INTERNAL',
  /** Team mode: the hub cannot be reached now (the change is kept and sent later). */
  'UNAVAILABLE',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];
export interface AppErrorShape {
  code: ErrorCode;
  message: string;
  /** For VALIDATION: the failing fields, e.g. [{ path: 'email', message: 'must be a valid email address' }]. */
  issues?: { path: string; message: string }[];
  /** For CONFLICT: the live contact that holds the email or phone. */
  existingContactId?: string;
  /** For INTERNAL: the id under which the details were logged (the message carries it too). */
  errorId?: string;
  /** For CORRUPT when the database cannot be opened: the newest backup, which the app offers to restore. */
  latestBackup?: string;
}

/** What every transport carries back: a result, or a typed error. Never a thrown exception. */
export type Envelope<T> = { ok: true; result: T } | { ok: false; error: AppErrorShape };

/** The renderer-facing API: `window.kyrios` in Electron, the HTTP twin in a browser. */
export interface KyriosApi {
  invoke<C extends ChannelName>(channel: C, input: ChannelInput<C>): Promise<Envelope<ChannelResult<C>>>;
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
}
