import type { ServerResponse } from 'node:http';
import type { HubErrorCode } from '../../shared/sync/protocol.ts';
import { STATUS_OF } from './failure.ts';

const HEADERS = {
  'Content-Type': 'application/json; charset=utf-8',
  'Cache-Control': 'no-store',
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
};

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  sendJsonText(res, status, JSON.stringify(body === undefined ? null : body));
}

/** An answer already serialized (a pull page, built from the stored messages' text). */
export function sendJsonText(res: ServerResponse, status: number, json: string): void {
  if (res.headersSent) {
    res.end();
    return;
  }
  res.writeHead(status, { ...HEADERS, 'Content-Length': Buffer.byteLength(json) });
  res.end(json);
}

/** Every refusal is `{ code, message }` (HubError in protocol.ts) with the status of its code. */
export function sendFailure(res: ServerResponse, code: HubErrorCode, message: string): void {
  sendJson(res, STATUS_OF[code], { code, message });
}
