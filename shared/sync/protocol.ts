// The wire protocol between a member's machine (a replica, electron/core/sync/) and the team hub (hub/).
// One definition, used by both sides; every body is checked with these schemas at the boundary.
// The model behind it (what a message means, how replicas converge) is written in docs/sync.md.
import { z } from 'zod';

/**
 * The wire's version, sent by both sides in the `x-kyrios-protocol` header of every request and answer
 * (docs/sync.md, "Protocol version"). 1: cell, delete, restore, purge, purgeRequest (its apps send no
 * header). 2: the `row` and `purgeDeletion` kinds, which an app of version 1 cannot read.
 */
export const PROTOCOL_VERSION = 2;
/** The oldest app version a hub of this release serves; an older one is answered 426 "update Kyrios". */
export const OLDEST_SERVED_PROTOCOL = 2;
export const PROTOCOL_HEADER = 'x-kyrios-protocol';

/** Bounds every side enforces: a body over them is refused with TOO_LARGE, never half-applied. */
export const SYNC_LIMITS = {
  /** Messages in one push or one pull page. */
  batchMessages: 5000,
  /** Rows merged away that a contact's first `purge` message lists with their owner (`kept`). */
  purgeKept: 100_000,
  /** Bytes of one HTTP body. */
  bodyBytes: 8 * 1024 * 1024,
  /** A pushed hybrid-logical-clock time may be at most this far ahead of the hub's clock. */
  maxClockAheadMs: 5 * 60 * 1000,
} as const;

export const ROLES = ['owner', 'admin', 'member', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

/** Tables whose rows travel. contact_tags is derived from contacts.tags on each side and never travels. */
export const SYNC_TABLES = [
  'contacts',
  'conversations',
  'messages',
  'notes',
  'opportunities',
  'tasks',
  'appointments',
  'manual_actions',
  'deletions',
  'bulk_actions',
  'bulk_action_items',
  'audit_log',
] as const;
export type SyncTable = (typeof SYNC_TABLES)[number];

/**
 * A hybrid logical clock time, as a fixed-width string that sorts like the time it stands for:
 * `<physical ms, 13 digits>-<counter, 5 digits>-<deviceId>` (e.g. `1764700000000-00000-0b8f…`).
 * Two messages never share one: the device id breaks ties.
 */
export const Hlc = z.string().regex(/^\d{13}-\d{5}-[0-9A-Za-z_-]{1,64}$/, 'a hybrid logical clock time');

const Id = z.string().min(1).max(64);
const Scalar = z.union([z.string().max(100_000), z.number(), z.boolean(), z.null()]);

/**
 * One change, as small as it can be, so that concurrent changes merge by rule rather than by accident:
 * - `cell`: one column of one row set to a value; the newest hlc wins per (table, pk, column).
 * - `row`: several columns of one row set at one hlc (an insert sends every column this way, and a join's
 *   upload each existing row). Means exactly one `cell` per entry of `values`, all at `hlc`: the newest hlc
 *   still wins per column. It exists because one message per column made a 100,000-contact team ~20 million
 *   messages (docs/sync.md, "Row messages").
 * - `delete` / `restore`: a row's lifecycle, which never travels as plain cells: a delete applies to a row that
 *   is live at that point of hlc order, a restore of deletion D only to a row that D removed (docs/sync.md).
 * - `purge`: the contact and everything of it gone for good, everywhere; made by the hub only (retention on the
 *   hub's clock, or an admin's request, see `purgeRequest`). Holds ids only.
 * Every message names the contact it belongs to (`contactId`, null for rows of no contact, such as a bulk
 * action), so that a purge can drop late messages of that contact.
 */
export const SyncMessage = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('cell'),
    hlc: Hlc,
    table: z.enum(SYNC_TABLES),
    pk: Id,
    contactId: Id.nullable(),
    column: z.string().min(1).max(64),
    value: Scalar,
  }),
  z.object({
    kind: z.literal('row'),
    hlc: Hlc,
    table: z.enum(SYNC_TABLES),
    pk: Id,
    contactId: Id.nullable(),
    values: z.record(z.string().min(1).max(64), Scalar),
  }),
  z.object({
    kind: z.literal('delete'),
    hlc: Hlc,
    table: z.enum(SYNC_TABLES),
    pk: Id,
    contactId: Id.nullable(),
    deletionId: Id,
    /** When the member deleted it (their clock; shown to people). Retention counts from the hub's receipt. */
    at: z.number().int().nonnegative(),
  }),
  z.object({
    kind: z.literal('restore'),
    hlc: Hlc,
    table: z.enum(SYNC_TABLES),
    pk: Id,
    contactId: Id.nullable(),
    deletionId: Id,
  }),
  z.object({ kind: z.literal('purgeRequest'), hlc: Hlc, contactId: Id }),
  /**
   * A contact's purge (docs/sync.md, "A move racing a purge"). `rows`: the related rows the hub erased with it
   * (those the contact owned at that point of the hub's order, ids only): erased on every machine wherever a
   * move made there since has put them, and every later message naming one is dropped. `kept`: the related
   * rows whose older messages named it but that another contact owns in the hub's order (merged away), with
   * that owner: a machine holding one under the purged contact (its own move back, which the hub drops) puts it
   * back under the owner (before the contact's rows are erased: so the first message holds up to 100,000 of
   * them). Both absent from purges made before this hub added them; a contact with more rows than a message
   * lists is purged by several `purge` messages, the later ones carrying the rest.
   */
  z.object({
    kind: z.literal('purge'),
    hlc: Hlc,
    contactId: Id,
    rows: z.array(z.object({ table: z.enum(SYNC_TABLES), pk: Id })).max(SYNC_LIMITS.batchMessages).optional(),
    kept: z
      .array(z.object({ table: z.enum(SYNC_TABLES), pk: Id, contactId: Id }))
      .max(SYNC_LIMITS.purgeKept)
      .optional(),
  }),
  /**
   * A record deletion's purge (docs/sync.md, "Record deletions are purged too"): made by the hub's retention
   * only, when a related record deleted on its own (a deletion of kind `record`) is past the retention period.
   * `rows` are the rows that deletion held at that point of the hub's order (ids only): erased everywhere, and
   * every later message naming one of them is dropped. The deletion's own row stays, as on one machine.
   */
  z.object({
    kind: z.literal('purgeDeletion'),
    hlc: Hlc,
    contactId: Id,
    deletionId: Id,
    rows: z
      .array(z.object({ table: z.enum(SYNC_TABLES), pk: Id }))
      .min(1)
      .max(SYNC_LIMITS.batchMessages),
  }),
]);
export type SyncMessage = z.infer<typeof SyncMessage>;

/** The column writes a `cell` or `row` message stands for: a row message is one cell per column, all at its hlc. */
export const cellWrites = (
  m: Extract<SyncMessage, { kind: 'cell' | 'row' }>,
): (readonly [string, z.infer<typeof Scalar>])[] =>
  m.kind === 'cell' ? [[m.column, m.value]] : Object.entries(m.values);

/** The code a member pastes to join: `kyr1.` + base64url(JSON of this). */
export const InvitePayload = z.object({
  /** https://host:port (or http://127.0.0.1:port for a hub on this machine). */
  hubUrl: z.string().url(),
  workspaceId: Id,
  /** The single-use secret. */
  secret: z.string().min(16).max(128),
  /** SHA-256 fingerprint of the hub's self-signed certificate (hex, colon-separated), pinned by the member. */
  certFingerprint: z.string().nullable(),
});
export type InvitePayload = z.infer<typeof InvitePayload>;

export const JoinRequest = z.object({
  workspaceId: Id,
  secret: z.string().min(16).max(128),
  memberName: z.string().trim().min(1).max(80),
  deviceName: z.string().trim().min(1).max(80),
  /** The device this database was in this workspace before it left (its id and its last credential): the hub
   *  gives it back if it was not revoked and the member (same name) was not removed; else a new device. */
  formerDevice: z.object({ deviceId: Id, deviceToken: z.string().min(32).max(200) }).optional(),
});
export const JoinResponse = z.object({
  workspaceId: Id,
  memberId: Id,
  deviceId: Id,
  role: z.enum(ROLES),
  /** Sent as `Authorization: Bearer <token>` from then on; the hub keeps only its hash. */
  deviceToken: z.string().min(32),
  hubTime: z.number(),
  /** True when the hub gave back the device of `formerDevice` (same device and member ids, a new credential). */
  rejoined: z.boolean().optional(),
});

export const PushRequest = z.object({
  /** The same batch pushed twice (a retry after a lost answer) is applied once. */
  batchId: Id,
  messages: z.array(SyncMessage).max(SYNC_LIMITS.batchMessages),
});
export const PushResponse = z.object({
  accepted: z.number().int(),
  /** Already had: a retried batch, or messages another batch carried. */
  duplicates: z.number().int(),
  /** The hub's sequence after this batch; pulling from before it returns the batch too. */
  seq: z.number().int(),
  /** Messages naming a purged contact: dropped, as every later message of that contact will be. */
  dropped: z.number().int().optional(),
  hubTime: z.number(),
});

export const PullQuery = z.object({
  after: z.coerce.number().int().nonnegative(),
  limit: z.coerce.number().int().min(1).max(SYNC_LIMITS.batchMessages).default(SYNC_LIMITS.batchMessages),
});
export const PulledMessage = z.object({
  seq: z.number().int().positive(),
  /** The member and device that made it (null: the hub itself, e.g. a retention purge). */
  memberId: Id.nullable(),
  deviceId: Id.nullable(),
  /** When the hub received it: retention in team mode counts from here, on the hub's clock. */
  receivedAt: z.number(),
  message: SyncMessage,
});
export const PullResponse = z.object({
  messages: z.array(PulledMessage),
  /** Pass as `after` next time. */
  next: z.number().int(),
  more: z.boolean(),
  hubTime: z.number(),
});

export const MemberInfo = z.object({
  memberId: Id,
  name: z.string(),
  role: z.enum(ROLES),
  /** When they were removed from the team (null or absent: a member now). Removed members stay listed, with
   *  their devices' names, so that what they did keeps their name. */
  removedAt: z.number().nullable().optional(),
  devices: z.array(
    z.object({ deviceId: Id, name: z.string(), lastSeenAt: z.number().nullable(), revoked: z.boolean() }),
  ),
});
export const HubStatus = z.object({
  workspaceId: Id,
  hubTime: z.number(),
  seq: z.number().int(),
  retentionDays: z.number().int(),
  you: z.object({ memberId: Id, deviceId: Id, role: z.enum(ROLES) }),
});

/** Typed errors of the hub: `{ code, message }` with these codes and a message a person can act on. */
export const HUB_ERROR_CODES = [
  'VALIDATION',
  'UNAUTHORIZED',
  'FORBIDDEN',
  'NOT_FOUND',
  'INVITE_USED',
  'INVITE_EXPIRED',
  'CLOCK_AHEAD',
  'TOO_LARGE',
  /** `events`: the hub holds as many live streams as it allows (429); sync goes on by polling. */
  'TOO_MANY_STREAMS',
  'UNAVAILABLE',
  'INTERNAL',
  /** 426: this app's protocol is older than the hub serves; the person must update Kyrios (docs/sync.md). */
  'UPDATE_REQUIRED',
] as const;
export type HubErrorCode = (typeof HUB_ERROR_CODES)[number];
export const HubError = z.object({ code: z.enum(HUB_ERROR_CODES), message: z.string() });

/** Paths, relative to the hub's URL. `events` is a text/event-stream: `event: changed` / `data: {"seq":N}`. */
export const HUB_PATHS = {
  join: '/v1/join',
  push: '/v1/push',
  pull: '/v1/pull',
  events: '/v1/events',
  status: '/v1/status',
  members: '/v1/members',
  invites: '/v1/invites',
  settings: '/v1/settings',
} as const;

/** `POST invites`: owners and admins invite; the code is shown once (the hub keeps only its hash). */
export const CreateInviteRequest = z.object({
  role: z.enum(ROLES),
  /** Default 7 days. */
  expiresInHours: z
    .number()
    .int()
    .min(1)
    .max(24 * 90)
    .optional(),
});
export const CreateInviteResponse = z.object({ code: z.string(), role: z.enum(ROLES), expiresAt: z.number() });

/** `GET members`. Changes: `PATCH members/<memberId>` {role}, `DELETE members/<memberId>`,
 *  `DELETE members/<memberId>/devices/<deviceId>` (revoke one device). Owners and admins only. */
export const MembersResponse = z.object({ members: z.array(MemberInfo) });
export const ChangeRoleRequest = z.object({ role: z.enum(ROLES) });

/** `GET/PUT settings`: the team's settings the hub enforces. Retention counts on the hub's clock. */
export const HubSettings = z.object({ retentionDays: z.number().int().min(1).max(3650) });
