import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CoreEvents } from '../core/events.ts';

export const HEARTBEAT_MS = 15_000;

/**
 * GET /api/events: every core event as Server-Sent Events (`event: <name>` + `data: <json>`), with a
 * comment line every `heartbeatMs` so proxies and idle timers keep the stream open.
 */
export class EventStreams {
  private readonly clients = new Set<ServerResponse>();
  private readonly offAny: () => void;
  private readonly timer: NodeJS.Timeout;

  constructor(events: CoreEvents, heartbeatMs = HEARTBEAT_MS) {
    this.offAny = events.onAny((event, payload) => {
      this.broadcast(`event: ${event}\ndata: ${JSON.stringify(payload)}\n\n`);
    });
    this.timer = setInterval(() => this.broadcast(': heartbeat\n\n'), heartbeatMs);
    this.timer.unref();
  }

  get size(): number {
    return this.clients.size;
  }

  open(req: IncomingMessage, res: ServerResponse): void {
    res.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store',
      Connection: 'keep-alive',
      'X-Content-Type-Options': 'nosniff',
      'X-Accel-Buffering': 'no',
    });
    res.flushHeaders();
    // `retry` tells EventSource how soon to reconnect after the host restarts.
    res.write('retry: 2000\n: connected\n\n');
    this.clients.add(res);
    const drop = () => this.clients.delete(res);
    req.on('close', drop);
    res.on('close', drop);
  }

  private broadcast(chunk: string): void {
    for (const res of this.clients) {
      if (!res.writableEnded) res.write(chunk);
    }
  }

  close(): void {
    clearInterval(this.timer);
    this.offAny();
    for (const res of this.clients) res.end();
    this.clients.clear();
  }
}
