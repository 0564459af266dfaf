// Run as a child process by crash.test.ts: opens a replica's core on the given data folder and syncs
// (push, then pull), or joins with the invite given (which pulls everything), printing every
// team.status event as one JSON line, until the parent kills it.
import { createCore } from '../../electron/core/core.ts';

const dataDir = process.argv[2];
if (!dataDir) throw new Error('usage: node crash-child.ts <dataDir>');
const core = await createCore({ dataDir, background: false });
core.events.on('team.status', (s) => process.stdout.write(JSON.stringify(s) + '\n'));
const invite = process.argv[3];
if (invite) {
  const env = await core.dispatcher.call('team.join', { inviteCode: invite, memberName: 'Joiner' });
  if (!env.ok) throw new Error(env.error.message);
} else await core.ctx.team!.syncNow();
process.stdout.write(JSON.stringify({ finished: true }) + '\n');
await core.close();
