// The one Content-Security-Policy of the app's page, for the Electron window (app://kyrios) and the
// headless host alike. The page loads only its own scripts; nothing is evaluated from strings (no
// 'unsafe-eval'), nothing is framed, no form posts anywhere. MUI's emotion injects <style> elements at run
// time, which is why styles (and only styles) allow 'unsafe-inline'. connect-src 'self' lets the headless
// client reach /api on its own origin and nothing else.
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "manifest-src 'self'",
  "worker-src 'none'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** Headers every response of the app's page carries, in Electron and over HTTP. */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'X-Frame-Options': 'DENY',
};
