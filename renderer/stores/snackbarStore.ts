// One snackbar at a time: a message, optionally with an action such as Undo.
import { create } from 'zustand';

export interface SnackbarMessage {
  key: number;
  message: string;
  severity: 'success' | 'info' | 'warning' | 'error';
  action?: { label: string; run: () => void };
  /** Milliseconds before it hides; Undo offers stay about ten seconds. */
  duration: number;
}

interface SnackbarState {
  current: SnackbarMessage | null;
  show(m: Omit<SnackbarMessage, 'key' | 'duration' | 'severity'> & Partial<Pick<SnackbarMessage, 'duration' | 'severity'>>): void;
  close(key?: number): void;
}

let nextKey = 1;

export const useSnackbarStore = create<SnackbarState>()((set, get) => ({
  current: null,
  show(m) {
    set({ current: { severity: 'success', duration: m.action ? 10_000 : 5_000, ...m, key: nextKey++ } });
  },
  close(key) {
    if (key === undefined || get().current?.key === key) set({ current: null });
  },
}));

export const notify = (message: string, severity: SnackbarMessage['severity'] = 'success') =>
  useSnackbarStore.getState().show({ message, severity });
