import type { IpcMain, IpcMainInvokeEvent, WebContents, WebFrameMain } from 'electron';
import { CHANNEL_NAMES, contract, type ChannelName, type Envelope } from '../shared/contract.ts';
import { validationError, type Dispatcher } from './core/dispatcher.ts';
import type { CoreEvents } from './core/events.ts';
import { isAppUrl } from './appProtocol.ts';
import { IPC_EVENT_CHANNEL, IPC_PREFIX } from './ipcNames.ts';

/** Only the app's own top-level page may call the core: not an iframe, not some other origin. */
export function isTrustedSender(frame: WebFrameMain | null | undefined): boolean {
  if (!frame) return false; // the frame navigated away or was destroyed while the message was in flight
  return frame.parent === null && isAppUrl(frame.url);
}

/** One channel's handler: sender check, schema check, then the dispatcher. Never throws. */
export async function handleInvoke(
  channel: ChannelName,
  event: Pick<IpcMainInvokeEvent, 'senderFrame'>,
  input: unknown,
  dispatcher: Dispatcher,
): Promise<Envelope<unknown>> {
  try {
    if (!isTrustedSender(event.senderFrame)) {
      return { ok: false, error: { code: 'FORBIDDEN', message: 'Only the Kyrios window may call Kyrios.' } };
    }
    // Checked here so that nothing malformed crosses into the core; the dispatcher checks again.
    const parsed = contract[channel].input.safeParse(input ?? {});
    if (!parsed.success) return { ok: false, error: validationError(parsed.error).toShape() };
    return await dispatcher.call(channel, input ?? {});
  } catch (err) {
    console.error(`[kyrios] ipc ${channel} failed:`, err);
    return { ok: false, error: { code: 'INTERNAL', message: 'Something went wrong inside Kyrios.' } };
  }
}

/** Registers every contract channel once on ipcMain. Returns a function that removes them. */
export function registerIpc(ipcMain: IpcMain, dispatcher: Dispatcher): () => void {
  for (const channel of CHANNEL_NAMES) {
    ipcMain.handle(IPC_PREFIX + channel, (event, input: unknown) => handleInvoke(channel, event, input, dispatcher));
  }
  return () => {
    for (const channel of CHANNEL_NAMES) ipcMain.removeHandler(IPC_PREFIX + channel);
  };
}

/** Sends every core event to the window (if it still exists). Returns the unsubscribe function. */
export function forwardEvents(events: CoreEvents, target: () => WebContents | null | undefined): () => void {
  return events.onAny((name, payload) => {
    const contents = target();
    if (contents && !contents.isDestroyed()) contents.send(IPC_EVENT_CHANNEL, name, payload);
  });
}
