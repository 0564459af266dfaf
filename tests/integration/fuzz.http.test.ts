// Bad input through the headless HTTP host: arbitrary bodies (JSON or not), mutants of valid inputs,
// odd methods and paths. Never a 500, always a JSON answer with a typed error or a result, and the
// database unchanged by every rejected call.
import fc from 'fast-check';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { CHANNEL_NAMES, ERROR_CODES } from '../../shared/contract.ts';
import { DB_FILE_NAME } from '../../electron/core/core.ts';
import { startHeadlessHost, type HeadlessHost } from '../../electron/headless/host.ts';
import { dumpDatabase, fakeClock, tempDir } from '../helpers/core.ts';
import { anyJson, buildFixture, FUZZ_RUNS, FUZZ_SEED, mutantOf, validExamples, type Fixture } from './fuzzInputs.ts';
import { request, type RawResponse } from './headless/request.ts';

const TOKEN = 'fuzz-token-0123456789abcdef';
let host: HeadlessHost;
let fixture: Fixture;
let dataDir: string;

beforeAll(async () => {
  dataDir = tempDir('kyrios-fuzz-http-');
  // A stand-in for the built renderer: `/api/..` resolves to `/`, which the static files answer.
  const staticDir = path.join(dataDir, 'renderer');
  fs.mkdirSync(staticDir, { recursive: true });
  fs.writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>Kyrios</title>');
  host = await startHeadlessHost({ dataDir, port: 0, token: TOKEN, now: fakeClock(), background: false, staticDir });
  fixture = await buildFixture(async (c, i) => {
    const env = await host.core.dispatcher.call(c, i);
    if (!env.ok) throw new Error(`${c}: ${env.error.message}`);
    return env.result;
  });
});
afterAll(async () => {
  reader?.close();
  await host?.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

let cached: { ino: number; version: number; dump: ReturnType<typeof dumpDatabase> } | null = null;
let reader: Database.Database | null = null;
let readerIno = -1;
/**
 * As in fuzz.dispatcher, but from a read-only connection of the test's own (the core's connections are
 * on its threads): the dump is recomputed only when data_version says another connection committed,
 * or the file was replaced (a restore from backup).
 */
function snapshot() {
  const file = path.join(dataDir, DB_FILE_NAME);
  const ino = fs.statSync(file).ino;
  if (!reader || readerIno !== ino) {
    reader?.close();
    reader = new Database(file, { readonly: true });
    readerIno = ino;
  }
  const version = reader.pragma('data_version', { simple: true }) as number;
  if (!cached || cached.ino !== ino || cached.version !== version) cached = { ino, version, dump: dumpDatabase(reader) };
  return cached;
}

const auth = { Authorization: `Bearer ${TOKEN}` };
const KNOWN_SIDE_EFFECTS: Record<string, Record<string, string[]>> = {
  // See fuzz.dispatcher.test.ts: a restore of a queued delete cancels it, then answers NOT_FOUND.
  'bulkActions.restore': { NOT_FOUND: ['bulk_actions', 'audit_log'] },
};

function expectTypedAnswer(res: RawResponse, what: string): void {
  expect(res.status, `${what}: ${res.text.slice(0, 300)}`).toBeLessThan(500);
  expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
  expect(res.json, `${what}: not JSON: ${res.text.slice(0, 200)}`).not.toBeUndefined();
  if (res.status !== 200) {
    const error = (res.json as { error?: { code?: string; message?: string } }).error;
    expect(ERROR_CODES, what).toContain(error?.code);
    expect(typeof error?.message).toBe('string');
  }
}

async function post(channel: string, body: string | Buffer, headers: Record<string, string> = {}): Promise<void> {
  const before = snapshot();
  const res = await request(host.port, {
    method: 'POST',
    path: `/api/${channel}`,
    headers: { ...auth, 'Content-Type': 'application/json', ...headers },
    body,
  });
  expectTypedAnswer(res, channel);
  if (res.status === 200) return;
  const after = snapshot();
  if (after === before) return; // no commit since
  const code = (res.json as { error: { code: string } }).error.code;
  const known = KNOWN_SIDE_EFFECTS[channel]?.[code];
  const strip = (d: typeof before.dump) => Object.fromEntries(Object.entries(d).filter(([t]) => !known?.includes(t)));
  expect(strip(after.dump), `${channel} answered ${res.status} but changed the database`).toEqual(strip(before.dump));
}

// Each HTTP call costs a connection: 60% of the dispatcher's runs per channel keeps npm test quick.
const opts = () => ({ seed: FUZZ_SEED, numRuns: Math.max(10, Math.round(FUZZ_RUNS * 0.6)), endOnFailure: true });

/** Bodies that are not JSON, or barely: what a broken or hostile client sends. */
const rawBody = fc.oneof(
  fc.string({ maxLength: 200 }),
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc.uint8Array({ maxLength: 300 }).map((a) => Buffer.from(a)),
  fc.constantFrom('{', '{"a":', '[1,2', 'null', 'true', '"str"', '1e999', '{"__proto__":{"x":1}}', '\uFEFF{}', '{}garbage'),
);

describe('fuzz: every channel through the HTTP host', () => {
  for (const channel of CHANNEL_NAMES) {
    it(`${channel}: JSON, mutants and raw bodies`, async () => {
      const examples = validExamples(fixture)[channel] ?? [{}];
      const body = fc.oneof(
        anyJson.map((v) => JSON.stringify(v) ?? ''),
        fc.oneof(...examples.map(mutantOf)).map((v) => JSON.stringify(v) ?? ''),
        rawBody,
      );
      await fc.assert(fc.asyncProperty(body, (b) => post(channel, b)), opts());
    });
  }

  it('odd methods, paths and headers: never a 500, always JSON under /api', async () => {
    const method = fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS');
    const segment = fc.oneof(
      fc.constantFrom(...CHANNEL_NAMES),
      fc.string({ maxLength: 40 }).map(encodeURIComponent),
      fc.constantFrom('', '..%2f..%2fetc%2fpasswd', '%00', '%ZZ', 'contacts.list/extra', '__proto__', 'constructor', '.', '..', 'a'.repeat(5000)),
    );
    const contentType = fc.constantFrom('application/json', 'text/plain', 'multipart/form-data; boundary=x', '', 'application/json; charset=latin1');
    await fc.assert(
      fc.asyncProperty(method, segment, contentType, rawBody, async (m, seg, ct, body) => {
        const before = snapshot();
        const res = await request(host.port, {
          method: m,
          path: `/api/${seg}`,
          headers: { ...auth, ...(ct ? { 'Content-Type': ct } : {}) },
          body: m === 'GET' ? undefined : body,
        });
        // `/api/..` is `/` once the URL is resolved: the static files answer it (index.html, or 405).
        if (new URL(`/api/${seg}`, 'http://127.0.0.1').pathname.startsWith('/api/')) {
          expectTypedAnswer(res, `${m} /api/${seg.slice(0, 50)}`);
        } else {
          expect([200, 405]).toContain(res.status);
        }
        if (res.status !== 200) expect(snapshot().dump).toEqual(before.dump);
      }),
      opts(),
    );
  });

  it('a body over the limit is refused with 413 and changes nothing', async () => {
    const before = snapshot();
    const big = JSON.stringify({ firstName: 'x'.repeat(2 * 1024 * 1024) });
    const res = await request(host.port, { method: 'POST', path: '/api/contacts.create', headers: auth, body: big });
    expect(res.status).toBe(413);
    expectTypedAnswer(res, 'too large');
    expect(snapshot().dump).toEqual(before.dump);
  });
});
