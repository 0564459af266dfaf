// Related records as a person reads them in a spreadsheet cell: one line per record, its fields in
// words ("Renewal · Proposal · $1,200 · open"), a conversation's messages indented under it. Dates
// are UTC, written as YYYY-MM-DD HH:MM (the cell says so).
import type { Appointment, Conversation, ManualAction, Note, Opportunity, Task } from '../../../shared/domain.ts';

const CHANNELS: Record<string, string> = { sms: 'SMS', email: 'Email', call: 'Call', chat: 'Chat' };
const when = (ms: number) => `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
const money = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', maximumFractionDigits: 2 });
const one = (s: string) => s.replace(/\s*\r?\n\s*/g, ' ').trim();
const join = (...parts: (string | null | undefined | false)[]) => parts.filter(Boolean).join(' · ');

export const SUMMARIZE = {
  conversation: (c: Conversation) =>
    [
      join(CHANNELS[c.channel] ?? c.channel, c.subject ?? 'No subject', `${c.messages.length} message${c.messages.length === 1 ? '' : 's'}`),
      ...c.messages.map((m) => `  ${m.direction === 'inbound' ? 'Received' : 'Sent'} ${when(m.sentAt)}: ${one(m.body)}`),
    ].join('\n'),
  note: (n: Note) => `${when(n.createdAt)}: ${one(n.body)}`,
  opportunity: (o: Opportunity) => join(o.name, money.format(o.value), o.pipeline && o.stage ? `${o.pipeline} / ${o.stage}` : o.pipeline || o.stage, o.status),
  task: (t: Task) => join(t.title, t.dueAt === null ? 'no due date' : `due ${when(t.dueAt)}`, t.done ? 'done' : 'open'),
  appointment: (a: Appointment) => join(a.title, `${when(a.startsAt)} to ${when(a.endsAt)}`, a.location),
  manualAction: (m: ManualAction) => join(CHANNELS[m.type] ?? m.type, m.dueAt === null ? 'no due date' : `due ${when(m.dueAt)}`, m.status, m.note && one(m.note)),
} as const;
