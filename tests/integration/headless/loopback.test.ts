// Where the host listens, and how it serves the built renderer.
import fs from 'node:fs';
import net, { type AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../../../electron/csp.ts';
import { startHeadlessHost, type HeadlessHost } from '../../../electron/headless/host.ts';
import { tempDir } from '../../helpers/core.ts';
import { request } from './request.ts';

let host: HeadlessHost;
let root: string;

beforeAll(async () => {
  const dataDir = tempDir('kyrios-loopback-');
  root = path.join(dataDir, 'renderer');
  fs.mkdirSync(path.join(root, 'assets'), { recursive: true });
  fs.writeFileSync(path.join(root, 'index.html'), '<!doctype html><title>Kyrios</title><script type="module" src="./assets/app-abc123.js"></script>');
  fs.writeFileSync(path.join(root, 'assets', 'app-abc123.js'), 'console.log("hi")');
  fs.writeFileSync(path.join(root, '.env'), 'SECRET=1');
  fs.writeFileSync(path.join(dataDir, 'secret.txt'), 'outside the root');
  // Symlinks inside the root that lead out of it: to a file, and to a folder.
  fs.symlinkSync(path.join(dataDir, 'secret.txt'), path.join(root, 'assets', 'leak.js'));
  fs.mkdirSync(path.join(dataDir, 'outside'));
  fs.writeFileSync(path.join(dataDir, 'outside', 'app.js'), 'outside the root');
  fs.symlinkSync(path.join(dataDir, 'outside'), path.join(root, 'linked'));
  // A symlink that stays inside the root is served.
  fs.symlinkSync(path.join(root, 'assets', 'app-abc123.js'), path.join(root, 'assets', 'alias.js'));
  host = await startHeadlessHost({ dataDir, port: 0, background: false, staticDir: root });
});
afterAll(async () => {
  await host?.close();
});

function otherLocalAddresses(): string[] {
  return Object.values(os.networkInterfaces())
    .flat()
    .filter((a): a is os.NetworkInterfaceInfo => Boolean(a && !a.internal && !a.address.startsWith('fe80:')))
    .map((a) => a.address);
}

function connect(address: string, port: number): Promise<'connected' | string> {
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

describe('the headless host', () => {
  it('listens on 127.0.0.1 only', async () => {
    const address = host.server.address() as AddressInfo;
    expect(address.address).toBe('127.0.0.1');
    expect(address.family).toBe('IPv4');
    expect(host.url).toBe(`http://127.0.0.1:${host.port}/?token=${encodeURIComponent(host.token)}`);
    expect(await connect('127.0.0.1', host.port)).toBe('connected');
    // ::1 is loopback too, but not where the host listens
    expect(await connect('::1', host.port)).not.toBe('connected');
  });

  it('refuses connections on every other local interface address', async (ctx) => {
    const others = otherLocalAddresses();
    if (others.length === 0) ctx.skip(); // this machine has loopback only
    for (const address of others) expect(await connect(address, host.port), address).toBe('ECONNREFUSED');
  });

  it('makes a random 256-bit token when none is given', () => {
    expect(host.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('serves index.html at / without a token, with the strict CSP and security headers', async () => {
    const r = await request(host.port, { path: '/' });
    expect(r.status).toBe(200);
    expect(r.text).toContain('<title>Kyrios</title>');
    expect(r.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(r.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
    expect(CONTENT_SECURITY_POLICY).not.toContain('unsafe-eval');
    expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self'");
    expect(CONTENT_SECURITY_POLICY).toContain("frame-ancestors 'none'");
    expect(r.headers['x-content-type-options']).toBe('nosniff');
    expect(r.headers['referrer-policy']).toBe('no-referrer');
    expect(r.headers['cache-control']).toBe('no-store');
  });

  it('serves hashed assets with their type and a long cache life', async () => {
    const r = await request(host.port, { path: '/assets/app-abc123.js' });
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(r.headers['cache-control']).toContain('immutable');
    expect(r.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
  });

  it('answers client routes with index.html and unknown files with 404', async () => {
    expect((await request(host.port, { path: '/contacts/123' })).text).toContain('<title>Kyrios</title>');
    expect((await request(host.port, { path: '/missing.js' })).status).toBe(404);
  });

  it('never serves a file outside the renderer folder, nor dot-files', async () => {
    for (const p of ['/../secret.txt', '/%2e%2e/secret.txt', '/assets/..%2f..%2fsecret.txt', '/..%5csecret.txt', '/.env', '/%00.js', '/%E0%A4%A.js']) {
      const r = await request(host.port, { path: p });
      expect(r.status, p).toBe(404);
      expect(r.text).not.toContain('outside the root');
      expect(r.text).not.toContain('SECRET');
    }
  });

  it('never follows a symlink out of the renderer folder (issue 12, item 16b)', async () => {
    for (const p of ['/assets/leak.js', '/linked/app.js']) {
      const r = await request(host.port, { path: p });
      expect(r.status, p).toBe(404);
      expect(r.text, p).not.toContain('outside the root');
    }
    const inside = await request(host.port, { path: '/assets/alias.js' });
    expect(inside.status).toBe(200);
    expect(inside.text).toBe('console.log("hi")');
  });

  it('allows only GET and HEAD on static files', async () => {
    expect((await request(host.port, { method: 'HEAD', path: '/' })).status).toBe(200);
    const r = await request(host.port, { method: 'POST', path: '/', body: 'x' });
    expect(r.status).toBe(405);
  });
});
