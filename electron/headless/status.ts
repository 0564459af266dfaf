import type { ErrorCode } from '../../shared/contract.ts';

/**
 * The HTTP status of each error code. Whatever a client sent maps to a 4xx; the states of the machine
 * (busy database, full or read-only disk, damaged file) are 503 "try again later / fix the machine";
 * only INTERNAL, a fault of Kyrios itself, is a 500.
 */
export const STATUS_BY_CODE: Readonly<Record<ErrorCode, number>> = {
  VALIDATION: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  UNKNOWN_CHANNEL: 404,
  CONFLICT: 409,
  PURGED: 410,
  TOO_LARGE: 413,
  BUSY: 503,
  DISK_FULL: 503,
  READ_ONLY: 503,
  CORRUPT: 503,
  INTERNAL: 500,
  UNAVAILABLE: 503,
};

export function statusOf(code: ErrorCode): number {
  return STATUS_BY_CODE[code] ?? 500;
}
