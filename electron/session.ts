import type { Session } from 'electron';
import { CONTENT_SECURITY_POLICY } from './csp.ts';

/**
 * Locks the session down: no spellchecker (it downloads dictionaries), every permission (camera, notifications, geolocation, …) is refused, whether
 * requested or merely checked, and every response carries the app's CSP as a header (replacing any other),
 * so the policy holds even for a page that forgot its meta tag.
 */
export function hardenSession(ses: Session): void {
  // No network the user did not ask for: Chromium's spellchecker downloads its dictionaries from
  // Google's servers (Windows, Linux) once enabled, so it is off for the whole session, not only in
  // the window's webPreferences. (Electron has no other implicit download: no auto-update, no crash
  // reporter upload, no Safe Browsing; the CSP keeps the page itself on app://.)
  ses.setSpellCheckerEnabled(false);
  ses.setPermissionRequestHandler((_webContents, _permission, callback) => callback(false));
  ses.setPermissionCheckHandler(() => false);
  ses.setDevicePermissionHandler(() => false);
  ses.webRequest.onHeadersReceived((details, callback) => {
    const responseHeaders: Record<string, string[]> = {};
    for (const [name, value] of Object.entries(details.responseHeaders ?? {})) {
      if (name.toLowerCase() !== 'content-security-policy') responseHeaders[name] = value;
    }
    responseHeaders['Content-Security-Policy'] = [CONTENT_SECURITY_POLICY];
    callback({ responseHeaders });
  });
}
