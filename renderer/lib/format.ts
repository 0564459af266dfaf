import type { RelatedCounts, RelatedKind } from '../../shared/domain.ts';
import { DAY_MS, RELATED_KINDS } from '../../shared/domain.ts';

interface Named {
  firstName: string;
  lastName: string;
  email?: string | null;
  phone?: string | null;
}

export function displayName(c: Named): string {
  return `${c.firstName} ${c.lastName}`.trim() || c.email || c.phone || 'Unnamed contact';
}

export function initials(c: Named): string {
  const a = c.firstName.trim()[0] ?? '';
  const b = c.lastName.trim()[0] ?? '';
  return (a + b).toUpperCase() || (c.email?.[0] ?? '?').toUpperCase();
}

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const dateOnly = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });
const money = new Intl.NumberFormat(undefined, { style: 'currency', currency: 'USD', maximumFractionDigits: 0 });
const count = new Intl.NumberFormat();

export const formatDateTime = (ms: number) => dateTime.format(new Date(ms));
export const formatDate = (ms: number) => dateOnly.format(new Date(ms));
export const formatMoney = (n: number) => money.format(n);
export const formatCount = (n: number) => count.format(n);

const HOUR_MS = 60 * 60 * 1000;

/** Whole days from now until `ms`, rounded up (a purge 30 hours away is in 2 days). */
export function daysUntil(ms: number, now = Date.now()): number {
  return Math.max(0, Math.ceil((ms - now) / DAY_MS));
}

/**
 * When a purge comes, in words: in minutes or hours within a day ("in 4 hours", never rounded up to
 * "in 1 day"), "in 1 day" only at 24 hours or less away, then whole days rounded up.
 */
export function purgeWhen(ms: number, now = Date.now()): string {
  const left = ms - now;
  if (left <= 0) return 'at the next purge pass';
  if (left < HOUR_MS) {
    const m = Math.max(1, Math.ceil(left / 60_000));
    return `in ${plural(m, 'minute')}`;
  }
  if (left < DAY_MS) return `in ${plural(Math.round(left / HOUR_MS), 'hour')}`;
  return `in ${plural(daysUntil(ms, now), 'day')}`;
}

export const purgesIn = (ms: number, now = Date.now()): string => `Purges ${purgeWhen(ms, now)}`;

/** How urgent a purge is: within a day, within the week (the warning colour), or later. */
export function purgeUrgency(ms: number, now = Date.now()): 'day' | 'week' | 'later' {
  const left = ms - now;
  if (left <= DAY_MS) return 'day';
  return left <= 7 * DAY_MS ? 'week' : 'later';
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${formatCount(n)} ${n === 1 ? one : many}`;
}

export const KIND_LABELS: Record<RelatedKind, [one: string, many: string]> = {
  conversation: ['conversation', 'conversations'],
  message: ['message', 'messages'],
  note: ['note', 'notes'],
  opportunity: ['opportunity', 'opportunities'],
  task: ['task', 'tasks'],
  appointment: ['appointment', 'appointments'],
  manualAction: ['manual action', 'manual actions'],
};

/** "2 conversations, 5 messages, 1 note" (kinds with zero left out). */
export function relatedSummary(counts: RelatedCounts | undefined): string {
  if (!counts) return '';
  const parts = RELATED_KINDS.filter((k) => (counts[k] ?? 0) > 0).map((k) =>
    plural(counts[k], KIND_LABELS[k][0], KIND_LABELS[k][1]),
  );
  return parts.length ? parts.join(', ') : 'No related records';
}

export function totalRelated(counts: RelatedCounts | undefined): number {
  return counts ? RELATED_KINDS.reduce((sum, k) => sum + (counts[k] ?? 0), 0) : 0;
}
