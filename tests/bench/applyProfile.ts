// node tests/bench/applyProfile.ts [--contacts N] [--related K]: the replica's apply alone, without a hub.
// Seeds A, captures its upload (what a join sends), then applies those messages on an empty replica B in
// slices the way the sync loop does (one transaction each, cursor moved), and prints the CPU they took.
// Then A bulk-deletes every contact and B applies the delete's messages the same way. For profiling
// (node --cpu-prof) the replica's side of the volume targets without the hub's time in the figures.
import type { Database } from 'better-sqlite3';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createCore } from '../../electron/core/core.ts';
import { inTx } from '../../electron/core/db/tx.ts';
import { applySlice } from '../../electron/core/sync/applyMessages.ts';
import { captureExistingRows, installCapture } from '../../electron/core/sync/captureTriggers.ts';
import { acknowledge, nextBatch } from '../../electron/core/sync/outbox.ts';
import { loadClock } from '../../electron/core/sync/syncClock.ts';
import type { SyncMessage } from '../../shared/sync/protocol.ts';

const { values } = parseArgs({ options: { contacts: { type: 'string', default: '2000' }, related: { type: 'string', default: '20' }, profile: { type: 'string' } } });
const here = path.dirname(new URL(import.meta.url).pathname);
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'kyrios-apply-profile-'));
const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
const team = (db: Database, device: string) => {
  db.prepare(
    `INSERT INTO sync_state (id, hub_url, workspace_id, member_id, member_name, device_id, device_token, role, joined_at) VALUES (1, 'http://127.0.0.1:1', 'w', 'm', ?, ?, 't', 'owner', 0)`,
  ).run(device, device);
  loadClock(db);
  installCapture(db);
};
/** With --profile DIR: a CPU profile of each apply phase alone (open it in Chrome's DevTools). */
async function profiled(label: string, run: () => void): Promise<void> {
  if (!values.profile) return run();
  const { Session } = await import('node:inspector/promises');
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  run();
  const { profile } = await session.post('Profiler.stop');
  fs.mkdirSync(values.profile, { recursive: true });
  fs.writeFileSync(path.join(values.profile, `${label}.cpuprofile`), JSON.stringify(profile));
  session.disconnect();
}
try {
  const dirA = path.join(root, 'a');
  execFileSync(process.execPath, [path.join(here, '../../scripts/seed.ts'), '--data-dir', dirA, '--contacts', values.contacts!, '--related', values.related!], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const a = await createCore({ dataDir: dirA, background: false, automaticBackups: false });
  let c0 = cpu();
  inTx(a.db, () => {
    team(a.db, 'devA');
    captureExistingRows(a.db);
  });
  const drain = () => {
    const out: SyncMessage[] = [];
    for (let b = nextBatch(a.db); b; b = nextBatch(a.db)) {
      out.push(...b.messages);
      acknowledge(a.db, b.batchId);
    }
    return out;
  };
  const upload = drain();
  console.log(`A: captured and batched ${upload.length} messages in ${(cpu() - c0).toFixed(0)} ms CPU`);

  const b = await createCore({ dataDir: path.join(root, 'b'), background: false, automaticBackups: false });
  inTx(b.db, () => team(b.db, 'devB'));
  let seq = 0;
  const apply = (messages: SyncMessage[], label: string) => {
    const pulled = messages.map((message) => ({ seq: ++seq, memberId: 'm', deviceId: 'devA', receivedAt: Date.now(), message }));
    const t0 = cpu();
    let longest = 0;
    let slices = 0;
    for (let i = 0; i < pulled.length; ) {
      const s0 = cpu();
      const r = inTx(b.db, (tx) => {
        const r = applySlice(tx, pulled.slice(i, i + Number(process.env.SLICE_MAX ?? 2000)), { cpuMs: cpu, untilMs: s0 + Number(process.env.SLICE_MS ?? 9) });
        tx.prepare('UPDATE sync_state SET pull_seq = ? WHERE id = 1').run(pulled[i + r.consumed - 1]!.seq);
        return r;
      });
      longest = Math.max(longest, cpu() - s0);
      slices++;
      i += r.consumed;
    }
    console.log(`B: ${label}: ${pulled.length} messages applied in ${(cpu() - t0).toFixed(0)} ms CPU, ${slices} slices, longest ${longest.toFixed(1)} ms`);
  };
  await profiled('join', () => apply(upload, 'join'));
  const ids = a.db.prepare('SELECT id FROM contacts').pluck().all();
  c0 = cpu();
  const del = await a.dispatcher.call('contacts.delete', { ids });
  if (!del.ok) throw new Error(del.error.message);
  a.runner.start();
  await a.runner.idle();
  await a.runner.stop();
  const deleted = drain();
  console.log(`A: bulk delete and its batches: ${deleted.length} messages, ${(cpu() - c0).toFixed(0)} ms CPU`);
  await profiled('delete', () => apply(deleted, 'bulk delete'));
  console.log(`B: live contacts left ${b.db.prepare('SELECT count(*) FROM contacts WHERE deleted_at IS NULL').pluck().get()}, live notes ${b.db.prepare('SELECT count(*) FROM notes WHERE deleted_at IS NULL').pluck().get()}`);
  await a.close();
  await b.close();
} finally {
  fs.rmSync(root, { recursive: true, force: true });
}

