// Where keyboard focus goes after an action, so it never falls to <body>: the element named, once it
// is on screen and enabled (the list refetches, a dialog finishes closing), else the next fallback.

/** A field where Ctrl/Cmd+Z is the field's own undo. */
export function isTextEntry(el: Element | null): boolean {
  if (!el) return false;
  if (el instanceof HTMLTextAreaElement) return true;
  if (el instanceof HTMLInputElement) return !['checkbox', 'radio', 'button', 'submit', 'reset', 'range', 'color', 'file'].includes(el.type);
  return (el as HTMLElement).isContentEditable === true;
}

const usable = (el: Element | null): el is HTMLElement =>
  el instanceof HTMLElement && el.isConnected && !el.hasAttribute('disabled') && el.getAttribute('aria-disabled') !== 'true' && el.getClientRects().length > 0;

/**
 * Focuses the first of `selectors` that is on screen whenever focus is on <body> during the next
 * `withinMs` (the rows it names may still be loading, or be replaced by the refetch). Focus a user
 * put somewhere is left there. The first try waits for a closing dialog to finish (MUI's exit
 * transition), so its own return of focus to the (now disabled) button that opened it comes first.
 */
export function focusSoon(selectors: string[], withinMs = 5_000): void {
  const start = Date.now();
  const attempt = () => {
    // Focused already, and still there: watch until the time is up (the element focused may be a
    // row or table that the refetch then replaces, which drops focus to <body> again).
    const active = document.activeElement;
    const lost = !active || active === document.body || !active.isConnected;
    // The last selector is the fallback: taken only once the others had time to appear (a page
    // still loading), so it does not win over the element meant.
    const candidates = selectors.length > 1 && Date.now() - start < FALLBACK_AFTER_MS ? selectors.slice(0, -1) : selectors;
    if (lost) {
      for (const s of candidates) {
        const el = document.querySelector(s);
        if (usable(el)) {
          el.focus();
          break;
        }
      }
    }
    if (Date.now() - start < withinMs) setTimeout(attempt, 50);
  };
  setTimeout(attempt, 260);
}

/** How long the element meant has to appear before focus goes to the fallback. */
const FALLBACK_AFTER_MS = 1_500;

/** The section heading ("Contacts"), focusable by script only: where focus goes when nothing nearer is left. */
export const HEADING = '#section-heading';
