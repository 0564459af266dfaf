import type { HubErrorCode } from '../../shared/sync/protocol.ts';

/** A refusal the client can act on: answered as `{ code, message }` with the status of its code. */
export class HubFailure extends Error {
  readonly code: HubErrorCode;
  constructor(code: HubErrorCode, message: string) {
    super(message);
    this.code = code;
    this.name = 'HubFailure';
  }
}

export const STATUS_OF: Record<HubErrorCode, number> = {
  VALIDATION: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  INVITE_USED: 409,
  INVITE_EXPIRED: 410,
  CLOCK_AHEAD: 409,
  TOO_LARGE: 413,
  TOO_MANY_STREAMS: 429,
  UNAVAILABLE: 503,
  INTERNAL: 500,
  UPDATE_REQUIRED: 426,
};
