// The HTTP twin of the preload's `window.kyrios`, for the renderer served by the headless host:
// POST /api/<channel> for invoke, one shared EventSource on /api/events for on. Same KyriosApi, same
// Envelopes: the components cannot tell which transport they are on.
import type { AppErrorShape, ChannelName, Envelope, EventName, KyriosApi } from '../../shared/contract.ts';

type Listener = (payload: unknown) => void;

/** What the twin needs from the browser; tests pass Node's fetch and a fake EventSource. */
export interface HttpApiOptions {
  /**
   * Sent as `Authorization: Bearer` (scripts, tests). Null in the browser page: the HttpOnly cookie
   * the host set when the printed address was opened carries it (same origin only).
   */
  token: string | null;
  baseUrl?: string;
  fetch?: typeof fetch;
  EventSource?: new (url: string) => EventSource;
  /** Longest wait between reconnection attempts of the event stream. */
  maxRetryMs?: number;
}

/** Every scope of data.changed: sent once after the stream reconnects, since events may have been missed. */
const ALL_SCOPES = ['contacts', 'restore', 'bulkActions', 'settings'] as const;

const unreachable = (): AppErrorShape => ({
  code: 'INTERNAL',
  message: 'Kyrios is not reachable. Check that it is still running (npm run serve), then try again.',
});

export function createHttpApi(opts: HttpApiOptions): KyriosApi & { close(): void } {
  const base = (opts.baseUrl ?? '').replace(/\/$/, '');
  const doFetch = opts.fetch ?? globalThis.fetch.bind(globalThis);
  const ES = opts.EventSource ?? globalThis.EventSource;
  const maxRetryMs = opts.maxRetryMs ?? 30_000;
  const listeners = new Map<string, Set<Listener>>();
  let source: EventSource | null = null;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let retryMs = 1000;
  let hadFailure = false;

  async function invoke(channel: ChannelName, input: unknown): Promise<Envelope<never>> {
    let res: Response;
    try {
      res = await doFetch(`${base}/api/${encodeURIComponent(channel)}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', ...(opts.token ? { Authorization: `Bearer ${opts.token}` } : {}) },
        body: JSON.stringify(input ?? {}),
        cache: 'no-store',
        // The token's cookie, to this host only.
        credentials: 'same-origin',
      });
    } catch {
      return { ok: false, error: unreachable() };
    }
    let body: unknown;
    try {
      body = await res.json();
    } catch {
      body = undefined;
    }
    if (res.ok) return { ok: true, result: body as never };
    const error = (body as { error?: AppErrorShape } | undefined)?.error;
    if (error && typeof error.code === 'string') return { ok: false, error };
    return { ok: false, error: { code: 'INTERNAL', message: `Kyrios answered ${res.status} ${res.statusText}.` } };
  }

  function dispatch(event: string, payload: unknown): void {
    for (const l of [...(listeners.get(event) ?? [])]) {
      try {
        l(payload);
      } catch (err) {
        console.error(`[kyrios] a listener of ${event} failed:`, err);
      }
    }
  }

  function attach(es: EventSource, event: string): void {
    es.addEventListener(event, (e) => {
      try {
        dispatch(event, JSON.parse((e as MessageEvent<string>).data));
      } catch {
        // a malformed frame is dropped, the stream goes on
      }
    });
  }

  function connect(): void {
    if (source || !ES) return;
    // EventSource cannot send a header: the page's cookie carries the token (same origin), a script's
    // token goes in the query.
    const es = new ES(`${base}/api/events${opts.token ? `?token=${encodeURIComponent(opts.token)}` : ''}`);
    source = es;
    for (const event of listeners.keys()) attach(es, event);
    es.onopen = () => {
      retryMs = 1000;
      if (hadFailure) {
        hadFailure = false;
        dispatch('data.changed', { scope: [...ALL_SCOPES] });
      }
    };
    es.onerror = () => {
      hadFailure = true;
      // EventSource retries by itself after a dropped connection; once it gives up (CLOSED: the host
      // was down or answered an error), we start over with a growing pause.
      if (es.readyState === 2 /* CLOSED */) {
        es.close();
        source = null;
        retryTimer = setTimeout(() => {
          retryTimer = undefined;
          if (listeners.size > 0) connect();
        }, retryMs);
        retryMs = Math.min(retryMs * 2, maxRetryMs);
      }
    };
  }

  function disconnect(): void {
    clearTimeout(retryTimer);
    retryTimer = undefined;
    source?.close();
    source = null;
  }

  return {
    invoke: invoke as KyriosApi['invoke'],
    on<E extends EventName>(event: E, listener: (payload: never) => void) {
      let set = listeners.get(event);
      if (!set) {
        set = new Set();
        listeners.set(event, set);
        if (source) attach(source, event);
      }
      set.add(listener as Listener);
      connect();
      return () => {
        const current = listeners.get(event);
        current?.delete(listener as Listener);
        if (current && current.size === 0) listeners.delete(event);
        if (listeners.size === 0) disconnect();
      };
    },
    close: disconnect,
  } as KyriosApi & { close(): void };
}
