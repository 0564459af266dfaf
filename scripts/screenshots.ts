// `npm run screenshots`: screenshots of each view, light and dark, from the real app (the headless host
// on a fresh temp data folder, seeded through the API, in Debian's Chromium) into docs/screenshots/.
import { chromium, type Page } from '@playwright/test';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ChannelInput, ChannelName, ChannelResult } from '../shared/contract.ts';
import { startHeadlessHost } from '../electron/headless/host.ts';

const OUT = path.resolve(import.meta.dirname, '..', 'docs', 'screenshots');
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kyrios-shots-'));
const host = await startHeadlessHost({ dataDir, port: 0 });
const base = `http://127.0.0.1:${host.port}`;

async function call<C extends ChannelName>(channel: C, input: ChannelInput<C>): Promise<ChannelResult<C>> {
  const res = await fetch(`${base}/api/${channel}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${host.token}` },
    body: JSON.stringify(input),
  });
  const body = (await res.json()) as unknown;
  if (!res.ok) throw new Error(`${channel}: ${JSON.stringify(body)}`);
  return body as ChannelResult<C>;
}

const PEOPLE = [
  ['Amara', 'Okafor', 'Lumen Health', ['customer', 'vip']],
  ['Jonas', 'Lindqvist', 'Nordlys AB', ['customer']],
  ['Priya', 'Raman', 'Raman & Co', ['lead']],
  ['Diego', 'Fernández', 'Costa Verde', ['partner']],
  ['Hannah', 'Becker', 'Becker Bau GmbH', ['lead', 'trade-show']],
  ['Kenji', 'Watanabe', 'Sakura Logistics', ['customer']],
  ['Fatima', 'Zahra', 'Atlas Imports', ['vip']],
  ['Liam', "O'Connor", 'Harbour Pubs', ['lead']],
  ['Sofia', 'Rossi', 'Rossi Design', ['customer']],
  ['Noah', 'Smith', 'Brightline Solar', ['trade-show']],
  ['Chloé', 'Martin', 'Atelier Martin', ['partner']],
  ['Mateo', 'Silva', 'Silva Coffee', ['customer', 'vip']],
  ['Aisha', 'Bello', 'Bello Farms', ['lead']],
  ['Oliver', 'Brown', 'Brown & Sons', ['customer']],
  ['Yuki', 'Tanaka', 'Tanaka Studio', ['lead']],
  ['Elena', 'Popescu', 'Carpathia Tours', ['customer']],
  ['Marcus', 'Johnson', 'Summit Fitness', ['trade-show']],
  ['Ingrid', 'Haugen', 'Fjord Fisheries', ['customer']],
] as const;

fs.mkdirSync(OUT, { recursive: true });
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });

async function shot(page: Page, name: string, fullPage = false) {
  await page.waitForTimeout(400); // let transitions settle
  await page.screenshot({ path: path.join(OUT, name), fullPage });
  console.log(`  ${name}`);
}

// The first thing a new user sees: the empty list.
for (const colorScheme of ['light', 'dark'] as const) {
  const context = await browser.newContext({ colorScheme, viewport: { width: 1440, height: 900 }, reducedMotion: 'reduce' });
  const page = await context.newPage();
  await page.goto(`${base}/?token=${host.token}#/contacts`);
  await page.getByText('No contacts yet').waitFor();
  await shot(page, `contacts-empty-${colorScheme}.png`);
  await context.close();
}

console.log('Seeding sample data…');
const made = [];
for (const [i, [firstName, lastName, company, tags]] of PEOPLE.entries()) {
  const plain = (s: string) => s.toLowerCase().normalize('NFD').replace(/[^a-z]/g, '');
  const email = `${plain(firstName)}.${plain(lastName)}@example.com`;
  const c = await call('contacts.create', { firstName, lastName, company, email, phone: `+1 555 01${String(i).padStart(2, '0')}`, tags: [...tags], source: i % 2 ? 'Website' : 'Referral' });
  made.push(c);
}
const star = made[0]!;
const conv = await call('related.create', { kind: 'conversation', contactId: star.id, channel: 'email', subject: 'Renewal for 2027' });
await call('related.create', { kind: 'message', contactId: star.id, conversationId: conv.id, direction: 'inbound', body: 'Hi! Could you send over the renewal quote for next year?' });
await call('related.create', { kind: 'message', contactId: star.id, conversationId: conv.id, direction: 'outbound', body: 'Of course — attached, with the multi-site discount applied.' });
await call('related.create', { kind: 'note', contactId: star.id, body: 'Prefers email. Decision maker for all three clinics.' });
await call('related.create', { kind: 'opportunity', contactId: star.id, name: 'Clinic rollout', value: 48000, stage: 'Proposal' });
await call('related.create', { kind: 'task', contactId: star.id, title: 'Send signed contract to legal', dueAt: Date.now() + 3 * 86_400_000 });
const start = Date.now() + 7 * 86_400_000;
await call('related.create', { kind: 'appointment', contactId: star.id, title: 'On-site demo', startsAt: start, endsAt: start + 5_400_000, location: 'Lumen Health HQ' });
await call('related.create', { kind: 'manualAction', contactId: star.id, type: 'call', note: 'Confirm attendee list', dueAt: start - 86_400_000 });
for (const c of [...made.slice(1, 6), ...made.slice(15, 18)]) {
  await call('related.create', { kind: 'note', contactId: c.id, body: `Met ${c.firstName} at the spring fair.` });
  await call('related.create', { kind: 'task', contactId: c.id, title: `Follow up with ${c.firstName}` });
}

// A restore conflict: Mateo Silva deleted, and a new contact now using his email.
const mateo = made[11]!;
await call('related.create', { kind: 'note', contactId: mateo.id, body: 'Wants the espresso blend samples in May.' });
await call('related.create', { kind: 'opportunity', contactId: mateo.id, name: 'Café chain supply', value: 12000 });
await call('related.create', { kind: 'task', contactId: mateo.id, title: 'Send price list' });
await call('contacts.deleteOne', { id: mateo.id });
await call('contacts.create', { firstName: 'Teo', lastName: 'Silva', company: 'Silva Coffee', email: mateo.email!, tags: ['customer'] });

// Deleted contacts and bulk actions, so the Restore tab and Bulk Actions have something to show.
await call('contacts.deleteOne', { id: made[15]!.id });
const bulk1 = await call('contacts.delete', { ids: [made[16]!.id, made[17]!.id] });
await host.core.idle();
const bulk2 = await call('contacts.delete', { ids: made.slice(12, 15).map((c) => c.id) });
await host.core.idle();
await call('bulkActions.restore', { id: bulk2.bulkActionId });
await host.core.idle();
// One contact of the first bulk delete brought back from the Restore tab: 'Complete · 1 of 2 restored'.
await call('restore.contacts', { ids: [made[16]!.id] });


for (const colorScheme of ['light', 'dark'] as const) {
  const context = await browser.newContext({ colorScheme, viewport: { width: 1440, height: 900 }, reducedMotion: 'reduce' });
  const page = await context.newPage();
  const open = async (hash: string) => {
    await page.goto(`${base}/?token=${host.token}${hash}`);
    await page.getByRole('tab', { name: 'Contacts' }).waitFor();
  };

  await open('#/contacts');
  await page.getByRole('link', { name: 'Amara Okafor' }).waitFor();
  await shot(page, `contacts-${colorScheme}.png`);

  await page.getByRole('checkbox', { name: 'Select Amara Okafor' }).check();
  await page.getByRole('checkbox', { name: 'Select Jonas Lindqvist' }).check();
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.getByRole('button', { name: 'Delete', exact: true }).click();
  await page.getByRole('dialog').getByText('This deletes').waitFor();
  await page.getByRole('dialog').getByLabel(/DELETE/).fill('DELET');
  await shot(page, `delete-modal-${colorScheme}.png`);
  await page.keyboard.press('Escape');

  await open(`#/contacts/${star.id}`);
  await page.getByRole('heading', { name: 'Notes (1)' }).waitFor();
  await shot(page, `contact-detail-${colorScheme}.png`, true);

  await open('#/restore');
  await page.getByTestId('deleted-row').first().waitFor();
  await page.getByTestId('deleted-row').first().getByRole('checkbox').check();
  await shot(page, `restore-${colorScheme}.png`);
  await page.getByRole('button', { name: 'Restore', exact: true }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Confirm' }).waitFor();
  await page.getByRole('dialog').getByText('will come back').waitFor();
  await shot(page, `restore-confirm-${colorScheme}.png`);
  await page.keyboard.press('Escape');

  await open('#/bulk');
  await page.getByTestId('bulk-action-row').first().waitFor();
  await shot(page, `bulk-actions-${colorScheme}.png`);

  // One action told in full (#/bulk/<id>), and the confirmation of a bulk restore.
  await page.goto(`${base}/?token=${host.token}#/bulk/${bulk1.bulkActionId}`);
  const drawer = page.getByRole('dialog');
  await drawer.getByText('Its 2 deleted contacts now').waitFor();
  await drawer.getByRole('tab', { name: 'Deleted (2)' }).click();
  await drawer.getByTestId('bulk-item-row').nth(1).waitFor();
  await shot(page, `bulk-detail-${colorScheme}.png`);
  await drawer.getByRole('button', { name: 'Restore…' }).click();
  await page.getByRole('dialog', { name: 'Restore 1 contact?' }).getByRole('button', { name: 'Restore 1 contact' }).waitFor();
  await shot(page, `bulk-restore-confirm-${colorScheme}.png`);
  await page.keyboard.press('Escape');
  await page.keyboard.press('Escape');

  // The restore conflict and its ways out.
  await open('#/restore?q=Mateo');
  await page.getByRole('checkbox', { name: 'Select Mateo Silva' }).check();
  await page.getByRole('button', { name: 'Restore', exact: true }).click();
  const ways = page.getByRole('dialog').getByTestId('conflict-ways-out');
  await ways.getByRole('link', { name: 'Teo Silva' }).waitFor();
  await shot(page, `restore-conflict-${colorScheme}.png`);
  await ways.getByRole('button', { name: 'Restore without its email…' }).click();
  await page.getByRole('dialog', { name: 'Restore Mateo Silva without its email?' }).locator('pre').waitFor();
  await shot(page, `restore-without-email-${colorScheme}.png`);
  await page.keyboard.press('Escape');
  await ways.getByRole('button', { name: 'Merge its records into Teo Silva…' }).click();
  await page.getByRole('dialog', { name: 'Merge the records of Mateo Silva into Teo Silva?' }).waitFor();
  await shot(page, `restore-merge-${colorScheme}.png`);
  await page.keyboard.press('Escape');

  await context.close();
}

await browser.close();
await host.close();
fs.rmSync(dataDir, { recursive: true, force: true });
console.log(`Screenshots in ${path.relative(process.cwd(), OUT)}`);
