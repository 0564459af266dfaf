import type { Session } from 'electron';
import { CONTENT_SECURITY_POLICY } from './csp.ts';

/**
 * Locks the session down: every permission (camera, notifications, geolocation, …) is refused, whether
 * requested or merely checked, and every response carries the app's CSP as a header (replacing any other),
 * so the policy holds even for a page that forgot its meta tag.
 */
export function hardenSession(ses: Session): void {
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
