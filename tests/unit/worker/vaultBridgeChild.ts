// A writer-like thread that asks the main thread's vault synchronously (vault-bridge.test.ts).
import { parentPort } from 'node:worker_threads';
import { bridgedVault } from '../../../electron/core/worker/vaultBridge.ts';

const port = parentPort!;
const vault = bridgedVault(port);
const sealed = vault.seal('device-token-ÅØ-123');
let refused = '';
try {
  vault.open('not sealed by this vault');
} catch (err) {
  refused = (err as Error).message;
}
port.postMessage({ type: 'result', sealed, opened: vault.open(sealed), refused });
