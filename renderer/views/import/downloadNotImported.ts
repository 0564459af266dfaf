// "Download rows not imported" in Bulk Actions: the core writes the CSV (line, reason, original cells).
import { call } from '../../api/client.ts';
import { downloadText } from '../../lib/download.ts';
import { errorMessage } from '../../lib/errors.ts';
import { plural } from '../../lib/format.ts';
import { notify } from '../../stores/snackbarStore.ts';

export async function downloadNotImported(bulkActionId: string): Promise<void> {
  try {
    const file = await call('import.errors', { id: bulkActionId });
    downloadText(file.fileName, file.csv);
    notify(`Saved ${plural(file.count, 'row')} not imported to ${file.fileName}.`);
  } catch (err) {
    notify(errorMessage(err), 'error');
  }
}
