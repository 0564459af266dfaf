import type { IncomingMessage, ServerResponse } from 'node:http';
import type { z } from 'zod';
import {
  ChangeRoleRequest,
  CreateInviteRequest,
  HUB_PATHS,
  HubSettings,
  JoinRequest,
  PullQuery,
  PROTOCOL_HEADER,
  PushRequest,
} from '../../shared/sync/protocol.ts';
import type { Db } from '../db/pool.ts';
import { inTx } from '../db/pool.ts';
import { createInvite, type HubAddress } from '../store/invites.ts';
import {
  authenticate,
  changeRole,
  joinWithInvite,
  listMembers,
  removeMember,
  requireManager,
  revokeDevice,
  type Caller,
} from '../store/members.ts';
import { getWorkspace, setRetentionDays } from '../store/workspace.ts';
import { pullPageJson } from '../sync/pull.ts';
import { pushBatch } from '../sync/push.ts';
import { readBody } from './body.ts';
import { fastPushRequest } from './pushBody.ts';
import type { ChangeFeed } from './events.ts';
import { HubFailure } from './failure.ts';
import { refuseOldApp, type ProtocolRange } from './protocolVersion.ts';
import { sendFailure, sendJson, sendJsonText } from './respond.ts';

export type HubContext = {
  db: Db;
  feed: ChangeFeed;
  now: () => number;
  address: () => HubAddress;
  /** The protocol this hub speaks and the oldest app version it serves (protocolVersion.ts). */
  protocol: ProtocolRange;
};

const MEMBER_PATH = /^\/v1\/members\/([^/]+)$/;
const DEVICE_PATH = /^\/v1\/members\/([^/]+)\/devices\/([^/]+)$/;

/** Answers one request; every failure becomes a typed `{ code, message }`, never a 500 for the client's input. */
export async function handle(ctx: HubContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  try {
    res.setHeader(PROTOCOL_HEADER, String(ctx.protocol.version));
    if (refuseOldApp(ctx.protocol, req, res)) return;
    await route(ctx, req, res);
  } catch (error) {
    if (error instanceof HubFailure) {
      sendFailure(res, error.code, error.message);
      return;
    }
    if (isDatabaseDown(error)) {
      sendFailure(res, 'UNAVAILABLE', 'The hub cannot reach its database right now: try again in a moment.');
      return;
    }
    // never the error's text: it could quote a row
    console.error(
      `Kyrios Hub: internal error on ${req.method} ${new URL(req.url ?? '/', 'http://hub').pathname}: ${(error as Error).name}`,
    );
    sendFailure(
      res,
      'INTERNAL',
      'The hub failed to answer this request; it was not applied. Try again; if it keeps failing, see the hub’s log.',
    );
  }
}

async function route(ctx: HubContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://hub');
  const path = url.pathname;
  const method = req.method ?? 'GET';

  if (path === HUB_PATHS.join && method === 'POST') {
    const body = await readJson(req, JoinRequest);
    const now = ctx.now();
    const joined = await inTx(ctx.db, async (tx) => {
      if (!(await getWorkspace(tx, body.workspaceId))) {
        throw new HubFailure(
          'UNAUTHORIZED',
          'This invite is not valid for this hub: ask an owner or admin for a new one.',
        );
      }
      return joinWithInvite(tx, { ...body, now });
    });
    sendJson(res, 200, { workspaceId: body.workspaceId, ...joined, hubTime: now });
    return;
  }

  const known = Object.values(HUB_PATHS) as string[];
  if (!known.includes(path) && !MEMBER_PATH.test(path) && !DEVICE_PATH.test(path)) {
    throw new HubFailure('NOT_FOUND', `The hub has no ${path}: update Kyrios, or check the hub's address.`);
  }
  const caller = await authenticate(ctx.db, bearer(req), ctx.now());

  if (path === HUB_PATHS.push && method === 'POST') {
    const body = await readJson(req, PushRequest, fastPushRequest);
    sendJson(res, 200, await pushBatch(ctx.db, caller, body.messages, ctx.now()));
    return;
  }
  if (path === HUB_PATHS.pull && method === 'GET') {
    const query = parse(PullQuery, Object.fromEntries(url.searchParams), 'pull query');
    sendJsonText(res, 200, await pullPageJson(ctx.db, caller.workspaceId, query.after, query.limit, ctx.now()));
    return;
  }
  if (path === HUB_PATHS.events && method === 'GET') {
    const ws = await getWorkspace(ctx.db, caller.workspaceId);
    ctx.feed.subscribe(caller.workspaceId, caller.deviceId, res, ws?.seq ?? 0);
    return;
  }
  if (path === HUB_PATHS.status && method === 'GET') {
    const ws = await getWorkspace(ctx.db, caller.workspaceId);
    sendJson(res, 200, {
      workspaceId: caller.workspaceId,
      hubTime: ctx.now(),
      seq: ws?.seq ?? 0,
      retentionDays: ws?.retention_days ?? 60,
      you: { memberId: caller.memberId, deviceId: caller.deviceId, role: caller.role },
    });
    return;
  }
  if (path === HUB_PATHS.settings) return settings(ctx, caller, req, res, method);
  if (path === HUB_PATHS.invites && method === 'POST') {
    requireManager(caller, 'invite people');
    const body = await readJson(req, CreateInviteRequest);
    if (body.role === 'owner' && caller.role !== 'owner')
      throw new HubFailure('FORBIDDEN', 'Only an owner can invite another owner.');
    const invite = await createInvite(ctx.db, {
      workspaceId: caller.workspaceId,
      role: body.role,
      createdBy: caller.memberId,
      now: ctx.now(),
      ttlMs: body.expiresInHours === undefined ? undefined : body.expiresInHours * 3_600_000,
      hub: ctx.address(),
    });
    sendJson(res, 200, { code: invite.code, role: body.role, expiresAt: invite.expiresAt });
    return;
  }
  if (path === HUB_PATHS.members && method === 'GET') {
    sendJson(res, 200, { members: await listMembers(ctx.db, caller.workspaceId) });
    return;
  }
  const device = DEVICE_PATH.exec(path);
  if (device && method === 'DELETE') {
    await inTx(ctx.db, (tx) =>
      revokeDevice(tx, caller, decodeURIComponent(device[1]!), decodeURIComponent(device[2]!), ctx.now()),
    );
    sendJson(res, 200, { members: await listMembers(ctx.db, caller.workspaceId) });
    return;
  }
  const member = MEMBER_PATH.exec(path);
  if (member && method === 'PATCH') {
    const body = await readJson(req, ChangeRoleRequest);
    await inTx(ctx.db, (tx) => changeRole(tx, caller, decodeURIComponent(member[1]!), body.role));
    sendJson(res, 200, { members: await listMembers(ctx.db, caller.workspaceId) });
    return;
  }
  if (member && method === 'DELETE') {
    await inTx(ctx.db, (tx) => removeMember(tx, caller, decodeURIComponent(member[1]!), ctx.now()));
    sendJson(res, 200, { members: await listMembers(ctx.db, caller.workspaceId) });
    return;
  }
  throw new HubFailure('VALIDATION', `${method} is not how ${path} is called.`);
}

async function settings(
  ctx: HubContext,
  caller: Caller,
  req: IncomingMessage,
  res: ServerResponse,
  method: string,
): Promise<void> {
  if (method === 'PUT') {
    requireManager(caller, 'change the retention period');
    const body = await readJson(req, HubSettings);
    await setRetentionDays(ctx.db, caller.workspaceId, body.retentionDays);
  } else if (method !== 'GET') {
    throw new HubFailure('VALIDATION', `${method} is not how settings are called (GET or PUT).`);
  }
  const ws = await getWorkspace(ctx.db, caller.workspaceId);
  sendJson(res, 200, { retentionDays: ws?.retention_days ?? 60 });
}

function bearer(req: IncomingMessage): string | null {
  const header = req.headers.authorization;
  if (!header) return null;
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  return match?.[1] ?? null;
}

/** The body checked by `schema`; `fast`, when given, may answer first for what it surely accepts. */
async function readJson<T extends z.ZodType>(
  req: IncomingMessage,
  schema: T,
  fast?: (value: unknown) => z.infer<T> | null,
): Promise<z.infer<T>> {
  const body = await readBody(req);
  if (!body.ok) {
    if (body.reason === 'too_large') {
      throw new HubFailure(
        'TOO_LARGE',
        'This request is larger than the hub accepts (8 MB): send fewer messages per batch.',
      );
    }
    throw new HubFailure('VALIDATION', 'The request body was cut off: send it again.');
  }
  let value: unknown;
  try {
    value = JSON.parse(body.text);
  } catch {
    throw new HubFailure('VALIDATION', 'The request body is not valid JSON.');
  }
  return fast?.(value) ?? parse(schema, value, 'request');
}

function parse<T extends z.ZodType>(schema: T, value: unknown, what: string): z.infer<T> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const where = issue && issue.path.length > 0 ? ` at ${issue.path.join('.')}` : '';
  if (issue?.code === 'too_big' && issue.path.join('.') === 'messages') {
    throw new HubFailure('TOO_LARGE', `Too many messages in one batch (at most 5000): send them in smaller batches.`);
  }
  throw new HubFailure('VALIDATION', `The ${what} is not valid${where}: ${issue?.message ?? 'unexpected shape'}.`);
}

function isDatabaseDown(error: unknown): boolean {
  const code = (error as { code?: string }).code;
  return (
    code === 'ECONNREFUSED' ||
    code === 'ECONNRESET' ||
    code === '57P01' ||
    code === '57P03' ||
    code === '08006' ||
    code === '08001'
  );
}
