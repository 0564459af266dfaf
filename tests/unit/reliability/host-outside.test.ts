// The headless host seen from outside: started as its own process (`node electron/headless/cli.ts`),
// probed from this test process. Token, Host check, loopback binding, and no user data or secrets in
// what it writes to its console.
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../helpers/core.ts';
import { startHostProcess, type HostProcess } from '../../crash/hostProcess.ts';
import { request } from '../../integration/headless/request.ts';

const TOKEN = 'outside-token-7d1c0a9e5b3f4e28';
const WRONG_TOKEN = 'wrong-token-0000-1111-2222-3333';
const SECRETS = {
  firstName: 'Zebulon',
  lastName: 'Quaxworth',
  email: 'zebulon.quaxworth@secret-example.org',
  phone: '+1 555 867 5309',
  note: 'private note: the combination is 4-8-15-16-23-42',
};

let host: HostProcess;
let dataDir: string;
beforeAll(async () => {
  dataDir = tempDir('kyrios-outside-');
  host = await startHostProcess({ dataDir, token: TOKEN });
}, 30_000);
afterAll(async () => {
  await host?.stop('SIGTERM');
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const api = (channel: string, body: unknown, headers: Record<string, string> = { Authorization: `Bearer ${TOKEN}` }) =>
  request(host.port, { method: 'POST', path: `/api/${channel}`, headers: { 'Content-Type': 'application/json', ...headers }, body: JSON.stringify(body) });

function connect(address: string, port: number): Promise<string> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: address, port, timeout: 2000 });
    socket.once('connect', () => {
      socket.destroy();
      resolve('connected');
    });
    socket.once('timeout', () => {
      socket.destroy();
      resolve('ETIMEDOUT');
    });
    socket.once('error', (err: NodeJS.ErrnoException) => resolve(err.code ?? err.message));
  });
}

describe('the headless host, from another process', () => {
  it('answers 401 without a token and with a wrong one, 200 with the right one', async () => {
    const none = await api('settings.get', {}, {});
    expect(none.status).toBe(401);
    expect(none.json).toMatchObject({ error: { code: 'UNAUTHORIZED' } });
    expect(none.headers['www-authenticate']).toBe('Bearer');
    for (const headers of [
      { Authorization: `Bearer ${WRONG_TOKEN}` },
      { Authorization: `Bearer ${TOKEN.slice(0, -1)}` },
      { Authorization: `Bearer ${TOKEN}x` },
      { Authorization: `Basic ${Buffer.from(`user:${TOKEN}`).toString('base64')}` },
      { Authorization: TOKEN },
    ]) {
      const r = await api('settings.get', {}, headers);
      expect(r.status, JSON.stringify(headers)).toBe(401);
    }
    // The query string carries the token only for the event stream (EventSource cannot set headers).
    const viaQuery = await request(host.port, { method: 'POST', path: `/api/settings.get?token=${TOKEN}`, body: '{}' });
    expect(viaQuery.status).toBe(401);
    expect((await api('settings.get', {})).status).toBe(200);
  });

  it('answers 403 to a Host header that is not its own (DNS rebinding), even with the token', async () => {
    for (const host_ of ['evil.example', `evil.example:${host.port}`, `127.0.0.1:${host.port + 1}`, '127.0.0.1', `localhost.evil.example:${host.port}`, `[::1]:${host.port}`]) {
      const r = await request(host.port, {
        method: 'POST',
        path: '/api/settings.get',
        headers: { Host: host_, Authorization: `Bearer ${TOKEN}` },
        body: '{}',
      });
      expect(r.status, host_).toBe(403);
      expect(r.json).toMatchObject({ error: { code: 'FORBIDDEN' } });
    }
    const ok = await request(host.port, { method: 'POST', path: '/api/settings.get', headers: { Host: `localhost:${host.port}`, Authorization: `Bearer ${TOKEN}` }, body: '{}' });
    expect(ok.status).toBe(200);
  });

  it('listens on 127.0.0.1 only', async () => {
    expect(await connect('127.0.0.1', host.port)).toBe('connected');
    expect(await connect('::1', host.port)).not.toBe('connected');
    const others = Object.values(os.networkInterfaces())
      .flat()
      .filter((a): a is os.NetworkInterfaceInfo => Boolean(a && !a.internal && !a.address.startsWith('fe80:')))
      .map((a) => a.address);
    for (const address of others) expect(await connect(address, host.port), address).not.toBe('connected');
    // The kernel's own table of listening sockets: the port is bound to 127.0.0.1 (0100007F), nothing else.
    if (fs.existsSync('/proc/net/tcp')) {
      const portHex = host.port.toString(16).toUpperCase().padStart(4, '0');
      const listening = [...fs.readFileSync('/proc/net/tcp', 'utf8').split('\n'), ...(fs.existsSync('/proc/net/tcp6') ? fs.readFileSync('/proc/net/tcp6', 'utf8').split('\n') : [])]
        .map((l) => l.trim().split(/\s+/))
        .filter((f) => f[1]?.endsWith(`:${portHex}`) && f[3] === '0A') // 0A = LISTEN
        .map((f) => f[1]);
      expect(listening).toEqual([`0100007F:${portHex}`]);
    }
  });

  it("writes no contact's data, and no token, to its console", async () => {
    const created = await api('contacts.create', {
      firstName: SECRETS.firstName,
      lastName: SECRETS.lastName,
      email: SECRETS.email,
      phone: SECRETS.phone,
    });
    expect(created.status).toBe(200);
    const id = (created.json as { id: string }).id;
    expect((await api('related.create', { kind: 'note', contactId: id, body: SECRETS.note })).status).toBe(200);
    // Calls that fail, in every way a client can make them fail, with the personal data in them.
    expect((await api('contacts.create', { firstName: SECRETS.firstName, email: SECRETS.email })).status).toBe(409);
    expect((await api('contacts.create', { firstName: SECRETS.firstName, email: `not-an-email ${SECRETS.email}` })).status).toBe(400);
    expect((await api('contacts.update', { id, email: SECRETS.note })).status).toBe(400);
    expect((await api('contacts.list', { query: SECRETS.lastName })).status).toBe(200);
    expect((await api('contacts.export', { ids: [id] })).status).toBe(200);
    expect((await api(`no.such.${SECRETS.lastName}`, {})).status).toBe(404);
    expect((await api('contacts.create', { firstName: SECRETS.firstName }, { Authorization: `Bearer ${WRONG_TOKEN}` })).status).toBe(401);
    const raw = await request(host.port, { method: 'POST', path: '/api/contacts.create', headers: { Authorization: `Bearer ${TOKEN}` }, body: `{"firstName": "${SECRETS.firstName}", ` });
    expect(raw.status).toBe(400);
    expect((await api('contacts.deleteOne', { id })).status).toBe(200);
    expect((await api('backups.create', {})).status).toBe(200);

    const code = await host.stop('SIGTERM');
    expect(code).toBe(0);
    const out = host.output();
    for (const secret of [...Object.values(SECRETS), SECRETS.email.split('@')[0]!, WRONG_TOKEN]) {
      expect(out, `the console shows ${secret}`).not.toContain(secret);
    }
    // The token appears exactly once: in the address printed at start for the user to open.
    expect(out.split(TOKEN).length - 1).toBe(1);
    expect(out).toMatch(new RegExp(`Kyrios is running at http://127\\.0\\.0\\.1:${host.port}/\\?token=${TOKEN}`));
  });
});
