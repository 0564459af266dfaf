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

/** What team.status says when this machine cannot open its stored credential (TeamStatus.action 'rejoin'). */
export const CREDENTIAL_UNREADABLE =
  "This computer can no longer open its team credential (the system's keychain was reset, or the database came from another computer or user). Ask an owner or admin for a new invite and join again (Settings → Team): nothing on this computer is lost, and your old device stays listed until they revoke it.";

/**
 * Whether this machine can open the stored credential. A sealed one needs the vault that sealed it: with
 * no vault, or one that fails to open it (the OS keychain was reset), the credential is lost for good
 * and no request is sent with it (docs/sync.md, "A credential this machine cannot open").
 */
export function credentialReadable(ctx: CoreContext, stored: string): boolean {
  if (!stored.startsWith(SEALED)) return stored.length > 0;
  if (!ctx.vault) return false;
  try {
    return ctx.vault.open(stored.slice(SEALED.length)).length > 0;
  } catch {
    return false;
  }
}
