import crypto from 'node:crypto';

/** A fresh secret of 32 random bytes, base64url. */
export function newSecret(bytes = 32): string {
  return crypto.randomBytes(bytes).toString('base64url');
}

export function newId(): string {
  return crypto.randomUUID();
}

/**
 * The hub stores device tokens and invite secrets as SHA-256 only. They are 32 (24) random bytes, not
 * passwords a person chose: no dictionary applies and 2^192+ guesses are out of reach, so a slow hash
 * (scrypt) would add nothing but cost to every request (docs/security.md).
 */
export function hashSecret(secret: string): string {
  return crypto.createHash('sha256').update(secret, 'utf8').digest('hex');
}
