// Issue 12, item 16d: the printed address's token is exchanged for an HttpOnly cookie and a redirect
// before any page loads, so it never stays in the browser's history; the cookie opens /api/* and
// /api/events for this host's own page only; the Bearer header still works for scripts and tests.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHeadlessHost, type HeadlessHost } from '../../../electron/headless/host.ts';
import { tempDir } from '../../helpers/core.ts';
import { request } from './request.ts';
import fs from 'node:fs';
import path from 'node:path';

const TOKEN = 'cookie-token-0123456789abcdef';
let host: HeadlessHost;

beforeAll(async () => {
  const dataDir = tempDir('kyrios-cookie-');
  const root = path.join(dataDir, 'renderer');
  fs.mkdirSync(root, { recursive: true });
  fs.writeFileSync(path.join(root, 'index.html'), '<!doctype html><title>Kyrios</title>');
  host = await startHeadlessHost({ dataDir, port: 0, token: TOKEN, background: false, staticDir: root });
});
afterAll(async () => {
  await host?.close();
});

const cookie = () => `kyrios_token_${host.port}=${encodeURIComponent(TOKEN)}`;
const apiCall = (headers: Record<string, string>) =>
  request(host.port, { method: 'POST', path: '/api/settings.get', headers: { 'Content-Type': 'application/json', ...headers }, body: '{}' });

describe('the printed address /?token=…', () => {
  it('answers 303 to the same address without the token, setting an HttpOnly SameSite=Strict cookie for /', async () => {
    const r = await request(host.port, { path: `/?token=${TOKEN}&view=x` });
    expect(r.status).toBe(303);
    expect(r.headers.location).toBe('/?view=x');
    expect(r.headers['set-cookie']).toEqual([`kyrios_token_${host.port}=${TOKEN}; HttpOnly; SameSite=Strict; Path=/`]);
    expect(r.headers['cache-control']).toBe('no-store');
    expect(r.headers['referrer-policy']).toBe('no-referrer');
    expect(r.text).toBe('');
    const plain = await request(host.port, { path: `/?token=${TOKEN}` });
    expect(plain.headers.location).toBe('/');
  });

  it('sets no cookie for a wrong token, and says which address to open', async () => {
    const r = await request(host.port, { path: '/?token=not-the-token-0123456789' });
    expect(r.status).toBe(401);
    expect(r.headers['set-cookie']).toBeUndefined();
    expect((r.json as { error: { message: string } }).error.message).toContain('open the address Kyrios printed');
  });

  it('never redirects to another host', async () => {
    const r = await request(host.port, { path: `/.//evil.example/x?token=${TOKEN}` });
    expect(r.status).toBe(303);
    expect(r.headers.location).toBe('/evil.example/x');
  });

  it('keeps the Host check before anything else', async () => {
    const r = await request(host.port, { path: `/?token=${TOKEN}`, headers: { Host: `evil.example:${host.port}` } });
    expect(r.status).toBe(403);
    expect(r.headers['set-cookie']).toBeUndefined();
  });
});

describe('the cookie', () => {
  it('opens /api/* for the page of this host (its Origin, or no Origin)', async () => {
    for (const headers of [
      { Cookie: cookie() },
      { Cookie: `other=1; ${cookie()}`, Origin: `http://127.0.0.1:${host.port}`, 'Sec-Fetch-Site': 'same-origin' },
      { Cookie: cookie(), Origin: `http://localhost:${host.port}` },
    ] as Record<string, string>[]) {
      const r = await apiCall(headers);
      expect(r.status, JSON.stringify(headers)).toBe(200);
      expect(r.json).toMatchObject({ retentionDays: 60 });
    }
  });

  it('is refused from another origin: a page of another program on 127.0.0.1 is "same-site" too', async () => {
    for (const headers of [
      { Cookie: cookie(), Origin: 'http://127.0.0.1:8080' },
      { Cookie: cookie(), Origin: 'null' },
      { Cookie: cookie(), 'Sec-Fetch-Site': 'same-site' },
      { Cookie: cookie(), 'Sec-Fetch-Site': 'cross-site' },
    ] as Record<string, string>[]) {
      const r = await apiCall(headers);
      expect(r.status, JSON.stringify(headers)).toBe(401);
    }
  });

  it('of another port (another Kyrios host) or with a wrong value opens nothing', async () => {
    expect((await apiCall({ Cookie: `kyrios_token_${host.port + 1}=${TOKEN}` })).status).toBe(401);
    expect((await apiCall({ Cookie: `kyrios_token_${host.port}=wrong-token-0123456789` })).status).toBe(401);
    expect((await apiCall({ Cookie: `kyrios_token_${host.port}=%E0%A4%A` })).status).toBe(401);
  });

  it('opens the event stream, as EventSource sends it (no header, no query)', async () => {
    const r = await new Promise<number>((resolve, reject) => {
      import('node:http').then(({ default: http }) => {
        const req = http.get(
          { host: '127.0.0.1', port: host.port, path: '/api/events', headers: { Host: `127.0.0.1:${host.port}`, Cookie: cookie() } },
          (res) => {
            resolve(res.statusCode ?? 0);
            res.destroy();
          },
        );
        req.on('error', reject);
      }, reject);
    });
    expect(r).toBe(200);
    expect((await request(host.port, { path: '/api/events', headers: { Cookie: cookie(), Origin: 'http://127.0.0.1:1' } })).status).toBe(401);
  });

  it('is not needed by scripts: the Bearer header still works', async () => {
    expect((await apiCall({ Authorization: `Bearer ${TOKEN}` })).status).toBe(200);
    expect((await apiCall({})).status).toBe(401);
  });
});
