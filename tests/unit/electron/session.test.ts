import { describe, expect, it, vi } from 'vitest';

vi.mock('electron', async () => (await import('./fakeElectron.ts')).electron);

const { electron } = await import('./fakeElectron.ts');
const { hardenSession } = await import('../../../electron/session.ts');
const { CONTENT_SECURITY_POLICY } = await import('../../../electron/csp.ts');

hardenSession(electron.session.defaultSession as never);
const state = electron.testing.sessionState;

describe('the session', () => {
  it('turns the spellchecker off, so Chromium downloads no dictionaries (issue 12, item 16c)', () => {
    const ses = { ...electron.session.defaultSession, setSpellCheckerEnabled: vi.fn() };
    hardenSession(ses as never);
    expect(ses.setSpellCheckerEnabled).toHaveBeenCalledWith(false);
  });

  it('denies every permission request', () => {
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal', 'fullscreen']) {
      const cb = vi.fn();
      state.permissionRequest!({}, permission, cb);
      expect(cb, permission).toHaveBeenCalledWith(false);
    }
  });

  it('answers every permission check and device request with no', () => {
    expect(state.permissionCheck!({}, 'media', 'app://kyrios', {})).toBe(false);
    expect(state.devicePermission!({ deviceType: 'usb' })).toBe(false);
  });

  it('puts the CSP on every response, replacing any other policy', () => {
    const cb = vi.fn();
    state.headersReceived!(
      { responseHeaders: { 'content-security-policy': ["default-src *; script-src 'unsafe-eval'"], 'Content-Type': ['text/html'] } },
      cb,
    );
    const headers = cb.mock.calls[0]![0].responseHeaders as Record<string, string[]>;
    expect(headers['Content-Security-Policy']).toEqual([CONTENT_SECURITY_POLICY]);
    expect(Object.keys(headers).filter((k) => k.toLowerCase() === 'content-security-policy')).toHaveLength(1);
    expect(headers['Content-Type']).toEqual(['text/html']);
  });

  it('has a strict policy: own scripts only, no eval, no framing, no plugins; inline styles for emotion', () => {
    const directives = Object.fromEntries(
      CONTENT_SECURITY_POLICY.split(';').map((d) => {
        const [name, ...values] = d.trim().split(/\s+/);
        return [name!, values];
      }),
    );
    expect(directives['default-src']).toEqual(["'none'"]);
    expect(directives['script-src']).toEqual(["'self'"]);
    expect(directives['style-src']).toEqual(["'self'", "'unsafe-inline'"]);
    expect(directives['connect-src']).toEqual(["'self'"]);
    expect(directives['object-src']).toEqual(["'none'"]);
    expect(directives['frame-ancestors']).toEqual(["'none'"]);
    expect(directives['base-uri']).toEqual(["'none'"]);
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-eval|wasm-unsafe-eval|\*/);
  });
});
