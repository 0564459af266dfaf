// The import dialog (CSV or vCard): the chosen file, the core's preview, the column mapping and the duplicate
// choice. The core decides everything (encoding, delimiter, validation); this store only asks.
import { create } from 'zustand';
import type { IMPORT_FIELD_NAMES, ImportPreview } from '../../shared/contract.ts';
import { call } from '../api/client.ts';
import { bytesToBase64 } from '../lib/base64.ts';
import { asApiError } from '../lib/errors.ts';

export type ImportField = (typeof IMPORT_FIELD_NAMES)[number];
export type Mapping = ImportPreview['mapping'];
export type OnDuplicate = 'skip' | 'update';

export const IMPORT_FIELD_LABELS: Record<ImportField, string> = {
  firstName: 'First name',
  lastName: 'Last name',
  email: 'Email',
  phone: 'Phone',
  company: 'Company',
  tags: 'Tags',
  source: 'Source',
  fullName: 'Full name (split)',
  notes: 'Notes',
  createdAt: 'Created on',
};

/** Fields that may take several columns: the first non-empty feeds the contact, the others go in its note. */
export const MULTI_COLUMN_FIELDS: ReadonlySet<ImportField> = new Set<ImportField>(['email', 'phone', 'tags', 'notes']);

/** The core's own limit (50 MB); a larger file is refused here before it is read. */
const MAX_BYTES = 50 * 1024 * 1024;

interface ImportState {
  step: 0 | 1 | 2;
  fileName: string;
  contentBase64: string;
  preview: ImportPreview | null;
  mapping: Mapping;
  onDuplicate: OnDuplicate;
  /** Reading the file or waiting for a preview. */
  busy: boolean;
  starting: boolean;
  error: string | null;

  reset(): void;
  setStep(step: ImportState['step']): void;
  chooseFile(file: File): Promise<void>;
  /** Maps a field to column indexes (in order), or (null or none) leaves it out; then asks for a fresh preview. */
  setField(field: ImportField, columns: number | number[] | null): Promise<void>;
  setOnDuplicate(d: OnDuplicate): void;
  /** Starts the import; resolves what the snackbar says, or null when the core refused. */
  start(): Promise<{ bulkActionId: string; importing: number } | null>;
}

const INITIAL = {
  step: 0 as const,
  fileName: '',
  contentBase64: '',
  preview: null,
  mapping: {},
  onDuplicate: 'skip' as const,
  busy: false,
  starting: false,
  error: null,
};

let previewSeq = 0;

/** The core's message says what to do; a request too big for the browser's HTTP twin gets words of its own. */
function importError(err: unknown): string {
  const e = asApiError(err);
  if (e.code === 'TOO_LARGE' && /request body/i.test(e.message)) {
    return 'This file is too large to send from the browser (about 750 KB at most here). Split it into smaller files, or import it in the Kyrios desktop app.';
  }
  return e.message;
}

export const useImportStore = create<ImportState>()((set, get) => {
  const runPreview = async (mapping?: Mapping) => {
    const seq = ++previewSeq;
    const { fileName, contentBase64 } = get();
    set({ busy: true, error: null });
    try {
      const preview = await call('import.preview', { fileName, contentBase64, ...(mapping ? { mapping } : {}) });
      if (seq !== previewSeq) return;
      set({ preview, mapping: preview.mapping, busy: false, step: get().step === 0 ? 1 : get().step });
    } catch (err) {
      if (seq !== previewSeq) return;
      set({ busy: false, error: importError(err) });
    }
  };

  return {
    ...INITIAL,
    reset() {
      previewSeq++;
      set({ ...INITIAL });
    },
    setStep(step) {
      set({ step, error: null });
    },

    async chooseFile(file) {
      previewSeq++;
      set({ ...INITIAL, fileName: file.name || 'import.csv', busy: true });
      if (file.size === 0) return set({ busy: false, error: 'The file is empty: it needs a header row and at least one contact.' });
      if (file.size > MAX_BYTES) {
        return set({ busy: false, error: 'The file is larger than 50 MB. Split it into smaller files and import them one by one.' });
      }
      try {
        const bytes = new Uint8Array(await file.arrayBuffer());
        set({ contentBase64: bytesToBase64(bytes) });
      } catch {
        return set({ busy: false, error: 'The file could not be read. Check that it is still there and that you may open it, then choose it again.' });
      }
      await runPreview();
    },

    async setField(field, columns) {
      const mapping: Mapping = { ...get().mapping };
      if (columns === null || (Array.isArray(columns) && columns.length === 0)) delete mapping[field];
      else mapping[field] = Array.isArray(columns) && columns.length === 1 ? columns[0]! : columns;
      set({ mapping });
      await runPreview(mapping);
    },

    setOnDuplicate(onDuplicate) {
      set({ onDuplicate });
    },

    async start() {
      const { fileName, contentBase64, mapping, onDuplicate, preview } = get();
      set({ starting: true, error: null });
      try {
        const { bulkActionId } = await call('import.start', { fileName, contentBase64, mapping, onDuplicate });
        set({ starting: false });
        return { bulkActionId, importing: preview?.validRows ?? 0 };
      } catch (err) {
        set({ starting: false, error: importError(err) });
        return null;
      }
    },
  };
});
