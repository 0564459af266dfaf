import { DAY_MS, type RelatedKind } from '../../../shared/domain.ts';
import type { SeedContact } from './contactGen.ts';
import { fill, type FillValues } from './fill.ts';
import {
  APPOINTMENT_TEMPLATES,
  LOCATIONS_VIRTUAL,
  MANUAL_ACTION_NOTES,
  MESSAGE_TEMPLATES,
  NOTE_TEMPLATES,
  PIPELINES,
  PIPELINE_NAMES,
  PIPELINE_WEIGHTS,
  SUBJECT_TEMPLATES,
  TASK_TEMPLATES,
  WEEKDAYS,
  type Pools,
} from './pools.ts';
import type { Random } from './random.ts';

/** Where generated related rows go: one method per table, positional columns as in migration 001. */
export interface RelatedSink {
  conversation(
    id: string,
    contactId: string,
    channel: string,
    subject: string | null,
    createdAt: number,
    updatedAt: number,
  ): void;
  message(
    id: string,
    contactId: string,
    conversationId: string,
    body: string,
    direction: string,
    sentAt: number,
    createdAt: number,
    updatedAt: number,
  ): void;
  note(id: string, contactId: string, body: string, createdAt: number, updatedAt: number): void;
  opportunity(
    id: string,
    contactId: string,
    name: string,
    pipeline: string,
    stage: string,
    value: number,
    status: string,
    createdAt: number,
    updatedAt: number,
  ): void;
  task(
    id: string,
    contactId: string,
    title: string,
    dueAt: number | null,
    done: number,
    createdAt: number,
    updatedAt: number,
  ): void;
  appointment(
    id: string,
    contactId: string,
    title: string,
    startsAt: number,
    endsAt: number,
    location: string | null,
    createdAt: number,
    updatedAt: number,
  ): void;
  manualAction(
    id: string,
    contactId: string,
    type: string,
    dueAt: number | null,
    status: string,
    note: string | null,
    createdAt: number,
    updatedAt: number,
  ): void;
}

// How a contact's history is made up, roughly: mostly messages, then tasks and notes.
const KINDS: readonly RelatedKind[] = [
  'message',
  'note',
  'task',
  'appointment',
  'manualAction',
  'opportunity',
  'conversation',
];
const KIND_WEIGHTS = [34, 16, 15, 11, 12, 7, 5];
const CHANNELS = ['email', 'sms', 'call', 'chat'];
const CHANNEL_WEIGHTS = [40, 25, 15, 20];
const OPP_STATUSES = ['open', 'won', 'lost'];
const OPP_STATUS_WEIGHTS = [60, 25, 15];
const ACTION_TYPES = ['call', 'sms', 'email'];
const ACTION_TYPE_WEIGHTS = [45, 25, 30];
const ACTION_STATUSES = ['pending', 'done', 'skipped'];
const ACTION_STATUS_WEIGHTS = [50, 40, 10];
const DURATIONS_MIN = [30, 45, 60, 90];
const QUARTER_HOUR = 15 * 60 * 1000;
const HOUR = 60 * 60 * 1000;

/**
 * Writes `count` related rows for contact `c` (every kind is possible; a message first creates the
 * conversation it belongs to when the contact has none). Times fall between the contact's creation and
 * `now`; due dates and appointments also reach into the coming weeks.
 */
export function makeRelated(
  r: Random,
  pools: Pools,
  nextId: () => string,
  c: SeedContact,
  count: number,
  now: number,
  sink: RelatedSink,
  counts: Record<RelatedKind, number>,
): void {
  if (count <= 0) return;
  const values: FillValues = {
    first: c.firstName,
    last: c.lastName,
    company: c.company ?? 'your company',
    product: r.pick(pools.products),
    city: r.pick(pools.cities),
    day: r.pick(WEEKDAYS),
    phrase: r.pick(pools.catchPhrases),
    n: r.int(2, 30),
  };
  const span = Math.max(1, now - c.createdAt);
  const at = () => c.createdAt + Math.floor(r.float() * span);
  const edited = (created: number) => (r.chance(0.7) ? created : created + Math.floor(r.float() * (now - created)));
  const conversations: { id: string; createdAt: number }[] = [];

  const addConversation = () => {
    const id = nextId();
    const createdAt = at();
    const channel = r.weighted(CHANNELS, CHANNEL_WEIGHTS);
    const subject = channel === 'email' ? fill(r.pick(SUBJECT_TEMPLATES), values) : null;
    sink.conversation(id, c.id, channel, subject, createdAt, edited(createdAt));
    counts.conversation++;
    conversations.push({ id, createdAt });
    return conversations[conversations.length - 1] as { id: string; createdAt: number };
  };

  let written = 0;
  while (written < count) {
    const kind = r.weighted(KINDS, KIND_WEIGHTS);
    switch (kind) {
      case 'conversation':
        addConversation();
        break;
      case 'message': {
        if (conversations.length === 0) {
          addConversation();
          written++;
          if (written >= count) break;
        }
        const conv = r.pick(conversations);
        const sentAt = conv.createdAt + Math.floor(r.float() * Math.max(1, now - conv.createdAt));
        const direction = r.chance(0.5) ? 'inbound' : 'outbound';
        const body = fill(r.pick(MESSAGE_TEMPLATES[direction]), values);
        sink.message(nextId(), c.id, conv.id, body, direction, sentAt, sentAt, sentAt);
        counts.message++;
        break;
      }
      case 'note': {
        const createdAt = at();
        const body = r.chance(0.3)
          ? fill(r.pick(NOTE_TEMPLATES), values) + ' ' + fill(r.pick(NOTE_TEMPLATES), values)
          : fill(r.pick(NOTE_TEMPLATES), values);
        sink.note(nextId(), c.id, body, createdAt, edited(createdAt));
        counts.note++;
        break;
      }
      case 'opportunity': {
        const createdAt = at();
        const pipeline = r.weighted(PIPELINE_NAMES, PIPELINE_WEIGHTS);
        const stages = PIPELINES[pipeline] as readonly string[];
        const status = r.weighted(OPP_STATUSES, OPP_STATUS_WEIGHTS);
        const stage =
          status === 'open' ? (stages[r.int(0, stages.length - 2)] as string) : (stages[stages.length - 1] as string);
        const value = Math.round(Math.exp(Math.log(500) + r.float() * Math.log(400)) / 50) * 50;
        const name = c.company
          ? `${c.company}: ${r.pick(pools.products)}`
          : `${r.pick(pools.products)} for ${c.firstName} ${c.lastName}`;
        sink.opportunity(nextId(), c.id, name, pipeline, stage, value, status, createdAt, edited(createdAt));
        counts.opportunity++;
        break;
      }
      case 'task': {
        const createdAt = at();
        const dueAt = r.chance(0.85) ? Math.round((now + (r.float() * 75 - 30) * DAY_MS) / HOUR) * HOUR : null;
        const done = dueAt !== null && dueAt < now ? r.chance(0.7) : r.chance(0.1);
        sink.task(
          nextId(),
          c.id,
          fill(r.pick(TASK_TEMPLATES), values),
          dueAt,
          done ? 1 : 0,
          createdAt,
          edited(createdAt),
        );
        counts.task++;
        break;
      }
      case 'appointment': {
        const createdAt = at();
        const startsAt =
          Math.round((createdAt + r.float() * (now + 60 * DAY_MS - createdAt)) / QUARTER_HOUR) * QUARTER_HOUR;
        const endsAt = startsAt + r.pick(DURATIONS_MIN) * 60 * 1000;
        const where = r.float();
        const location =
          where < 0.5
            ? r.pick(LOCATIONS_VIRTUAL)
            : where < 0.8
              ? `${r.pick(pools.streets)}, ${r.pick(pools.cities)}`
              : null;
        sink.appointment(
          nextId(),
          c.id,
          fill(r.pick(APPOINTMENT_TEMPLATES), values),
          startsAt,
          endsAt,
          location,
          createdAt,
          edited(createdAt),
        );
        counts.appointment++;
        break;
      }
      case 'manualAction': {
        const createdAt = at();
        const dueAt = r.chance(0.8) ? Math.round((now + (r.float() * 40 - 20) * DAY_MS) / HOUR) * HOUR : null;
        const note = r.chance(0.4) ? fill(r.pick(MANUAL_ACTION_NOTES), values) : null;
        sink.manualAction(
          nextId(),
          c.id,
          r.weighted(ACTION_TYPES, ACTION_TYPE_WEIGHTS),
          dueAt,
          r.weighted(ACTION_STATUSES, ACTION_STATUS_WEIGHTS),
          note,
          createdAt,
          edited(createdAt),
        );
        counts.manualAction++;
        break;
      }
    }
    written++;
  }
}
