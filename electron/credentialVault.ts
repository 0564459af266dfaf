import { safeStorage } from 'electron';
import type { CredentialVault } from './core/sync/credentialVault.ts';

/**
 * The hub's device credential kept with the OS: Electron's safeStorage encrypts it with a key held by the
 * user's keychain (Keychain on macOS, DPAPI on Windows, the Secret Service / kwallet on Linux). Where the
 * OS offers no such key (Linux without a keyring: safeStorage falls back to a hard-coded password), none
 * is used and the token stays in the database file as on the headless host (docs/security.md).
 */
export function osCredentialVault(): CredentialVault | undefined {
  try {
    if (!safeStorage?.isEncryptionAvailable()) return undefined;
    if (process.platform === 'linux' && safeStorage.getSelectedStorageBackend?.() === 'basic_text') return undefined;
  } catch {
    return undefined; // asked before the app is ready, or no keychain at all: the token stays in the file
  }
  return {
    seal: (secret) => safeStorage.encryptString(secret).toString('base64'),
    open: (sealed) => safeStorage.decryptString(Buffer.from(sealed, 'base64')),
  };
}
