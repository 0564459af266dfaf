import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import type { CredentialVault } from '../../../electron/core/sync/credentialVault.ts';
import { answerVaultRequest, type VaultRequest } from '../../../electron/core/worker/vaultBridge.ts';

// A stand-in for safeStorage: it only runs on the main thread, as Electron's does.
const vault: CredentialVault = {
  seal: (secret) => 'v1:' + Buffer.from(secret).toString('base64'),
  open: (sealed) => {
    if (!sealed.startsWith('v1:')) throw new Error('This was sealed by another user or machine.');
    return Buffer.from(sealed.slice(3), 'base64').toString();
  },
};

describe('the device credential vault across the thread boundary', () => {
  it("answers the writer thread's synchronous seal and open with the main thread's vault, errors included", async () => {
    const worker = new Worker(new URL('./vaultBridgeChild.ts', import.meta.url));
    const result = await new Promise<{ sealed: string; opened: string; refused: string }>((resolve, reject) => {
      worker.on('message', (msg: VaultRequest | { type: 'result'; sealed: string; opened: string; refused: string }) => {
        if (msg.type === 'vault') answerVaultRequest(vault, msg);
        else resolve(msg);
      });
      worker.on('error', reject);
    });
    await worker.terminate();
    expect(result).toEqual({
      type: 'result',
      sealed: 'v1:' + Buffer.from('device-token-ÅØ-123').toString('base64'),
      opened: 'device-token-ÅØ-123',
      refused: 'This was sealed by another user or machine.',
    });
  });
});
