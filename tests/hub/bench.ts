// The hub's side of bench:sync, measured alone: how fast it stores, folds and serves messages.
//   node tests/hub/bench.ts [contacts=2000] [relatedPerContact=20]
// A bulk delete of C contacts with R related rows each: C×(R+1) delete messages, pushed in batches of 5000
// (after the rows' cells), then pulled by a new member from seq 0. Prints messages per second for each.
import { SYNC_LIMITS, type SyncMessage } from '../../shared/sync/protocol.ts';
import { startTestHub } from '../helpers/hubServer.ts';

const contacts = Number(process.argv[2] ?? 2000);
const related = Number(process.argv[3] ?? 20);
const hub = await startTestHub();
try {
  const ana = await hub.join('admin', 'Ana');
  const ben = await hub.join('member', 'Ben');
  let counter = 0;
  const t0 = Date.now() - 60_000;
  const hlc = () => {
    counter++;
    return `${String(t0 + Math.floor(counter / 1000)).padStart(13, '0')}-${String(counter % 1000).padStart(5, '0')}-${ana.deviceId}`;
  };
  const cells: SyncMessage[] = [];
  const deletes: SyncMessage[] = [];
  for (let c = 0; c < contacts; c++) {
    const id = `c-${c}`;
    for (const [column, value] of Object.entries({
      id,
      first_name: 'A',
      last_name: `L${c}`,
      email: `${id}@x.test`,
      created_at: 1,
      updated_at: 1,
    })) {
      cells.push({ kind: 'cell', hlc: hlc(), table: 'contacts', pk: id, contactId: id, column, value });
    }
    for (let r = 0; r < related; r++) {
      const nid = `n-${c}-${r}`;
      for (const [column, value] of Object.entries({
        id: nid,
        contact_id: id,
        body: 'note body',
        created_at: 1,
        updated_at: 1,
      })) {
        cells.push({ kind: 'cell', hlc: hlc(), table: 'notes', pk: nid, contactId: id, column, value });
      }
    }
  }
  for (let c = 0; c < contacts; c++) {
    const id = `c-${c}`;
    deletes.push({
      kind: 'delete',
      hlc: hlc(),
      table: 'contacts',
      pk: id,
      contactId: id,
      deletionId: 'D-bulk',
      at: t0,
    });
    for (let r = 0; r < related; r++)
      deletes.push({
        kind: 'delete',
        hlc: hlc(),
        table: 'notes',
        pk: `n-${c}-${r}`,
        contactId: id,
        deletionId: 'D-bulk',
        at: t0,
      });
  }
  const pushAll = async (messages: SyncMessage[]) => {
    const start = performance.now();
    for (let i = 0; i < messages.length; i += SYNC_LIMITS.batchMessages) {
      const res = await ana.call('/v1/push', {
        method: 'POST',
        body: JSON.stringify({ batchId: `b${i}`, messages: messages.slice(i, i + SYNC_LIMITS.batchMessages) }),
      });
      if (res.status !== 200) throw new Error(`push ${res.status}: ${await res.text()}`);
    }
    return performance.now() - start;
  };
  const cellsMs = await pushAll(cells);
  const deletesMs = await pushAll(deletes);
  const pullStart = performance.now();
  let after = 0;
  let pulled = 0;
  for (;;) {
    const page = (await (await ben.call(`/v1/pull?after=${after}`)).json()) as {
      messages: unknown[];
      next: number;
      more: boolean;
    };
    pulled += page.messages.length;
    after = page.next;
    if (!page.more) break;
  }
  const pullMs = performance.now() - pullStart;
  const rate = (n: number, ms: number) => `${n} in ${(ms / 1000).toFixed(1)} s (${Math.round((n / ms) * 1000)}/s)`;
  console.log(`contacts ${contacts}, related rows ${contacts * related}`);
  console.log(`push cells:   ${rate(cells.length, cellsMs)}`);
  console.log(`push deletes: ${rate(deletes.length, deletesMs)}`);
  console.log(`pull all:     ${rate(pulled, pullMs)}`);
} finally {
  await hub.stop();
}
