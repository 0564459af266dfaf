export const E2E_PORT = Number(process.env.KYRIOS_E2E_PORT ?? 4599);
export const E2E_TOKEN = 'kyrios-e2e-token-0123456789abcdef';
export const E2E_BASE_URL = `http://127.0.0.1:${E2E_PORT}`;

/** Debian's Chromium, started quietly (no network side traffic, no GPU). */
export const CHROMIUM = {
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
};
