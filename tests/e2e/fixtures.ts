// Seeding through the real API, and a page opened the way a user opens the app.
import AxeBuilder from '@axe-core/playwright';
import { expect, test as base, type APIRequestContext, type Page } from '@playwright/test';
import type { ChannelInput, ChannelName, ChannelResult } from '../../shared/contract.ts';
import type { Contact } from '../../shared/domain.ts';
import { E2E_TOKEN } from './env.ts';

export async function apiCall<C extends ChannelName>(request: APIRequestContext, channel: C, input: ChannelInput<C>): Promise<ChannelResult<C>> {
  const res = await request.post(`/api/${channel}`, { data: input, headers: { Authorization: `Bearer ${E2E_TOKEN}` } });
  const body = (await res.json()) as unknown;
  if (!res.ok()) throw new Error(`${channel} answered ${res.status()}: ${JSON.stringify(body)}`);
  return body as ChannelResult<C>;
}

/** A short unique word per test, so each test finds only its own contacts. */
export const uniq = (prefix: string) => `${prefix}${Date.now().toString(36)}${Math.floor(Math.random() * 1e4).toString(36)}`;

/** The related records every seeded contact gets: one of each kind, two messages. */
export const RELATED_PER_CONTACT = { conversations: 1, messages: 2, notes: 1, opportunities: 1, tasks: 1, appointments: 1, manualActions: 1 };

export async function seedContactWithRelated(request: APIRequestContext, c: ChannelInput<'contacts.create'>) {
  const contact = await apiCall(request, 'contacts.create', c);
  const first = c.firstName ?? 'Someone';
  const conv = await apiCall(request, 'related.create', { kind: 'conversation', contactId: contact.id, channel: 'email', subject: `Renewal for ${first}` });
  await apiCall(request, 'related.create', { kind: 'message', contactId: contact.id, conversationId: conv.id, direction: 'inbound', body: `Hello from ${first}` });
  await apiCall(request, 'related.create', { kind: 'message', contactId: contact.id, conversationId: conv.id, direction: 'outbound', body: `Reply to ${first}` });
  await apiCall(request, 'related.create', { kind: 'note', contactId: contact.id, body: `Note about ${first}` });
  await apiCall(request, 'related.create', { kind: 'opportunity', contactId: contact.id, name: `Deal with ${first}`, value: 1200 });
  await apiCall(request, 'related.create', { kind: 'task', contactId: contact.id, title: `Call ${first} back` });
  const start = Date.UTC(2030, 0, 10, 15);
  await apiCall(request, 'related.create', { kind: 'appointment', contactId: contact.id, title: `Demo for ${first}`, startsAt: start, endsAt: start + 3_600_000 });
  await apiCall(request, 'related.create', { kind: 'manualAction', contactId: contact.id, type: 'call', note: `Follow up ${first}` });
  return contact;
}

/** Creates `n` bare contacts tagged `tag`, a few requests at a time. */
export async function seedMany(request: APIRequestContext, n: number, tag: string): Promise<Contact[]> {
  const out: Contact[] = [];
  for (let i = 0; i < n; i += 25) {
    const batch = Array.from({ length: Math.min(25, n - i) }, (_, j) =>
      apiCall(request, 'contacts.create', { firstName: `Bulk${i + j}`, lastName: tag, tags: [tag] }),
    );
    out.push(...(await Promise.all(batch)));
  }
  return out;
}

/** Opens the app at a hash route with the host's token, as the printed address does. */
export async function openApp(page: Page, hash = '#/contacts'): Promise<void> {
  await page.goto(`/?token=${E2E_TOKEN}${hash}`);
  await expect(page.getByRole('tab', { name: 'Contacts' })).toBeVisible();
}

/** No serious or critical axe violations on the page as it is now. */
export async function expectNoSeriousA11yViolations(page: Page): Promise<void> {
  // A tooltip caught fading in (focus returned to its button) has a fraction of its contrast: scan it
  // once it is fully shown, so its real colours are what axe judges.
  // One caught fading out (the scan's focus moves on) is as wrong a reading: wait until no tooltip is in transition.
  await page.waitForFunction(() =>
    [...document.querySelectorAll('.MuiTooltip-tooltip')].every(
      (el) => getComputedStyle(el).opacity === '1' && el.getAnimations().length === 0,
    ),
  );
  const results = await new AxeBuilder({ page }).analyze();
  const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(bad.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`)).toEqual([]);
}

export const test = base;
export { expect };
