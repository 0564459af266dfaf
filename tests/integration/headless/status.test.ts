// The headless host over real HTTP on 127.0.0.1, against a real core on a temp folder: every status code
// a client can meet, and what the host never sends (a 500 for client input, CORS headers).
import Database from 'better-sqlite3';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DB_FILE_NAME } from '../../../electron/core/core.ts';
import { startHeadlessHost, type HeadlessHost } from '../../../electron/headless/host.ts';
import { STATUS_BY_CODE } from '../../../electron/headless/status.ts';
import { DAY_MS } from '../../../shared/domain.ts';
import { fakeClock, tempDir } from '../../helpers/core.ts';
import { request } from './request.ts';

const TOKEN = 'test-token-0123456789abcdef';
const clock = fakeClock();
let host: HeadlessHost;
let dataDir: string;

const auth = { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json' };
const post = (channel: string, body: unknown, headers: Record<string, string> = auth) =>
  request(host.port, {
    method: 'POST',
    path: `/api/${channel}`,
    headers,
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
const errorOf = (r: { json: unknown }) => (r.json as { error: { code: string; message: string; issues?: unknown[]; existingContactId?: string } }).error;

beforeAll(async () => {
  dataDir = tempDir('kyrios-headless-');
  host = await startHeadlessHost({ dataDir, port: 0, token: TOKEN, now: clock, background: false, staticDir: path.join(dataDir, 'no-renderer') });
});
afterAll(async () => {
  await host?.close();
});

describe('POST /api/<channel>', () => {
  it('200 with the result itself as JSON', async () => {
    const r = await post('settings.get', {});
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(r.json).toEqual({ retentionDays: 60, profileName: expect.any(String), phoneRegion: expect.stringMatching(/^[A-Z]{2}$/) });
  });

  it('an empty body counts as {}', async () => {
    expect((await post('settings.get', '')).status).toBe(200);
  });

  it('a contact round-trips: create, then get', async () => {
    const created = await post('contacts.create', { firstName: 'Ada', lastName: 'Lovelace', email: 'ada@example.com' });
    expect(created.status).toBe(200);
    const { id } = created.json as { id: string };
    const got = await post('contacts.get', { id });
    expect(got.status).toBe(200);
    expect((got.json as { contact: { email: string } }).contact.email).toBe('ada@example.com');
  });

  it('400 VALIDATION for input the schema refuses, with the failing fields', async () => {
    const r = await post('settings.update', { retentionDays: 0 });
    expect(r.status).toBe(400);
    expect(errorOf(r).code).toBe('VALIDATION');
    expect(errorOf(r).issues).toEqual([expect.objectContaining({ path: 'retentionDays' })]);
  });

  it('400 VALIDATION for a body that is not JSON', async () => {
    const r = await post('settings.get', '{"oops":');
    expect(r.status).toBe(400);
    expect(errorOf(r)).toMatchObject({ code: 'VALIDATION', message: 'The request body is not valid JSON.' });
  });

  it('400 for JSON that is not an object', async () => {
    for (const body of ['[]', '42', '"x"', 'null']) {
      const r = await post('contacts.list', body);
      expect(r.status, body).toBe(400); // only an empty body means "no input"; a JSON null is malformed
    }
  });

  it('404 UNKNOWN_CHANNEL for a name outside the contract, including prototype names', async () => {
    for (const name of ['contacts.drop', 'constructor', '__proto__', 'toString', 'hasOwnProperty', '..%2Fetc']) {
      const r = await post(name, {});
      expect(r.status, name).toBe(404);
      expect(errorOf(r).code, name).toBe('UNKNOWN_CHANNEL');
    }
  });

  it('404 NOT_FOUND for an id nobody has', async () => {
    const r = await post('contacts.get', { id: '0190f5a4-1b2c-7d3e-8f40-123456789abc' });
    expect(r.status).toBe(404);
    expect(errorOf(r).code).toBe('NOT_FOUND');
  });

  it('409 CONFLICT naming the contact that holds the email', async () => {
    const first = await post('contacts.create', { firstName: 'Grace', email: 'grace@example.com' });
    const r = await post('contacts.create', { firstName: 'Other', email: 'grace@example.com' });
    expect(r.status).toBe(409);
    expect(errorOf(r)).toMatchObject({ code: 'CONFLICT', existingContactId: (first.json as { id: string }).id });
  });

  it('410 PURGED for a contact purged after the retention period', async () => {
    const { id } = (await post('contacts.create', { firstName: 'Temporary' })).json as { id: string };
    expect((await post('contacts.deleteOne', { id })).status).toBe(200);
    clock.advance(61 * DAY_MS);
    const purge = await post('lifecycle.purgeExpired', {});
    expect((purge.json as { purged: number }).purged).toBeGreaterThanOrEqual(1);
    const r = await post('contacts.get', { id });
    expect(r.status).toBe(410);
    expect(errorOf(r).code).toBe('PURGED');
  });

  it('413 for a body over 1 MB, declared or streamed', async () => {
    const big = JSON.stringify({ query: 'x'.repeat(1024 * 1024 + 10) });
    const r = await post('contacts.list', big);
    expect(r.status).toBe(413);
    expect(errorOf(r).code).toBe('TOO_LARGE');

    // chunked, no Content-Length: refused once the running size passes the limit
    const chunked = await new Promise<number>((resolve, reject) => {
      import('node:http').then(({ default: http }) => {
        const req = http.request(
          { host: '127.0.0.1', port: host.port, method: 'POST', path: '/api/contacts.list', headers: { ...auth, Host: `127.0.0.1:${host.port}`, 'Transfer-Encoding': 'chunked' }, agent: false },
          (res) => {
            res.resume();
            resolve(res.statusCode ?? 0);
          },
        );
        req.on('error', reject);
        for (let i = 0; i < 20; i++) req.write('x'.repeat(100 * 1024));
        req.end();
      }, reject);
    });
    expect(chunked).toBe(413);
  });

  it('lets a CSV file over 1 MB through to the import channels, and still refuses it elsewhere', async () => {
    const rows = Array.from({ length: 40_000 }, (_, i) => `Person${i},p${i}@example.com`).join('\n');
    const contentBase64 = Buffer.from(`Name,Email\n${rows}\n`).toString('base64');
    expect(contentBase64.length).toBeGreaterThan(1024 * 1024);
    const preview = await post('import.preview', { fileName: 'big.csv', contentBase64 });
    expect(preview.status).toBe(200);
    expect((preview.json as { totalRows: number }).totalRows).toBe(40_000);
    expect((await post('contacts.list', { query: contentBase64 })).status).toBe(413);
  });

  it('401 without a token, with a wrong one, and with the token only in the query', async () => {
    const none = await post('settings.get', {}, { 'Content-Type': 'application/json' });
    expect(none.status).toBe(401);
    expect(errorOf(none).code).toBe('UNAUTHORIZED');
    expect(none.headers['www-authenticate']).toBe('Bearer');
    expect((await post('settings.get', {}, { Authorization: `Bearer ${TOKEN}x` })).status).toBe(401);
    expect((await post('settings.get', {}, { Authorization: `Bearer ${TOKEN.slice(0, -1)}` })).status).toBe(401);
    expect((await post('settings.get', {}, { Authorization: `Basic ${TOKEN}` })).status).toBe(401);
    const query = await request(host.port, { method: 'POST', path: `/api/settings.get?token=${TOKEN}`, body: '{}' });
    expect(query.status).toBe(401);
  });

  it('401 comes before anything else is revealed: unknown channels and wrong methods look the same', async () => {
    expect((await post('no.such', {}, {})).status).toBe(401);
    expect((await request(host.port, { path: '/api/settings.get' })).status).toBe(401);
  });

  it('403 for a Host header other than 127.0.0.1:PORT or localhost:PORT (DNS rebinding)', async () => {
    for (const h of ['evil.example', `evil.example:${host.port}`, '127.0.0.1', `127.0.0.1:${host.port + 1}`, `[::1]:${host.port}`, `0.0.0.0:${host.port}`]) {
      const r = await post('settings.get', {}, { ...auth, Host: h });
      expect(r.status, h).toBe(403);
      expect(errorOf(r).code).toBe('FORBIDDEN');
    }
    expect((await post('settings.get', {}, { ...auth, Host: `localhost:${host.port}` })).status).toBe(200);
    expect((await post('settings.get', {}, { ...auth, Host: `LOCALHOST:${host.port}` })).status).toBe(200);
    // the static files too
    expect((await request(host.port, { path: '/', headers: { Host: 'evil.example' } })).status).toBe(403);
  });

  it('405 for a method other than POST, with Allow', async () => {
    for (const method of ['GET', 'PUT', 'DELETE', 'PATCH', 'OPTIONS']) {
      const r = await request(host.port, { method, path: '/api/settings.get', headers: auth });
      expect(r.status, method).toBe(405);
      expect(r.headers.allow).toBe('POST');
    }
    expect((await request(host.port, { method: 'POST', path: '/api/events', headers: auth })).status).toBe(405);
  });

  it('503 BUSY while another program holds the database', async () => {
    const other = new Database(path.join(dataDir, DB_FILE_NAME));
    other.pragma('busy_timeout = 0');
    other.exec('BEGIN EXCLUSIVE');
    try {
      const r = await post('settings.update', { profileName: 'Blocked' });
      expect(r.status).toBe(503);
      expect(errorOf(r).code).toBe('BUSY');
    } finally {
      other.exec('ROLLBACK');
      other.close();
    }
    expect((await post('settings.update', { profileName: 'Free again' })).status).toBe(200);
  }, 30_000);

  it('maps the machine states to 503 and only INTERNAL to 500', () => {
    expect(STATUS_BY_CODE).toMatchObject({ BUSY: 503, DISK_FULL: 503, READ_ONLY: 503, CORRUPT: 503, INTERNAL: 500 });
    const clientCodes = ['VALIDATION', 'NOT_FOUND', 'CONFLICT', 'PURGED', 'UNKNOWN_CHANNEL', 'UNAUTHORIZED', 'FORBIDDEN', 'TOO_LARGE'] as const;
    for (const code of clientCodes) expect(STATUS_BY_CODE[code], code).toBeLessThan(500);
  });

  it('never sends CORS headers, even to a cross-origin request with an Origin', async () => {
    const responses = [
      await post('settings.get', {}, { ...auth, Origin: 'https://evil.example' }),
      await request(host.port, { method: 'OPTIONS', path: '/api/settings.get', headers: { Origin: 'https://evil.example', 'Access-Control-Request-Method': 'POST' } }),
      await request(host.port, { path: '/', headers: { Origin: 'https://evil.example' } }),
    ];
    for (const r of responses) {
      expect(Object.keys(r.headers).filter((h) => h.startsWith('access-control-'))).toEqual([]);
    }
  });

  it('answers every API response with nosniff and no-store', async () => {
    const r = await post('settings.get', {});
    expect(r.headers['x-content-type-options']).toBe('nosniff');
    expect(r.headers['cache-control']).toBe('no-store');
  });
});
