import type { z } from 'zod';
import {
  contract,
  isChannelName,
  type ChannelName,
  type ChannelResult,
  type DataScope,
  type Envelope,
  type ParsedInput,
} from '../../shared/contract.ts';
import type { CoreContext } from './context.ts';
import { AppError, toAppError } from './errors.ts';

export type Handler<C extends ChannelName> = (
  input: ParsedInput<C>,
  ctx: CoreContext,
) => ChannelResult<C> | Promise<ChannelResult<C>>;
export type HandlerMap<K extends ChannelName> = { [C in K]: Handler<C> };
export type Handlers = HandlerMap<ChannelName>;

/** Turns zod's issues into a message a person can act on, plus the failing fields. */
export function validationError(error: z.ZodError): AppError {
  const issues = error.issues.slice(0, 20).map((i) => ({
    path: i.path.map(String).join('.'),
    message: i.message,
  }));
  const summary = issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join('; ');
  return new AppError('VALIDATION', `Invalid input: ${summary}`, { issues });
}

/**
 * Tells the views which parts changed (data.changed): the one place it is emitted, for a channel's
 * declared scopes and for background work's (bulk/jobEvents.ts). A listener that throws cannot fail
 * the work that changed them.
 */
export function announce(ctx: Pick<CoreContext, 'events'>, scope: readonly DataScope[]): void {
  if (scope.length === 0) return;
  try {
    ctx.events.emit('data.changed', { scope: [...scope] });
  } catch (err) {
    console.error('[kyrios] a data.changed listener failed:', err);
  }
}

export interface Dispatcher {
  /** Validates `input` against the channel's schema, runs its handler, and never throws. */
  call(channel: string, input: unknown): Promise<Envelope<unknown>>;
  /** Typed form of `call` for code that knows its channel. */
  invoke<C extends ChannelName>(channel: C, input: unknown): Promise<Envelope<ChannelResult<C>>>;
}

export function createDispatcher(ctx: CoreContext, handlers: Handlers): Dispatcher {
  async function call(channel: string, input: unknown): Promise<Envelope<unknown>> {
    if (!isChannelName(channel)) {
      return { ok: false, error: { code: 'UNKNOWN_CHANNEL', message: `There is no channel named ${String(channel).slice(0, 100)}.` } };
    }
    const parsed = contract[channel].input.safeParse(input === undefined ? {} : input);
    if (!parsed.success) return { ok: false, error: validationError(parsed.error).toShape() };
    try {
      const handler = handlers[channel] as (input: unknown, ctx: CoreContext) => unknown;
      return { ok: true, result: await handler(parsed.data, ctx) };
    } catch (err) {
      // An unexpected failure is logged with an error id; the answer carries only the id (errors.ts).
      return { ok: false, error: toAppError(err, channel).toShape() };
    } finally {
      // The views this channel changes refresh, as the contract declares. Also after a failure: work
      // done in several transactions (a restore of thousands) may have committed part of it.
      announce(ctx, contract[channel].invalidates);
    }
  }
  return {
    call,
    invoke: (channel, input) => call(channel, input) as never,
  };
}

/**
 * Tells `onWrite` of every call to a channel that writes (the bulk runner keeps its chunks short while
 * a person edits: bulk/runner.ts noteWrite).
 */
export function noteWrites(dispatcher: Dispatcher, onWrite: () => void): Dispatcher {
  const call: Dispatcher['call'] = (channel, input) => {
    if (isChannelName(channel) && !contract[channel].reads) onWrite();
    return dispatcher.call(channel, input);
  };
  return { call, invoke: (channel, input) => call(channel, input) as never };
}
