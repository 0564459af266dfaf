import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const root = path.resolve(import.meta.dirname, '../../..');
const config = parse(fs.readFileSync(path.join(root, 'electron-builder.yml'), 'utf8'));
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const targetsOf = (os: { target: { target: string }[] }) => os.target.map((t) => t.target);

describe('electron-builder.yml', () => {
  it('builds NSIS for Windows, DMG for macOS, AppImage and deb for Linux', () => {
    expect(targetsOf(config.win)).toEqual(['nsis']);
    expect(targetsOf(config.mac)).toEqual(['dmg']);
    expect(targetsOf(config.linux)).toEqual(['AppImage', 'deb']);
  });

  it('ships the built app and uses the icon in resources/', () => {
    expect(config.files).toContain('out/**');
    expect(config.icon).toBe('resources/icon.png');
    const png = fs.readFileSync(path.join(root, config.icon));
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    expect(png.readUInt32BE(16)).toBeGreaterThanOrEqual(512); // width: 512 px at least for every OS
    expect(png.readUInt32BE(20)).toBeGreaterThanOrEqual(512);
  });

  it('keeps better-sqlite3 outside the asar and does not rebuild its Node-API prebuilds', () => {
    expect(config.asar).toBe(true);
    expect(config.asarUnpack).toContain('node_modules/better-sqlite3/**');
    expect(config.npmRebuild).toBe(false);
    for (const platform of ['win32-x64', 'darwin-arm64', 'darwin-x64', 'linux-x64']) {
      expect(fs.existsSync(path.join(root, 'node_modules/better-sqlite3/prebuilds', `${platform}.node`))).toBe(true);
    }
  });

  it('flips the Electron fuses that close Node and debugging entry points', () => {
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      grantFileProtocolExtraPrivileges: false,
    });
  });

  it('points at the entry that the build writes and names the product', () => {
    expect(config.productName).toBe(pkg.productName);
    expect(pkg.main.startsWith('out/')).toBe(true);
    expect(pkg.devDependencies.electron).toMatch(/^\^?45\./);
  });
});
