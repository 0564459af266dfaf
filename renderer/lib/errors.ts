import type { ErrorCode } from '../../shared/contract.ts';
import { fieldHint, userMessage } from './userMessages.ts';

/** The error the typed client throws: the core's code, and its message that says what to do. */
export interface ApiError extends Error {
  code?: ErrorCode;
  issues?: { path: string; message: string }[];
  existingContactId?: string;
}

/** What a person is told about an error: worded for people, by code and field (userMessages.ts). */
export function errorMessage(err: unknown): string {
  return userMessage(err);
}

export function asApiError(err: unknown): ApiError {
  return err instanceof Error ? (err as ApiError) : new Error(errorMessage(err));
}

/** The core's error code, or undefined for an error that did not come from the core. */
export const errorCode = (err: unknown): ErrorCode | undefined => asApiError(err).code;

/**
 * Whether trying the same call again can help: not when the core refused the input or the thing is
 * gone (VALIDATION, NOT_FOUND, CONFLICT…), only when the failure was on the way or in the storage.
 */
export function canRetry(err: unknown): boolean {
  const code = errorCode(err);
  return code === undefined || code === 'INTERNAL' || code === 'BUSY' || code === 'DISK_FULL' || code === 'READ_ONLY';
}

/** Field errors of a VALIDATION error, keyed by field path. */
export function fieldErrors(err: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of asApiError(err).issues ?? []) {
    const key = issue.path.split('.')[0] ?? '';
    if (key && !out[key]) out[key] = fieldHint(issue.path, issue.message);
  }
  return out;
}
