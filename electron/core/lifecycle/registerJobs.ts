import { registerJob } from '../bulk/jobs.ts';
import { bulkDeleteJob } from './bulkDeleteJob.ts';
import { bulkRestoreJob } from './bulkRestoreJob.ts';
import { registerSelectionSources } from './selectionSources.ts';

/** The lifecycle's bulk jobs (delete, restore) and the selections they take their items from. */
export function registerLifecycleJobs(): void {
  registerJob('delete', bulkDeleteJob);
  registerJob('restore', bulkRestoreJob);
  registerSelectionSources();
}
