import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { appProtocolResponse, isAppUrl } from '../../../electron/appProtocol.ts';
import { CONTENT_SECURITY_POLICY } from '../../../electron/csp.ts';
import { tempDir } from '../../helpers/core.ts';

const dir = tempDir('kyrios-protocol-');
const root = path.join(dir, 'renderer');
fs.mkdirSync(path.join(root, 'assets'), { recursive: true });
fs.writeFileSync(path.join(root, 'index.html'), '<!doctype html><title>Kyrios</title>');
fs.writeFileSync(path.join(root, 'assets', 'index-1a2b.css'), 'body{}');
fs.writeFileSync(path.join(dir, 'secret.txt'), 'secret');
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const get = (url: string, method = 'GET') => appProtocolResponse(root, new Request(url, { method }));

describe('app://kyrios/', () => {
  it('serves the built renderer with its type and the CSP', async () => {
    const res = await get('app://kyrios/index.html');
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('<title>Kyrios</title>');
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    const css = await get('app://kyrios/assets/index-1a2b.css');
    expect(css.headers.get('content-type')).toBe('text/css; charset=utf-8');
  });

  it('never leaves the renderer folder', async () => {
    for (const url of ['app://kyrios/../secret.txt', 'app://kyrios/%2e%2e/secret.txt', 'app://kyrios/assets/..%2F..%2Fsecret.txt', 'app://kyrios/%2E%2E%5Csecret.txt']) {
      const res = await get(url);
      expect(res.status, url).toBe(404);
      expect(await res.text()).not.toContain('secret');
    }
  });

  it('answers only its own host and only GET/HEAD', async () => {
    expect((await get('app://other/index.html')).status).toBe(404);
    expect((await get('app://kyrios/index.html', 'POST')).status).toBe(405);
    expect((await get('app://kyrios/index.html', 'HEAD')).status).toBe(200);
  });

  it('recognises the app URL and nothing else', () => {
    expect(isAppUrl('app://kyrios/index.html')).toBe(true);
    expect(isAppUrl('app://kyrios/')).toBe(true);
    for (const url of ['app://kyrios.x/', 'app://x@kyrios/', 'http://kyrios/', 'file:///index.html', '', null, undefined, '::']) {
      expect(isAppUrl(url), String(url)).toBe(false);
    }
  });
});
