// What the create/edit form of each related kind asks for, and how form text maps to the contract.
import {
  CONVERSATION_CHANNELS,
  MANUAL_ACTION_STATUSES,
  MANUAL_ACTION_TYPES,
  MESSAGE_DIRECTIONS,
  OPPORTUNITY_STATUSES,
  type RelatedKind,
} from '../../../shared/domain.ts';

export type FieldType = 'text' | 'multiline' | 'number' | 'select' | 'datetime' | 'checkbox';
export interface FieldSpec {
  name: string;
  label: string;
  type: FieldType;
  required?: boolean;
  options?: readonly { value: string; label: string }[];
  /** Fields only asked for when creating (a message's conversation is fixed). */
  createOnly?: boolean;
}

const opts = (values: readonly string[], labels: Record<string, string> = {}) =>
  values.map((v) => ({ value: v, label: labels[v] ?? v.charAt(0).toUpperCase() + v.slice(1) }));

export const CHANNEL_LABELS: Record<string, string> = { sms: 'SMS', email: 'Email', call: 'Call', chat: 'Chat' };

export const RELATED_FIELDS: Record<RelatedKind, FieldSpec[]> = {
  conversation: [
    { name: 'channel', label: 'Channel', type: 'select', required: true, options: opts(CONVERSATION_CHANNELS, CHANNEL_LABELS) },
    { name: 'subject', label: 'Subject', type: 'text' },
  ],
  message: [
    { name: 'direction', label: 'Direction', type: 'select', required: true, options: opts(MESSAGE_DIRECTIONS, { inbound: 'Received', outbound: 'Sent' }) },
    { name: 'body', label: 'Message', type: 'multiline', required: true },
  ],
  note: [{ name: 'body', label: 'Note', type: 'multiline', required: true }],
  opportunity: [
    { name: 'name', label: 'Name', type: 'text', required: true },
    { name: 'value', label: 'Value (USD)', type: 'number', required: true },
    { name: 'pipeline', label: 'Pipeline', type: 'text' },
    { name: 'stage', label: 'Stage', type: 'text' },
    { name: 'status', label: 'Status', type: 'select', options: opts(OPPORTUNITY_STATUSES) },
  ],
  task: [
    { name: 'title', label: 'Title', type: 'text', required: true },
    { name: 'dueAt', label: 'Due', type: 'datetime' },
    { name: 'done', label: 'Done', type: 'checkbox' },
  ],
  appointment: [
    { name: 'title', label: 'Title', type: 'text', required: true },
    { name: 'startsAt', label: 'Starts', type: 'datetime', required: true },
    { name: 'endsAt', label: 'Ends', type: 'datetime', required: true },
    { name: 'location', label: 'Location', type: 'text' },
  ],
  manualAction: [
    { name: 'type', label: 'Type', type: 'select', required: true, options: opts(MANUAL_ACTION_TYPES, { call: 'Call', sms: 'SMS', email: 'Email' }) },
    { name: 'dueAt', label: 'Due', type: 'datetime' },
    { name: 'status', label: 'Status', type: 'select', options: opts(MANUAL_ACTION_STATUSES) },
    { name: 'note', label: 'Note', type: 'multiline' },
  ],
};

export const KIND_TITLES: Record<RelatedKind, string> = {
  conversation: 'conversation',
  message: 'message',
  note: 'note',
  opportunity: 'opportunity',
  task: 'task',
  appointment: 'appointment',
  manualAction: 'manual action',
};

export type FormValues = Record<string, string | boolean>;

/** 'YYYY-MM-DDTHH:mm' in local time, for <input type="datetime-local">. */
export function toLocalInput(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return '';
  const d = new Date(ms);
  return new Date(ms - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
}

export function fromLocalInput(s: string): number | null {
  if (!s) return null;
  const t = new Date(s).getTime();
  return Number.isNaN(t) ? null : t;
}

/** Form values from an existing record (or defaults for a new one). */
export function initialValues(kind: RelatedKind, record?: Record<string, unknown>): FormValues {
  const out: FormValues = {};
  for (const f of RELATED_FIELDS[kind]) {
    const v = record?.[f.name];
    if (f.type === 'checkbox') out[f.name] = Boolean(v);
    else if (f.type === 'datetime') out[f.name] = toLocalInput(v as number | null | undefined);
    else if (v !== undefined && v !== null) out[f.name] = String(v);
    else out[f.name] = f.type === 'select' && f.required ? (f.options?.[0]?.value ?? '') : '';
  }
  if (!record && kind === 'appointment') {
    const start = Math.ceil(Date.now() / 3_600_000) * 3_600_000 + 86_400_000;
    out.startsAt = toLocalInput(start);
    out.endsAt = toLocalInput(start + 3_600_000);
  }
  return out;
}

/** The contract's fields from form values: empty optional text is null, numbers are numbers. */
export function toInput(kind: RelatedKind, values: FormValues, creating: boolean): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of RELATED_FIELDS[kind]) {
    if (f.createOnly && !creating) continue;
    const v = values[f.name];
    if (f.type === 'checkbox') out[f.name] = Boolean(v);
    else if (f.type === 'datetime') {
      const t = fromLocalInput(String(v ?? ''));
      if (t !== null || !f.required) out[f.name] = t;
    } else if (f.type === 'number') out[f.name] = v === '' ? undefined : Number(v);
    else {
      const s = String(v ?? '').trim();
      if (s) out[f.name] = s;
      else if (!f.required && f.type !== 'select' && !['pipeline', 'stage'].includes(f.name)) out[f.name] = null;
    }
  }
  return out;
}
