// The open contact with all of its related records (contacts.get).
import { create } from 'zustand';
import type { Contact, RelatedRecords } from '../../shared/domain.ts';
import { call } from '../api/client.ts';
import { errorMessage } from '../lib/errors.ts';

interface ContactDetailState {
  id: string | null;
  contact: Contact | null;
  related: RelatedRecords | null;
  loading: boolean;
  error: string | null;
  open(id: string): Promise<void>;
  reload(opts?: { quiet?: boolean }): Promise<void>;
}

let requestSeq = 0;

export const useContactDetailStore = create<ContactDetailState>()((set, get) => ({
  id: null,
  contact: null,
  related: null,
  loading: false,
  error: null,

  async open(id) {
    if (get().id !== id) set({ id, contact: null, related: null });
    await get().reload();
  },

  async reload(opts) {
    const id = get().id;
    if (!id) return;
    const seq = ++requestSeq;
    set(opts?.quiet ? { error: null } : { loading: true, error: null });
    try {
      const { contact, related } = await call('contacts.get', { id });
      if (seq !== requestSeq) return;
      set({ contact, related, loading: false });
    } catch (err) {
      if (seq !== requestSeq) return;
      set({ loading: false, error: errorMessage(err), contact: null, related: null });
    }
  },
}));
