// `node electron/headless/cli.ts`: prints the address, takes KYRIOS_TOKEN, and closes the core on SIGTERM.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCliArgs } from '../../../electron/headless/args.ts';
import { defaultDataDir } from '../../../electron/dataDir.ts';
import { tempDir } from '../../helpers/core.ts';
import { request } from './request.ts';

const CLI = path.resolve(import.meta.dirname, '../../../electron/headless/cli.ts');

describe('cli', () => {
  it('starts, prints "Kyrios is running at …?token=…", answers with KYRIOS_TOKEN and stops cleanly on SIGTERM', async () => {
    const dataDir = tempDir('kyrios-cli-');
    const token = 'cli-token-0123456789abcdef';
    const child = spawn(process.execPath, [CLI, '--data-dir', dataDir, '--port', '0'], {
      env: { ...process.env, KYRIOS_TOKEN: token },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (out += c.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      const deadline = Date.now() + 20_000;
      while (!/Kyrios is running at/.test(out) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      const m = /Kyrios is running at http:\/\/127\.0\.0\.1:(\d+)\/\?token=(\S+)/.exec(out);
      expect(m, out).not.toBeNull();
      expect(m![2]).toBe(token);
      const port = Number(m![1]);
      const r = await request(port, { method: 'POST', path: '/api/settings.get', headers: { Authorization: `Bearer ${token}` }, body: '{}' });
      expect(r.status).toBe(200);
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
    expect(out).toContain('closing the database');
  }, 30_000);

  it('parses its options', () => {
    expect(parseCliArgs(['--data-dir', '/x', '--port', '0'], {})).toEqual({ dataDir: '/x', port: 0, staticDir: undefined, help: false });
    expect(parseCliArgs([], {})).toMatchObject({ dataDir: defaultDataDir(), port: 4517 });
    expect(() => parseCliArgs(['--port', 'abc'], {})).toThrow(/--port/);
    expect(() => parseCliArgs(['--port', '70000'], {})).toThrow(/--port/);
    expect(() => parseCliArgs(['--nope'], {})).toThrow();
  });

  it('defaults to the folder Electron uses for userData', () => {
    expect(defaultDataDir('linux', {}, '/home/ann')).toBe('/home/ann/.config/Kyrios Desktop');
    expect(defaultDataDir('linux', { XDG_CONFIG_HOME: '/cfg' }, '/home/ann')).toBe('/cfg/Kyrios Desktop');
    expect(defaultDataDir('darwin', {}, '/Users/ann')).toBe('/Users/ann/Library/Application Support/Kyrios Desktop');
    expect(defaultDataDir('win32', { APPDATA: 'C:\\Users\\ann\\AppData\\Roaming' }, 'C:\\Users\\ann')).toBe(
      'C:\\Users\\ann\\AppData\\Roaming\\Kyrios Desktop',
    );
  });
});
