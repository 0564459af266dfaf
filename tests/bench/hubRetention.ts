// What a retention pass costs on a hub that holds many record deletions, most of them restored, and many
// deleted contacts due at once (10 notes each) (docs/sync.md, "Record deletions are purged too"; hub migration 009).
//   npm run bench:retention --  [notes=5000] [restoredShare=0.9] [imports=200] [dueContacts=400]
// Prints the time of the first pass (purges what is due) and of three passes with nothing new.
import type { SyncMessage } from '../../shared/sync/protocol.ts';
import { runRetention } from '../../hub/sync/retention.ts';
import { startTestHub } from '../helpers/hubServer.ts';
import { contactRow, del, noteRow, push, restore, rowMessage } from '../hub/fixtures.ts';

const notes = Number(process.argv[2] ?? 5000);
const restoredShare = Number(process.argv[3] ?? 0.9);
const imports = Number(process.argv[4] ?? 200);
const dueContacts = Number(process.argv[5] ?? 400);
const DAY = 24 * 60 * 60 * 1000;
let clock = Date.now();
const hub = await startTestHub({ now: () => clock });
try {
  const ana = await hub.join('admin', 'Ana');
  const t = clock;
  const send = async (messages: SyncMessage[]) => {
    for (let i = 0; i < messages.length; i += 5000) {
      const res = await push(ana.call, messages.slice(i, i + 5000));
      if (res.status !== 200) throw new Error(await res.text());
    }
  };
  const perContact = 10;
  const contacts = Math.ceil(notes / perContact);
  const rows: SyncMessage[] = [];
  for (let c = 0; c < contacts; c++) rows.push(contactRow(ana.deviceId, `c${c}`, {}, t));
  for (let n = 0; n < notes; n++) rows.push(noteRow(ana.deviceId, `n${n}`, `c${Math.floor(n / perContact)}`, 'x', t));
  for (let c = 0; c < dueContacts; c++) {
    rows.push(contactRow(ana.deviceId, `due${c}`, { first_name: `Due${c}` }, t));
    for (let n = 0; n < perContact; n++) rows.push(noteRow(ana.deviceId, `due${c}-n${n}`, `due${c}`, 'x', t));
  }
  for (let a = 0; a < imports; a++) {
    const params = JSON.stringify({ fileName: 'f.csv', headers: ['First', 'Last', 'Email'] });
    rows.push(rowMessage(ana.deviceId, 'bulk_actions', `imp${a}`, null, { id: `imp${a}`, type: 'import', params }, t));
    // progress cells, as a running import writes them
    for (let p = 0; p < 20; p++)
      rows.push({ kind: 'cell', hlc: `${String(t + 100 + p).padStart(13, '0')}-${String(a * 100 + p).padStart(5, '0')}-${ana.deviceId}`, table: 'bulk_actions', pk: `imp${a}`, contactId: null, column: 'done', value: p });
  }
  await send(rows);
  const life: SyncMessage[] = [];
  for (let n = 0; n < notes; n++) {
    const d = `D${n}`;
    life.push(rowMessage(ana.deviceId, 'deletions', d, null, { id: d, kind: 'record', deleted_at: 1, deleted_by: 'x' }, t + 1));
    life.push(del(ana.deviceId, 'notes', `n${n}`, `c${Math.floor(n / perContact)}`, d, t + 1));
  }
  for (let c = 0; c < dueContacts; c++) {
    life.push(rowMessage(ana.deviceId, 'deletions', `Dc${c}`, null, { id: `Dc${c}`, kind: 'single', deleted_at: 1, deleted_by: 'x' }, t + 1));
    life.push(del(ana.deviceId, 'contacts', `due${c}`, `due${c}`, `Dc${c}`, t + 1));
  }
  await send(life);
  const restores: SyncMessage[] = [];
  for (let n = 0; n < Math.floor(notes * restoredShare); n++)
    restores.push(restore(ana.deviceId, 'notes', `n${n}`, `c${Math.floor(n / perContact)}`, `D${n}`, t + 2));
  await send(restores);

  clock = t + 61 * DAY;
  const timed = async (label: string) => {
    const report = { lifecycleRead: 0, folded: 0 };
    const start = performance.now();
    const purged = await runRetention(hub.hub.db, clock, undefined, report);
    const ms = performance.now() - start;
    console.log(`${label}: ${ms.toFixed(0)} ms, ${purged} contacts purged, read ${report.lifecycleRead} lifecycle messages, folded ${report.folded} rows`);
  };
  await timed('first pass');
  for (let i = 1; i <= 3; i++) {
    clock += 60 * 60 * 1000;
    await timed(`pass ${i + 1} (nothing new)`);
  }
} finally {
  await hub.stop();
}
