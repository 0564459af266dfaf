// The hub alone, at team volume: how fast it stores pushed row messages and serves them to a new member.
//   npm run bench:hub -- [--contacts 20000] [--related 20]
// A team of C contacts with R related rows each (as a join's upload sends them: one `row` message per row, every
// column at one HLC) is pushed over HTTP in batches of 5,000 by one member; then the same member bulk-deletes
// every contact (a contact's deletion travels once: one `delete` per contact, docs/sync.md "Volume"); then a new
// member pulls the whole log from seq 0 in pages of 5,000. Prints messages per second stored and served, with the
// machine's load average (this machine is shared: say it with every figure). Timing targets live here, never in
// a test: ≥ 30,000 row messages/s stored, ≥ 50,000 messages/s served.
import fs from 'node:fs';
import os from 'node:os';
import { parseArgs } from 'node:util';
import { SYNC_LIMITS, type SyncMessage } from '../../shared/sync/protocol.ts';
import { startTestHub } from '../helpers/hubServer.ts';

const { values: args } = parseArgs({
  options: { contacts: { type: 'string', default: '5000' }, related: { type: 'string', default: '20' } },
});
const contacts = Number(args.contacts);
const related = Number(args.related);
const RELATED_TABLES = ['notes', 'tasks', 'conversations', 'opportunities'] as const;
const load = () =>
  os
    .loadavg()
    .map((n) => n.toFixed(2))
    .join(' ');

/**
 * CPU seconds spent so far by this process (the hub runs in it, and the bench's client) and by the hub's
 * PostgreSQL (its postmaster, found by its port, and the live children): on a shared machine the wall clock
 * says as much about the neighbours as about the hub, CPU time much less.
 */
function cpuSeconds(pgPort: string): { node: number; pg: number } {
  const tick = 100; // USER_HZ on Linux
  const stat = (pid: string) => {
    try {
      const text = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
      return text.slice(text.lastIndexOf(')') + 2).split(' ');
    } catch {
      return null;
    }
  };
  let postmaster: string | null = null;
  const pids = fs.readdirSync('/proc').filter((d) => /^\d+$/.test(d));
  for (const pid of pids) {
    try {
      const args = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
      if (args[0]?.endsWith('/postgres') && args[args.indexOf('-p') + 1] === pgPort) postmaster = pid;
    } catch {
      // gone meanwhile
    }
  }
  let pg = 0;
  for (const pid of pids) {
    const f = stat(pid);
    // fields after the name: 0 state, 1 ppid, ... 11 utime, 12 stime, 13 cutime, 14 cstime
    if (!f || (pid !== postmaster && f[1] !== postmaster)) continue;
    pg += Number(f[11]) + Number(f[12]) + (pid === postmaster ? Number(f[13]) + Number(f[14]) : 0);
  }
  const self = process.cpuUsage();
  return { node: (self.user + self.system) / 1e6, pg: pg / tick };
}

const hub = await startTestHub();
const pgPort = new URL(hub.databaseUrl).port;
let cpuMark = cpuSeconds(pgPort);
/** CPU seconds the bench's own client spent making and reading bodies (in this process too, not the hub's). */
let clientCpu = 0;
const cpuOf = (u: NodeJS.CpuUsage) => (u.user + u.system) / 1e6;
/** CPU used since the last call, as text: the hub's process (without the bench's client) and its PostgreSQL. */
function cpuSince(): string {
  const now = cpuSeconds(pgPort);
  const text = `CPU hub ${(now.node - cpuMark.node - clientCpu).toFixed(1)} s + PostgreSQL ${(now.pg - cpuMark.pg).toFixed(1)} s (client ${clientCpu.toFixed(1)} s)`;
  cpuMark = now;
  clientCpu = 0;
  return text;
}
try {
  const ana = await hub.join('admin', 'Ana');
  const ben = await hub.join('member', 'Ben');
  const t0 = Date.now() - 10 * 60_000;
  let counter = 0;
  const hlc = () => {
    counter++;
    return `${String(t0 + Math.floor(counter / 100_000)).padStart(13, '0')}-${String(counter % 100_000).padStart(5, '0')}-${ana.deviceId}`;
  };

  /** The row messages of contacts [from, to): the contact, then its related rows. */
  function* rowMessages(): Generator<SyncMessage> {
    for (let c = 0; c < contacts; c++) {
      const id = `c-${c}`;
      yield {
        kind: 'row',
        hlc: hlc(),
        table: 'contacts',
        pk: id,
        contactId: id,
        values: {
          id,
          first_name: 'Ana',
          last_name: `Lima ${c}`,
          email: `${id}@example.test`,
          phone: `+1 555 ${String(c).padStart(7, '0')}`,
          phone_digits: `1555${String(c).padStart(7, '0')}`,
          company: 'Kyrios Ltd',
          tags: 'lead,vip',
          created_at: t0,
          updated_at: t0,
        },
      };
      for (let r = 0; r < related; r++) {
        const table = RELATED_TABLES[r % RELATED_TABLES.length]!;
        const rid = `${table[0]}-${c}-${r}`;
        yield {
          kind: 'row',
          hlc: hlc(),
          table,
          pk: rid,
          contactId: id,
          values: {
            id: rid,
            contact_id: id,
            title: `Item ${r} of contact ${c}`,
            body: 'A few words about what was said and what comes next, as a note holds them.',
            status: 'open',
            amount: r * 10,
            due_at: t0 + r,
            created_at: t0,
            updated_at: t0,
          },
        };
      }
    }
  }

  function* bulkDelete(): Generator<SyncMessage> {
    const at = t0 + 1;
    yield {
      kind: 'row',
      hlc: hlc(),
      table: 'bulk_actions',
      pk: 'BA-1',
      contactId: null,
      values: { id: 'BA-1', type: 'delete', status: 'done', total: contacts, done: contacts, created_at: at },
    };
    yield {
      kind: 'row',
      hlc: hlc(),
      table: 'deletions',
      pk: 'D-1',
      contactId: null,
      values: { id: 'D-1', kind: 'bulk', bulk_action_id: 'BA-1', deleted_at: at, deleted_by: 'Ana' },
    };
    for (let c = 0; c < contacts; c++) {
      yield { kind: 'delete', hlc: hlc(), table: 'contacts', pk: `c-${c}`, contactId: `c-${c}`, deletionId: 'D-1', at };
    }
  }

  async function pushAll(messages: Iterable<SyncMessage>): Promise<{ n: number; ms: number; slowest: number }> {
    let n = 0;
    let ms = 0;
    let slowest = 0;
    let batch: SyncMessage[] = [];
    let building = process.cpuUsage();
    const send = async () => {
      const body = JSON.stringify({ batchId: `b-${n}`, messages: batch });
      clientCpu += cpuOf(process.cpuUsage(building));
      const start = performance.now();
      const res = await ana.call('/v1/push', { method: 'POST', body });
      if (res.status !== 200) throw new Error(`push ${res.status}: ${await res.text()}`);
      await res.arrayBuffer();
      const took = performance.now() - start;
      ms += took;
      slowest = Math.max(slowest, took);
      n += batch.length;
      batch = [];
      building = process.cpuUsage();
    };
    for (const m of messages) {
      batch.push(m);
      if (batch.length === SYNC_LIMITS.batchMessages) await send();
    }
    if (batch.length > 0) await send();
    return { n, ms, slowest };
  }

  const rate = (n: number, ms: number) =>
    `${n} messages in ${(ms / 1000).toFixed(1)} s = ${Math.round((n / ms) * 1000)}/s`;
  console.log(`contacts ${contacts}, related rows ${contacts * related}; load average before: ${load()}`);
  cpuSince();
  const rows = await pushAll(rowMessages());
  console.log(
    `push rows:    ${rate(rows.n, rows.ms)} (slowest batch ${Math.round(rows.slowest)} ms); ${cpuSince()}; load ${load()}`,
  );
  const dels = await pushAll(bulkDelete());
  console.log(
    `push delete:  ${rate(dels.n, dels.ms)} (slowest batch ${Math.round(dels.slowest)} ms); ${cpuSince()}; load ${load()}`,
  );

  const pullStart = performance.now();
  let after = 0;
  let pulled = 0;
  let pages = 0;
  let slowestPage = 0;
  for (;;) {
    const start = performance.now();
    const res = await ben.call(`/v1/pull?after=${after}&limit=${SYNC_LIMITS.batchMessages}`);
    const text = await res.text();
    const parsing = process.cpuUsage();
    const page = JSON.parse(text) as { messages: unknown[]; next: number; more: boolean };
    clientCpu += cpuOf(process.cpuUsage(parsing));
    slowestPage = Math.max(slowestPage, performance.now() - start);
    pulled += page.messages.length;
    pages++;
    after = page.next;
    if (!page.more) break;
  }
  const pullMs = performance.now() - pullStart;
  console.log(
    `pull all:     ${rate(pulled, pullMs)} in ${pages} pages (slowest ${Math.round(slowestPage)} ms, incl. JSON.parse); ${cpuSince()}; load ${load()}`,
  );
} finally {
  await hub.stop();
}
