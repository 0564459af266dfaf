import type { Database } from 'better-sqlite3';
import type { Dispatcher } from '../../electron/core/dispatcher.ts';
import { percentile, round } from './stats.ts';

export interface QueryFigure {
  name: string;
  /** How many live (or, for the Restore tab, deleted) contacts the query ran over. */
  contacts: number;
  p50Ms: number;
  p95Ms: number;
  runs: number;
}

/** Times `runs` calls of a channel, each with the input `makeInput(i)`, after a few warm-up calls. */
export async function timeChannel(
  dispatcher: Dispatcher,
  name: string,
  contacts: number,
  channel: string,
  makeInput: (i: number) => unknown,
  runs = 60,
): Promise<QueryFigure> {
  for (let i = 0; i < 3; i++) await dispatcher.call(channel, makeInput(runs + i));
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    const env = await dispatcher.call(channel, makeInput(i));
    times.push(performance.now() - t);
    if (!env.ok) throw new Error(`${channel} answered ${env.error.code}: ${env.error.message}`);
  }
  return { name, contacts, p50Ms: round(percentile(times, 50), 2), p95Ms: round(percentile(times, 95), 2), runs };
}

interface Sample {
  last_name: string;
  email: string;
  phone_digits: string;
}

/**
 * The Contacts list as a person uses it: the first page sorted by name, and the search box with a
 * name prefix (3 letters), a whole email, and the last 7 digits of a phone number (with no sort, as
 * the figures are defined), then the name prefix as the app sends it (with a sort). Inputs come from
 * live contacts picked evenly through the table, so each search finds something.
 */
export async function measureListAndSearch(db: Database, dispatcher: Dispatcher, runs = 60): Promise<QueryFigure[]> {
  const live = db.prepare('SELECT count(*) FROM contacts WHERE deleted_at IS NULL').pluck().get() as number;
  const maxRowid = db.prepare('SELECT max(rowid) FROM contacts').pluck().get() as number;
  const pick = db.prepare(
    `SELECT last_name, email, phone_digits FROM contacts
      WHERE rowid >= ? AND deleted_at IS NULL AND email IS NOT NULL AND phone_digits IS NOT NULL LIMIT 1`,
  );
  const samples: Sample[] = [];
  for (let i = 0; i < runs + 3; i++) {
    const s = pick.get(Math.floor(((i + 0.5) / (runs + 3)) * maxRowid)) as Sample | undefined;
    if (s) samples.push(s);
  }
  const at = (i: number) => samples[i % samples.length] as Sample;
  return [
    await timeChannel(
      dispatcher,
      'contacts.list first page, by name',
      live,
      'contacts.list',
      () => ({ sort: 'name', limit: 50 }),
      runs,
    ),
    await timeChannel(
      dispatcher,
      'search: name prefix (3 letters)',
      live,
      'contacts.list',
      (i) => ({ query: at(i).last_name.slice(0, 3), limit: 50 }),
      runs,
    ),
    await timeChannel(
      dispatcher,
      'search: email',
      live,
      'contacts.list',
      (i) => ({ query: at(i).email, limit: 50 }),
      runs,
    ),
    await timeChannel(
      dispatcher,
      'search: phone digits (last 7)',
      live,
      'contacts.list',
      (i) => ({ query: at(i).phone_digits.slice(-7), limit: 50 }),
      runs,
    ),
    // What the Contacts view itself sends (renderer/stores/contactsStore.ts): a sort always, newest
    // first unless the user picks another, 25 a page; and the name sort a user picks most.
    await timeChannel(
      dispatcher,
      'app: name prefix, newest first, 25',
      live,
      'contacts.list',
      (i) => ({ query: at(i).last_name.slice(0, 3), sort: '-createdAt', limit: 25 }),
      runs,
    ),
    await timeChannel(
      dispatcher,
      'app: name prefix, by name, 25',
      live,
      'contacts.list',
      (i) => ({ query: at(i).last_name.slice(0, 3), sort: 'name', limit: 25 }),
      runs,
    ),
  ];
}
