// The desktop app's vault for the hub's device credential (electron/credentialVault.ts): Electron's
// safeStorage when the OS has a keyring, none otherwise (the token then stays in the database file).
import { describe, expect, it, vi } from 'vitest';

vi.mock('electron', async () => (await import('./fakeElectron.ts')).electron);
const { safeStorage } = (await import('./fakeElectron.ts')).electron;
const { osCredentialVault } = await import('../../../electron/credentialVault.ts');

describe('osCredentialVault', () => {
  it('seals with safeStorage: the sealed text is not the token, and opens back to it', () => {
    safeStorage.available = true;
    safeStorage.backend = 'gnome_libsecret';
    const vault = osCredentialVault()!;
    const token = 'a'.repeat(20) + 'token-0123456789';
    const sealed = vault.seal(token);
    expect(sealed).not.toContain(token);
    expect(safeStorage.encryptString).toHaveBeenCalledWith(token);
    expect(vault.open(sealed)).toBe(token);
  });

  it('gives no vault where the OS has no keyring (encryption unavailable, or Linux basic_text)', () => {
    safeStorage.available = false;
    expect(osCredentialVault()).toBeUndefined();
    safeStorage.available = true;
    safeStorage.backend = 'basic_text';
    const onLinux = process.platform === 'linux';
    expect(osCredentialVault() === undefined).toBe(onLinux);
    safeStorage.backend = 'gnome_libsecret';
  });
});
