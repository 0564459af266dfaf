// For the ux-* specs (issue 16): the two window sizes, a watcher of console errors and failed
// responses, and the DELETE dialog filled in.
import type { Page, Response } from '@playwright/test';
import { expect } from './fixtures.ts';

export const SIZES = [
  { name: '1440x900', width: 1440, height: 900 },
  { name: '1024x700', width: 1024, height: 700 },
] as const;

/**
 * Collects what a user's console would show: errors logged, pages that threw, and every API answer
 * of 400 or more. `expectNone()` fails listing them.
 */
export function watchConsole(page: Page) {
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('response', (r: Response) => {
    if (r.status() >= 400) problems.push(`${r.status()} ${r.request().method()} ${new URL(r.url()).pathname} ${r.request().postData() ?? ''}`);
  });
  return {
    problems,
    expectNone: () => expect(problems).toEqual([]),
  };
}

/** Types DELETE in the open DELETE dialog and confirms with Enter (keyboard only). */
export async function confirmDelete(page: Page, word = 'DELETE'): Promise<void> {
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel(/DELETE/).fill(word);
  await dialog.getByLabel(/DELETE/).press('Enter');
  await expect(dialog).toBeHidden();
}

/** The element that has keyboard focus, described: its role or tag, and its accessible text. */
export async function focused(page: Page): Promise<{ tag: string; text: string; testTarget: string | null; id: string }> {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    return {
      tag: el?.tagName.toLowerCase() ?? 'none',
      text: (el?.getAttribute('aria-label') ?? el?.textContent ?? '').trim().slice(0, 80),
      testTarget: el?.getAttribute('data-focus-target') ?? null,
      id: el?.id ?? '',
    };
  });
}
