import type { CoreContext } from '../context.ts';

/**
 * Where a member's device credential (the hub's bearer token) is kept. The Electron app passes one backed
 * by the OS keychain (electron/credentialVault.ts, Electron's safeStorage: Keychain on macOS, DPAPI on
 * Windows, the Secret Service on Linux); the headless host and tests pass none, and the token stays in the
 * database file as the hub gave it (docs/security.md, "Team hub: credentials on a member's machine").
 */
export interface CredentialVault {
  /** Encrypts a secret with a key the OS holds for this user; the result is safe to store in the database. */
  seal(secret: string): string;
  open(sealed: string): string;
}

/** Sealed tokens are stored with this prefix, so a database moved to a machine without the vault says so. */
const SEALED = 'sealed:';

/** The token as it is written to sync_state.device_token. */
export function storeToken(ctx: CoreContext, token: string): string {
  return ctx.vault ? SEALED + ctx.vault.seal(token) : token;
}

/** The token to send to the hub, from what sync_state.device_token holds. */
export function readToken(ctx: CoreContext, stored: string): string {
  if (!stored.startsWith(SEALED)) return stored;
  if (!ctx.vault) return ''; // the hub answers UNAUTHORIZED: this copy of the database cannot use the credential
  try {
    return ctx.vault.open(stored.slice(SEALED.length));
  } catch {
    return ''; // sealed by another user or machine: the member joins again with a new invite
  }
}
