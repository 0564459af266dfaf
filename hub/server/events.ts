import type { ServerResponse } from 'node:http';
import pg from 'pg';
import { CHANGED_CHANNEL } from '../sync/purge.ts';
import { HubFailure } from './failure.ts';

type Client = { workspaceId: string; deviceId: string; res: ServerResponse };

/**
 * How many event streams one hub process holds open: each is a socket and a write per change, so a client
 * (or many tabs, or a loop) cannot open them without bound. A device needs one; a few more cover a restart
 * whose old stream the hub has not seen close yet.
 */
export type StreamLimits = { perDevice: number; total: number };
export const DEFAULT_STREAM_LIMITS: StreamLimits = { perDevice: 4, total: 1000 };

/**
 * Live "something changed" for every connected member, across every hub process on the database: each process
 * LISTENs on one channel; a push or purge NOTIFYs it on commit (with the workspace and its new seq), and each
 * process writes `event: changed` / `data: {"seq":N}` to its own SSE clients of that workspace.
 */
export class ChangeFeed {
  private readonly clients = new Set<Client>();
  private listener: pg.Client | null = null;
  private heartbeat: NodeJS.Timeout | null = null;
  private closed = false;
  private readonly databaseUrl: string;
  private readonly heartbeatMs: number;
  private readonly db: pg.Pool;

  private readonly limits: StreamLimits;

  constructor(databaseUrl: string, heartbeatMs: number, db: pg.Pool, limits: StreamLimits = DEFAULT_STREAM_LIMITS) {
    this.databaseUrl = databaseUrl;
    this.heartbeatMs = heartbeatMs;
    this.db = db;
    this.limits = limits;
  }

  async start(): Promise<void> {
    await this.listen();
    this.heartbeat = setInterval(() => {
      // a comment line keeps proxies and the member's idle timer from closing a quiet stream
      for (const client of this.clients) client.res.write(': heartbeat\n\n');
      void this.dropRevoked();
    }, this.heartbeatMs);
    this.heartbeat.unref();
  }

  private async listen(): Promise<void> {
    const client = new pg.Client({ connectionString: this.databaseUrl });
    client.on('notification', (note) => {
      if (note.channel !== CHANGED_CHANNEL || !note.payload) return;
      try {
        const { w, seq } = JSON.parse(note.payload) as { w: string; seq: number };
        this.publish(w, seq);
      } catch {
        // a payload not of ours: ignored
      }
    });
    client.on('error', () => this.relisten(client));
    client.on('end', () => this.relisten(client));
    await client.connect();
    await client.query(`LISTEN ${CHANGED_CHANNEL}`);
    this.listener = client;
  }

  /** The database went away: listen again once it is back (members re-pull on reconnect anyway). */
  private relisten(old: pg.Client): void {
    if (this.closed || this.listener !== old) return;
    this.listener = null;
    const retry = () => {
      if (this.closed) return;
      this.listen().catch(() => setTimeout(retry, 1000).unref());
    };
    setTimeout(retry, 500).unref();
  }

  /**
   * A device revoked, or a member removed, on any hub process loses its stream by the next heartbeat: a
   * stolen laptop learns nothing more, not even that the team changed.
   */
  private async dropRevoked(): Promise<void> {
    if (this.clients.size === 0) return;
    const ids = [...new Set([...this.clients].map((c) => c.deviceId))];
    try {
      const { rows } = await this.db.query<{ device_id: string }>(
        `SELECT d.device_id FROM devices d JOIN members m ON m.workspace_id = d.workspace_id AND m.member_id = d.member_id
          WHERE d.device_id = ANY($1::text[]) AND (d.revoked_at IS NOT NULL OR m.removed_at IS NOT NULL)`,
        [ids],
      );
      const revoked = new Set(rows.map((r) => r.device_id));
      for (const client of this.clients) {
        if (revoked.has(client.deviceId)) {
          this.clients.delete(client);
          client.res.end();
        }
      }
    } catch {
      // the database away: checked again at the next heartbeat
    }
  }

  /**
   * Opens a stream for one member's device; its first event is the current seq. Over the caps: a device at
   * its own cap, or the hub at its total while the device has a stream, loses its oldest stream (a restarted
   * app's stale one) to the new one; a device with no stream while the hub is full is refused
   * (TOO_MANY_STREAMS, 429) before anything is written, and its sync goes on by polling.
   */
  subscribe(workspaceId: string, deviceId: string, res: ServerResponse, seq: number): void {
    // gone while its credential was checked: its 'close' has passed, so it would never be forgotten
    if (res.destroyed || res.socket?.destroyed !== false) return;
    const own = [...this.clients].filter((c) => c.deviceId === deviceId); // a Set keeps the order they opened in
    const full = this.clients.size >= this.limits.total;
    if (full && own.length === 0) {
      throw new HubFailure(
        'TOO_MANY_STREAMS',
        `The hub holds as many live streams as it allows (${this.limits.total}); changes still arrive by polling. Try again in a minute.`,
      );
    }
    const over = Math.max(own.length - this.limits.perDevice + 1, full ? 1 : 0);
    for (const old of own.slice(0, over)) this.drop(old);
    res.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store',
      Connection: 'keep-alive',
      'X-Content-Type-Options': 'nosniff',
    });
    res.write(`event: changed\ndata: ${JSON.stringify({ seq })}\n\n`);
    const client = { workspaceId, deviceId, res };
    this.clients.add(client);
    res.on('close', () => this.clients.delete(client));
  }

  /** Ends one stream and forgets it at once (its socket's close comes later). */
  private drop(client: Client): void {
    this.clients.delete(client);
    client.res.end();
  }

  publish(workspaceId: string, seq: number): void {
    for (const client of this.clients) {
      if (client.workspaceId === workspaceId) client.res.write(`event: changed\ndata: ${JSON.stringify({ seq })}\n\n`);
    }
  }

  get size(): number {
    return this.clients.size;
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.heartbeat) clearInterval(this.heartbeat);
    for (const client of this.clients) client.res.end();
    this.clients.clear();
    const listener = this.listener;
    this.listener = null;
    await listener?.end().catch(() => {});
  }
}
