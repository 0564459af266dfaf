// Run as a child process by crash-resume.test.ts: opens the core on the given data folder, starts a
// bulk delete of every live contact and runs it, printing each progress event as one JSON line,
// until the parent kills it with SIGKILL.
import { createCore } from '../../electron/core/core.ts';

const dataDir = process.argv[2];
if (!dataDir) throw new Error('usage: node crash-resume-child.ts <dataDir>');
const core = await createCore({ dataDir, background: false });
core.events.on('bulkActions.progress', (p) => process.stdout.write(JSON.stringify(p) + '\n'));
const env = await core.dispatcher.call('contacts.delete', { filter: {} });
if (!env.ok) throw new Error(env.error.message);
process.stdout.write(JSON.stringify({ started: (env.result as { bulkActionId: string }).bulkActionId }) + '\n');
core.runner.start();
await core.runner.idle();
process.stdout.write(JSON.stringify({ finished: true }) + '\n');
await core.close();
