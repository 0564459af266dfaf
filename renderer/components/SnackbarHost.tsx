// The one snackbar. It stays while the pointer is on it or focus is in it (so a keyboard user can
// reach its Undo), and Ctrl/Cmd+Z runs its Undo when no text field has focus. A job's snackbar
// (stores/snackbarStore.ts `job`) shows its bulk action's live text and hides a while after the action ends.
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Snackbar from '@mui/material/Snackbar';
import { useEffect, useState } from 'react';
import { jobText } from '../lib/jobToasts.ts';
import { isTextEntry } from '../lib/focus.ts';
import { useBulkActionsStore } from '../stores/bulkActionsStore.ts';
import { runShownUndo, useSnackbarStore } from '../stores/snackbarStore.ts';

/** How long the snackbar of a finished bulk action stays. */
const ENDED_MS = 6_000;
const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);
export const UNDO_SHORTCUT = isMac ? '⌘Z' : 'Ctrl+Z';

export function SnackbarHost() {
  const current = useSnackbarStore((s) => s.current);
  const close = useSnackbarStore((s) => s.close);
  const tracked = useBulkActionsStore((s) => (current?.job ? s.tracked.find((t) => t.id === current.job!.id) : undefined));
  // The snackbar (by key) the pointer or focus is on: it does not hide meanwhile.
  const [heldKey, setHeldKey] = useState<number | null>(null);
  const held = current !== null && heldKey === current.key;
  const setHeld = (on: boolean) => setHeldKey(on && current ? current.key : null);

  // Ctrl/Cmd+Z anywhere but in a text field runs the Undo on screen.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key.toLowerCase() !== 'z' || e.shiftKey || e.altKey || !(e.ctrlKey || e.metaKey)) return;
      if (isTextEntry(document.activeElement)) return;
      if (runShownUndo()) e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const job = current?.job ? jobText(current.job.type, tracked) : null;
  const duration = held ? null : job ? (job.ended ? ENDED_MS : null) : (current?.duration ?? 5000);
  const message = job ? job.text : current?.message;
  const severity = job ? job.severity : (current?.severity ?? 'info');

  return (
    <Snackbar
      key={current?.key}
      open={current !== null}
      autoHideDuration={duration}
      onClose={(_e, reason) => {
        if (reason !== 'clickaway') close(current?.key);
      }}
      anchorOrigin={{ vertical: 'bottom', horizontal: 'center' }}
    >
      {current ? (
        <Alert
          severity={severity}
          variant="filled"
          onClose={() => close(current.key)}
          onFocus={() => setHeld(true)}
          onBlur={(e) => {
            if (!e.currentTarget.contains(e.relatedTarget as Node | null)) setHeld(false);
          }}
          onMouseEnter={() => setHeld(true)}
          onMouseLeave={() => setHeld(false)}
          data-testid="snackbar"
          action={
            current.action || current.secondary ? (
              <>
                {current.secondary && (
                  <Button
                    color="inherit"
                    size="small"
                    onClick={() => {
                      close(current.key);
                      current.secondary?.run();
                    }}
                  >
                    {current.secondary.label}
                  </Button>
                )}
                {current.action && (
                  <Button
                    color="inherit"
                    size="small"
                    variant="outlined"
                    aria-keyshortcuts={current.undo ? 'Control+Z Meta+Z' : undefined}
                    title={current.undo ? `${current.action.label} (${UNDO_SHORTCUT})` : undefined}
                    onClick={() => {
                      close(current.key);
                      current.action?.run();
                    }}
                  >
                    {current.action.label}
                  </Button>
                )}
              </>
            ) : undefined
          }
          sx={{ alignItems: 'center', minWidth: 360, maxWidth: 'calc(100vw - 32px)' }}
        >
          {message}
          {current.undo && (
            <span style={{ display: 'block', fontSize: '0.875em' }}>Press {UNDO_SHORTCUT} to undo.</span>
          )}
        </Alert>
      ) : undefined}
    </Snackbar>
  );
}
