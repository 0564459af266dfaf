import path from 'node:path';
import type { HandlerMap } from '../dispatcher.ts';
import { AppError } from '../errors.ts';
import type { CoreContext } from '../context.ts';
import { BACKUPS_FOLDER } from './backupNames.ts';
import { createBackup } from './createBackup.ts';
import { listBackups } from './listBackups.ts';
import { restoreBackup } from './restoreBackup.ts';

function dataDirOf(ctx: CoreContext): string {
  if (!ctx.dataDir) throw new AppError('VALIDATION', 'This database has no data folder, so it has no backups.');
  return ctx.dataDir;
}

export const backupHandlers: HandlerMap<'backups.list' | 'backups.folder' | 'backups.create' | 'backups.restore'> = {
  'backups.list': (_input, ctx) => listBackups(dataDirOf(ctx)),
  'backups.folder': (_input, ctx) => ({ folder: path.join(dataDirOf(ctx), BACKUPS_FOLDER) }),
  /** "Back up now" in Settings. Removed, like every backup, once 30 days old (createBackup.ts pruneBackups). */
  'backups.create': (_input, ctx) => createBackup(ctx.db, dataDirOf(ctx), 'manual', ctx.now),
  /** "Restore from backup": the typed confirmation RESTORE is checked by the channel's schema. */
  'backups.restore': (input, ctx) => restoreBackup(ctx, input.name),
};
