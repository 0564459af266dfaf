// One snackbar at a time: a message, optionally with an action such as Undo. A job's snackbar
// (`job`) follows a bulk action live: its text comes from the action's own numbers (progress events
// and bulkActions.get), never from the count the UI guessed when it started it, and says what the
// action did once it ends, then hides.
import { create } from 'zustand';
import type { BulkActionType } from '../../shared/domain.ts';

export interface SnackbarMessage {
  key: number;
  message: string;
  severity: 'success' | 'info' | 'warning' | 'error';
  action?: { label: string; run: () => void };
  /** A link-like second action, e.g. "Open contact". */
  secondary?: { label: string; run: () => void };
  /** Runs on Ctrl/Cmd+Z while this snackbar is shown (no text field focused). */
  undo?: () => void;
  /** Milliseconds before it hides; Undo offers stay about ten seconds. */
  duration: number;
  /** The bulk action this snackbar follows: its text is the action's, live. */
  job?: { id: string; type: BulkActionType };
}

type ShowInput = Omit<SnackbarMessage, 'key' | 'duration' | 'severity'> & Partial<Pick<SnackbarMessage, 'duration' | 'severity'>>;

interface SnackbarState {
  current: SnackbarMessage | null;
  show(m: ShowInput): number;
  close(key?: number): void;
}

let nextKey = 1;

export const useSnackbarStore = create<SnackbarState>()((set, get) => ({
  current: null,
  show(m) {
    const key = nextKey++;
    set({ current: { severity: 'success', duration: m.action ? 10_000 : 5_000, ...m, key } });
    return key;
  },
  close(key) {
    if (key === undefined || get().current?.key === key) set({ current: null });
  },
}));

export const notify = (message: string, severity: SnackbarMessage['severity'] = 'success') =>
  useSnackbarStore.getState().show({ message, severity });

/** Runs the Undo of the snackbar on screen, if it offers one; true when it did. */
export function runShownUndo(): boolean {
  const { current, close } = useSnackbarStore.getState();
  if (!current?.undo) return false;
  close(current.key);
  current.undo();
  return true;
}
