/** The error the typed client throws: the core's message says what to do. */
export interface ApiError extends Error {
  code?: string;
  issues?: { path: string; message: string }[];
  existingContactId?: string;
}

export function errorMessage(err: unknown): string {
  if (err instanceof Error && err.message) return err.message;
  if (typeof err === 'string') return err;
  return 'Something went wrong. Check that Kyrios is still running and try again.';
}

export function asApiError(err: unknown): ApiError {
  return err instanceof Error ? (err as ApiError) : new Error(errorMessage(err));
}

/** Field errors of a VALIDATION error, keyed by field path. */
export function fieldErrors(err: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of asApiError(err).issues ?? []) {
    const key = issue.path.split('.')[0] ?? '';
    if (key && !out[key]) out[key] = issue.message;
  }
  return out;
}
