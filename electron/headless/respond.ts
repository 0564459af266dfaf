import type { ServerResponse } from 'node:http';
import type { AppErrorShape, ErrorCode } from '../../shared/contract.ts';
import { statusOf } from './status.ts';

// Every API answer is JSON that no browser may sniff, cache or hand to another origin.
// There are deliberately no CORS headers: only the page served by this host (same origin) may call it.
const API_HEADERS = {
  'Content-Type': 'application/json; charset=utf-8',
  'Cache-Control': 'no-store',
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (res.headersSent) {
    res.end();
    return;
  }
  const json = JSON.stringify(body === undefined ? null : body);
  res.writeHead(status, { ...API_HEADERS, 'Content-Length': Buffer.byteLength(json), ...headers });
  res.end(json);
}

export function sendError(
  res: ServerResponse,
  error: AppErrorShape,
  headers: Record<string, string> = {},
  status = statusOf(error.code),
): void {
  sendJson(res, status, { error }, headers);
}

export function fail(code: ErrorCode, message: string): AppErrorShape {
  return { code, message };
}
