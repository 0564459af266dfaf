// The renderer's one door to the core. In Electron the preload provides `window.kyrios` (IPC); in a
// browser served by the headless host, the HTTP twin stands in. Components import `api` or `call`
// and never learn which transport is underneath.
import type { AppErrorShape, ChannelInput, ChannelName, ChannelResult, ErrorCode, KyriosApi } from '../../shared/contract.ts';
import { createHttpApi } from './httpApi.ts';
import { takeToken } from './token.ts';

declare global {
  interface Window {
    /** Set by electron/preload.ts; absent in a plain browser. */
    kyrios?: KyriosApi;
  }
}

function pickApi(): KyriosApi {
  if (typeof window !== 'undefined' && window.kyrios) return window.kyrios;
  return createHttpApi({ token: typeof window !== 'undefined' ? takeToken() : null });
}

export const api: KyriosApi = pickApi();

/** True when running in the Electron window, false in a browser. For display only, never for logic. */
export const isDesktop = typeof window !== 'undefined' && Boolean(window.kyrios);

/** The error `call` throws: the core's code and message, plus the failing fields or the conflicting contact. */
export class KyriosError extends Error {
  readonly code: ErrorCode;
  readonly issues?: { path: string; message: string }[];
  readonly existingContactId?: string;
  constructor(shape: AppErrorShape) {
    super(shape.message);
    this.name = 'KyriosError';
    this.code = shape.code;
    if (shape.issues) this.issues = shape.issues;
    if (shape.existingContactId) this.existingContactId = shape.existingContactId;
  }
}

/** Calls a channel and resolves its result, or throws a KyriosError carrying { code, message, issues, existingContactId }. */
export async function call<C extends ChannelName>(channel: C, input: ChannelInput<C>, via: KyriosApi = api): Promise<ChannelResult<C>> {
  const envelope = await via.invoke(channel, input);
  if (envelope.ok) return envelope.result;
  throw new KyriosError(envelope.error);
}
