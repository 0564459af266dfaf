// Every error a person sees goes through here: the core's codes and field paths become sentences a
// person can act on. The core's own messages for CONFLICT, PURGED, BUSY… are already written for
// people; VALIDATION messages name schema fields ("createdFrom: Too small: expected number to be
// >=0"), so those are said again here, by field, in words.
import type { ErrorCode } from '../../shared/contract.ts';

/** What each input field is called on screen. */
const FIELD_NAMES: Record<string, string> = {
  createdFrom: 'The “Created from” date',
  createdTo: 'The “Created to” date',
  retentionDays: 'Days to keep deleted contacts',
  profileName: 'Your name',
  phoneRegion: 'The phone region',
  firstName: 'First name',
  lastName: 'Last name',
  email: 'Email',
  phone: 'Phone',
  company: 'Company',
  tags: 'Tags',
  tag: 'The tag',
  source: 'Source',
  query: 'The search',
  id: 'This link',
  ids: 'The selection',
  confirm: 'The confirmation',
};

/** Schema wording that means nothing to a person (zod's defaults). */
const SCHEMA_WORDS = /^(invalid input|too small|too big|expected |invalid (type|option|enum|union|string|number)|unrecognized key|required)/i;

/** What to say when a field's own message is schema wording. */
const FIELD_FALLBACK: Record<string, string> = {
  createdFrom: 'The “Created from” date is not a full date yet. Finish typing it, or pick it from the calendar.',
  createdTo: 'The “Created to” date is not a full date yet. Finish typing it, or pick it from the calendar.',
  retentionDays: 'Enter how many days to keep deleted contacts: a whole number from 1 to 3,650.',
  id: 'This link does not lead to a contact. Open the contact from the Contacts list.',
};

const BY_CODE: Partial<Record<ErrorCode, string>> = {
  UNAUTHORIZED: 'This window is no longer signed in to Kyrios. Open Kyrios again from the address it printed.',
  FORBIDDEN: 'Kyrios refused this from this window. Open Kyrios again from the address it printed.',
  TOO_LARGE: 'That is more than Kyrios takes at once. Split it into smaller parts and try again.',
  UNKNOWN_CHANNEL: 'This window and Kyrios are different versions. Reload the window.',
};

/** One field's problem, in words: the core's sentence when it is one, else ours. */
export function fieldMessage(path: string, message: string): string {
  const key = path.split('.')[0] ?? '';
  if (!SCHEMA_WORDS.test(message.trim())) {
    // "must be a valid email address" reads after the field's name; a whole sentence stands alone.
    const name = FIELD_NAMES[key];
    return name && /^(must|may|is|should|cannot|can only)\b/.test(message) ? `${name} ${message}`.replace(/\.?$/, '.') : sentence(message);
  }
  return FIELD_FALLBACK[key] ?? `${FIELD_NAMES[key] ?? 'A value'} is not valid. Check it and try again.`;
}

/** A field's problem as the hint under that field (the field's name is already beside it). */
export function fieldHint(path: string, message: string): string {
  return SCHEMA_WORDS.test(message.trim()) ? fieldMessage(path, message) : sentence(message);
}

const sentence = (s: string) => (s.charAt(0).toUpperCase() + s.slice(1)).replace(/\.?$/, '.');

/** The sentence a person sees for an error from the core (or from the way to it). */
export function userMessage(err: unknown): string {
  if (typeof err === 'string') return err;
  const e = (err instanceof Error ? err : new Error('')) as Error & { code?: ErrorCode; issues?: { path: string; message: string }[] };
  if (e.code === 'VALIDATION' && e.issues?.length) {
    return [...new Set(e.issues.map((i) => fieldMessage(i.path, i.message)))].join(' ');
  }
  if (e.code && BY_CODE[e.code]) return BY_CODE[e.code]!;
  if (e.code === 'VALIDATION') return e.message.replace(/^Invalid input: /, '');
  if (e.message) return e.message;
  return 'Something went wrong. Check that Kyrios is still running and try again.';
}
