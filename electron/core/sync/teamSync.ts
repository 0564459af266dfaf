import type { Database } from 'better-sqlite3';
import { JOB_INVALIDATES, type TeamStatus } from '../../../shared/contract.ts';
import { announce } from '../dispatcher.ts';
import type { CoreContext } from '../context.ts';
import { threadCpuMs } from '../bulk/chunkClock.ts';
import { inTx } from '../db/tx.ts';
import { checkpointAfterPurge, eraseSearchRemnants, searchEraseDue } from '../lifecycle/purgeContactRows.ts';
import { SYNC_LIMITS } from '../../../shared/sync/protocol.ts';
import { applySlice } from './applyMessages.ts';
import { hubEvents, hubPull, hubPush, HubCallError, type HubEndpoint } from './hubClient.ts';
import { acknowledge, dropRefused, nextBatch } from './outbox.ts';
import { clockNow, inTeam } from './syncClock.ts';
import { pendingChanges, readTeam, type TeamRow } from './teamState.ts';
import { CREDENTIAL_UNREADABLE, readToken } from './credentialVault.ts';
import { refreshRole } from './roleRefresh.ts';

// A member's sync loop (docs/sync.md, "What travels"): push the outbox in batches, then pull what the
// hub holds after the cursor and apply it in slices, each slice one transaction that also moves the
// cursor, with a turn of the event loop between slices so the app keeps answering (a slice is sized to
// about SLICE_TARGET_MS of work, like the bulk runner's chunks). It runs after local changes (the
// data.changed the dispatcher announces), when the hub says something changed (its events stream),
// every POLL_MS as a fallback, and again with a growing delay while the hub cannot be reached.

const SLICE_TARGET_MS = 15;
const MIN_SLICE = 20;
const MAX_SLICE = 2000;
const POLL_MS = 30_000;
const MAX_BACKOFF_MS = 60_000;
const DEBOUNCE_MS = 50;
/**
 * Messages per pull page: the protocol's most. Checking a page against the protocol's schemas is one
 * synchronous step (5,000 messages: 10-40 ms of CPU) but it runs on the writer thread, not where the
 * app's reads are answered (reader threads), and a 2-million-message join makes 5 times fewer round trips.
 */
const PULL_PAGE = SYNC_LIMITS.batchMessages;

const yieldToOthers = () => new Promise<void>((resolve) => setImmediate(resolve));

export class TeamSync {
  readonly ctx: CoreContext;
  private running: Promise<void> | null = null;
  private again = false;
  private started = false;
  private stopped = false;
  private timer: NodeJS.Timeout | null = null;
  private backoff = 0;
  private closeEvents: (() => void) | null = null;
  private offChanged: (() => void) | null = null;
  private sliceSize = 200;
  private state: TeamStatus['state'] = 'offline';
  private error: string | undefined;
  /** What the person must do before syncing can work again, if retrying cannot help (TeamStatus.action). */
  private action: TeamStatus['action'];
  private progress: TeamStatus['progress'];
  private lastSent = '';
  /** Set while this loop announces its own data.changed (not a local change to push). */
  private announcing = false;
  /** Tests cut a replica's network with this: every call fails as if the hub were unreachable. */
  networkCut = false;
  /** Whether the loop runs in the background (createCore's `background`): a join starts it only then. */
  background = true;

  constructor(ctx: CoreContext) {
    this.ctx = ctx;
  }

  private get db(): Database {
    return this.ctx.db;
  }

  private endpoint(team: TeamRow): HubEndpoint {
    // A credential this machine cannot open is never sent (the hub would only say "no credential"): the
    // member must join again with a new invite, which keeps everything here (joinTeam.ts, rejoinInPlace).
    const token = readToken(this.ctx, team.device_token); // '' when it cannot be opened
    if (token === '') throw new HubCallError('UNAUTHORIZED', CREDENTIAL_UNREADABLE);
    return { url: team.hub_url, fingerprint: team.cert_fingerprint, token };
  }

  /** Starts the background loop (if the database belongs to a team). */
  start(): void {
    this.stopped = false;
    if (this.started || !inTeam(this.db)) return;
    this.started = true;
    this.offChanged = this.ctx.events.on('data.changed', () => {
      if (!this.announcing) this.schedule(DEBOUNCE_MS);
    });
    this.listen();
    this.schedule(0);
  }

  /** Stops the loop; a sync under way finishes its current slice. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.started = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.closeEvents?.();
    this.closeEvents = null;
    this.offChanged?.();
    this.offChanged = null;
    await this.running?.catch(() => {});
  }

  private schedule(ms: number): void {
    if (this.stopped || !this.started) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.syncNow().catch(() => {});
    }, ms);
    this.timer.unref();
  }

  private listen(): void {
    const team = readTeam(this.db);
    if (!team || this.stopped || this.networkCut) return;
    let endpoint: HubEndpoint;
    try {
      endpoint = this.endpoint(team);
    } catch {
      return; // a credential it cannot open: no stream until the member joins again
    }
    this.closeEvents = hubEvents(
      endpoint,
      () => this.schedule(0),
      () => {
        this.closeEvents = null;
        // Reconnect later; meanwhile the poll and local changes still sync.
        if (!this.stopped && this.started)
          setTimeout(() => this.started && !this.closeEvents && this.listen(), 2000).unref();
      },
    );
  }

  /**
   * One full sync: push everything, then pull everything. Concurrent calls share one run (a call made
   * while one runs makes it run once more). Rejects with the failure (the status says it too).
   */
  syncNow(): Promise<void> {
    // Asked for (a test, the bench, a join): runs even while the background loop is stopped.
    this.stopped = false;
    if (this.running) {
      this.again = true;
      return this.running;
    }
    const run = (async () => {
      try {
        do {
          this.again = false;
          await this.once();
        } while (this.again && !this.stopped);
      } finally {
        this.running = null;
      }
    })();
    this.running = run;
    return run;
  }

  private async once(): Promise<void> {
    if (!readTeam(this.db)) return;
    this.setState('syncing');
    try {
      if (this.networkCut) throw new HubCallError('UNAVAILABLE', 'The network is cut (test).');
      await this.pushAll();
      await this.pullAll();
      if (this.networkCut) throw new HubCallError('UNAVAILABLE', 'The network is cut (test).');
      // Changes made while the pull ran go out now rather than at the next poll.
      if (pendingChanges(this.db) > 0) await this.pushAll();
      this.backoff = 0;
      this.error = undefined;
      this.action = undefined;
      this.setState('synced');
      void refreshRole(this.ctx); // the role may have changed at the hub (sync/roleRefresh.ts)
      this.schedule(POLL_MS);
    } catch (err) {
      const e = err instanceof HubCallError ? err : new HubCallError('INTERNAL', (err as Error).message);
      if (!this.db.open) return;
      this.error = e.message;
      this.action =
        e.code === 'UPDATE_REQUIRED' || e.status === 426
          ? 'update_kyrios'
          : e.message === CREDENTIAL_UNREADABLE
            ? 'rejoin'
            : undefined;
      this.setState(e.code === 'UNAVAILABLE' ? 'offline' : 'error');
      this.backoff = Math.min(MAX_BACKOFF_MS, this.backoff === 0 ? 1000 : this.backoff * 2);
      this.schedule(this.backoff);
      throw e;
    } finally {
      this.progress = undefined;
    }
  }

  private async pushAll(): Promise<void> {
    for (;;) {
      const team = readTeam(this.db);
      if (!team || this.stopped) return;
      const batch = nextBatch(this.db);
      if (!batch) return;
      if (this.networkCut) throw new HubCallError('UNAVAILABLE', 'The network is cut (test).');
      try {
        await hubPush(this.endpoint(team), batch.batchId, batch.messages);
      } catch (err) {
        if (err instanceof HubCallError && err.code === 'FORBIDDEN') {
          dropRefused(this.db, batch.batchId, err.message);
          void refreshRole(this.ctx, true);
          this.error = err.message;
          continue;
        }
        throw err;
      }
      if (!this.db.open) return;
      acknowledge(this.db, batch.batchId);
      this.emitStatus();
    }
  }

  private async pullAll(): Promise<void> {
    let prefetched: ReturnType<typeof hubPull> | null = null;
    pages: for (;;) {
      const team = readTeam(this.db);
      if (!team || this.stopped) return;
      if (this.networkCut) throw new HubCallError('UNAVAILABLE', 'The network is cut (test).');
      const page = await (prefetched ?? hubPull(this.endpoint(team), team.pull_seq, PULL_PAGE));
      prefetched = null;
      if (!this.db.open || this.stopped) return;
      // The next page is asked for while this one is applied: the hub's work and the transfer overlap the
      // apply (a join of 2 million messages is ~400 pages). Dropped if this page is not applied to its end.
      if (page.more && page.messages.length > 0) {
        prefetched = hubPull(this.endpoint(team), page.next, PULL_PAGE);
        prefetched.catch(() => {}); // its failure is met when it is awaited
      }
      const total = (this.progress?.total ?? 0) + page.messages.length;
      this.progress = { applied: this.progress?.applied ?? 0, total: page.more ? Math.max(total, total + 1) : total };
      let i = 0;
      while (i < page.messages.length) {
        if (this.stopped || !this.db.open) return;
        const slice = page.messages.slice(i, i + this.sliceSize);
        const started = threadCpuMs();
        const result = inTx(this.db, (tx) => {
          const r = applySlice(tx, slice, { cpuMs: threadCpuMs, untilMs: started + SLICE_TARGET_MS * 0.6 });
          // a purge undid a move made here that the hub dropped: pull again from before that move (purgeMoves.ts)
          tx.prepare('UPDATE sync_state SET pull_seq = ?, clock = ? WHERE id = 1').run(
            r.repullFrom ?? slice[r.consumed - 1]!.seq,
            clockNow(tx) ?? '',
          );
          return r;
        });
        // Sized by CPU time, as the bulk runner's chunks are: on a loaded machine wall time is several times it.
        const took = threadCpuMs() - started;
        this.sliceSize =
          took > SLICE_TARGET_MS * 1.5
            ? Math.max(MIN_SLICE, Math.floor(this.sliceSize / 2))
            : took < SLICE_TARGET_MS / 2
              ? Math.min(MAX_SLICE, this.sliceSize * 2)
              : this.sliceSize;
        i += result.consumed;
        this.progress = { applied: this.progress.applied + result.consumed, total: this.progress.total };
        if (result.changedContacts || result.changedBulk || result.purged > 0) this.announceChange();
        this.emitStatus();
        await yieldToOthers();
        if (result.repullFrom !== undefined) {
          prefetched = null; // a page after the old cursor: asked again
          continue pages;
        }
      }
      if (page.messages.length === 0 && page.next !== team.pull_seq) {
        this.db.prepare('UPDATE sync_state SET pull_seq = ? WHERE id = 1').run(page.next);
      }
      if (!page.more) {
        this.db.prepare('UPDATE sync_state SET last_synced_at = ? WHERE id = 1').run(this.ctx.now());
        // A pulled purge erased rows: their bytes leave the search index and the WAL, as a local purge's do.
        if (searchEraseDue(this.db)) {
          await eraseSearchRemnants(this.db, () => this.stopped);
          if (this.db.open) await checkpointAfterPurge(this.db, this.ctx.now);
        }
        return;
      }
    }
  }

  private announceChange(): void {
    this.announcing = true;
    try {
      announce(this.ctx, JOB_INVALIDATES.sync);
    } finally {
      this.announcing = false;
    }
  }

  private setState(state: TeamStatus['state']): void {
    this.state = state;
    this.emitStatus();
  }

  /** What team.status answers (null: a solo database). */
  status(): TeamStatus | null {
    if (!this.db.open) return null;
    const team = readTeam(this.db);
    if (!team) return null;
    const pending = pendingChanges(this.db);
    const error = this.error ?? team.refused ?? undefined;
    return {
      state: this.state,
      pendingChanges: pending,
      lastSyncedAt: team.last_synced_at,
      hub: { url: team.hub_url, workspaceId: team.workspace_id, memberName: team.member_name, role: team.role },
      ...(error ? { error } : {}),
      ...(this.action && this.state === 'error' ? { action: this.action } : {}),
      ...(team.refused ? { refused: team.refused } : {}),
      ...(this.progress ? { progress: this.progress } : {}),
    };
  }

  private emitStatus(): void {
    const s = this.status();
    if (!s) return;
    const text = JSON.stringify(s);
    if (text === this.lastSent) return;
    this.lastSent = text;
    try {
      this.ctx.events.emit('team.status', s);
    } catch (err) {
      console.error('[kyrios] a team.status listener failed:', err);
    }
  }
}
