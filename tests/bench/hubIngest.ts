// The hub alone, at team volume: how fast it stores pushed row messages and serves them to a new member.
//   npm run bench:hub -- [--contacts 20000] [--related 20]
// A team of C contacts with R related rows each (as a join's upload sends them: one `row` message per row, every
// column at one HLC) is pushed over HTTP in batches of 5,000 by one member; then the same member bulk-deletes
// every contact (a contact's deletion travels once: one `delete` per contact, docs/sync.md "Volume"); then a new
// member pulls the whole log from seq 0 in pages of 5,000. Prints messages per second stored and served, with the
// machine's load average (this machine is shared: say it with every figure). Timing targets live here, never in
// a test: ≥ 30,000 row messages/s stored, ≥ 50,000 messages/s served.
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

const hub = await startTestHub();
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
    const send = async () => {
      const body = JSON.stringify({ batchId: `b-${n}`, messages: batch });
      const start = performance.now();
      const res = await ana.call('/v1/push', { method: 'POST', body });
      if (res.status !== 200) throw new Error(`push ${res.status}: ${await res.text()}`);
      await res.arrayBuffer();
      const took = performance.now() - start;
      ms += took;
      slowest = Math.max(slowest, took);
      n += batch.length;
      batch = [];
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
  const rows = await pushAll(rowMessages());
  console.log(`push rows:    ${rate(rows.n, rows.ms)} (slowest batch ${Math.round(rows.slowest)} ms); load ${load()}`);
  const dels = await pushAll(bulkDelete());
  console.log(`push delete:  ${rate(dels.n, dels.ms)} (slowest batch ${Math.round(dels.slowest)} ms); load ${load()}`);

  const pullStart = performance.now();
  let after = 0;
  let pulled = 0;
  let pages = 0;
  let slowestPage = 0;
  for (;;) {
    const start = performance.now();
    const res = await ben.call(`/v1/pull?after=${after}&limit=${SYNC_LIMITS.batchMessages}`);
    const page = (await res.json()) as { messages: unknown[]; next: number; more: boolean };
    slowestPage = Math.max(slowestPage, performance.now() - start);
    pulled += page.messages.length;
    pages++;
    after = page.next;
    if (!page.more) break;
  }
  const pullMs = performance.now() - pullStart;
  console.log(
    `pull all:     ${rate(pulled, pullMs)} in ${pages} pages (slowest ${Math.round(slowestPage)} ms, incl. JSON.parse); load ${load()}`,
  );
} finally {
  await hub.stop();
}
