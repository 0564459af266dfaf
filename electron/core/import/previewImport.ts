import type { ImportPreview } from '../../../shared/contract.ts';
import type { ColumnMapping } from '../csv/mapping.ts';
import { scanOffThread } from './scanOffThread.ts';

export { PREVIEW_ROWS } from './scanUpload.ts';

/**
 * What the import dialog shows before anything is written: columns, a sample, and row problems.
 * The file is read on a worker thread (scanOffThread.ts), so the app keeps answering meanwhile.
 */
export function previewImport(contentBase64: string, mapping?: ColumnMapping): Promise<ImportPreview> {
  return scanOffThread({ purpose: 'preview', contentBase64, ...(mapping ? { mapping } : {}) });
}
