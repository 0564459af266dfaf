import type { IncomingMessage, ServerResponse } from 'node:http';
import { PROTOCOL_HEADER } from '../../shared/sync/protocol.ts';
import { HubFailure } from './failure.ts';
import { sendJson } from './respond.ts';

// Which apps this hub serves (docs/sync.md, "Protocol version"). Every request names its app's protocol
// version in the `x-kyrios-protocol` header; an app too old for what this hub sends (a pull page holding
// a `row` or `purgeDeletion` message, which a version-1 app cannot read) is refused before anything is
// read or stored, with a message telling the person to update Kyrios. A newer app is served: it knows
// every kind this hub sends, and it reads the hub's version in the same header of every answer.

export type ProtocolRange = { version: number; oldest: number };

export const UPDATE_KYRIOS =
  "This copy of Kyrios is too old for the team's hub: update Kyrios to keep syncing. Your changes are kept on this machine and are sent once it is updated.";

/**
 * Refuses a request from an app older than `range.oldest`; returns true when it answered. An app of
 * version 1 sends no header and knows no UPDATE_REQUIRED code: it is answered 426 with a code it knows
 * (VALIDATION), so it shows the message rather than "the hub answered HTTP 426".
 */
export function refuseOldApp(range: ProtocolRange, req: IncomingMessage, res: ServerResponse): boolean {
  const raw = req.headers[PROTOCOL_HEADER];
  const text = Array.isArray(raw) ? raw[0] : raw;
  if (text === undefined) {
    if (range.oldest <= 1) return false;
    sendJson(res, 426, { code: 'VALIDATION', message: UPDATE_KYRIOS });
    return true;
  }
  const version = /^\d{1,6}$/.test(text.trim()) ? Number(text.trim()) : NaN;
  if (!Number.isInteger(version) || version < 1)
    throw new HubFailure('VALIDATION', `The ${PROTOCOL_HEADER} header must be a whole number (the app's protocol version).`);
  if (version < range.oldest) throw new HubFailure('UPDATE_REQUIRED', UPDATE_KYRIOS);
  return false;
}
