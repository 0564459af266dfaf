// The device credential's vault across the thread boundary. The vault (Electron's safeStorage) lives on
// the main thread, but the core asks it synchronously from the writer thread (sync/credentialVault.ts):
// the writer posts the request and blocks on a shared buffer until the main thread has answered. The
// main thread never waits for the writer, so this cannot deadlock; a request takes well under a
// millisecond and happens on join and when the token is read for a hub call.
import type { MessagePort } from 'node:worker_threads';
import type { CredentialVault } from '../sync/credentialVault.ts';

/** Room for the answer: a sealed token is a few hundred bytes. */
const ANSWER_BYTES = 64 * 1024;
/** State word: 0 waiting, 1 answered, 2 failed (the bytes hold the error message). */
const WAITING = 0;
const ANSWERED = 1;
const FAILED = 2;
/** A main thread that does not answer within this is treated as no vault (the hub then says UNAUTHORIZED). */
const TIMEOUT_MS = 10_000;

export interface VaultRequest {
  type: 'vault';
  op: 'seal' | 'open';
  value: string;
  reply: SharedArrayBuffer;
}

/** The writer's side: a vault whose every call is answered by the main thread's vault. */
export function bridgedVault(port: Pick<MessagePort, 'postMessage'>): CredentialVault {
  const ask = (op: VaultRequest['op'], value: string): string => {
    const reply = new SharedArrayBuffer(8 + ANSWER_BYTES);
    const state = new Int32Array(reply, 0, 2);
    port.postMessage({ type: 'vault', op, value, reply } satisfies VaultRequest);
    if (Atomics.wait(state, 0, WAITING, TIMEOUT_MS) === 'timed-out') throw new Error('The OS keychain did not answer.');
    const text = new TextDecoder().decode(new Uint8Array(reply, 8, state[1]).slice());
    if (Atomics.load(state, 0) === FAILED) throw new Error(text);
    return text;
  };
  return { seal: (secret) => ask('seal', secret), open: (sealed) => ask('open', sealed) };
}

/** The main thread's side: answers one request with its vault. */
export function answerVaultRequest(vault: CredentialVault | undefined, req: VaultRequest): void {
  const state = new Int32Array(req.reply, 0, 2);
  let outcome = ANSWERED;
  let text: string;
  try {
    if (!vault) throw new Error('No OS keychain is available to this app.');
    text = req.op === 'seal' ? vault.seal(req.value) : vault.open(req.value);
  } catch (err) {
    outcome = FAILED;
    text = err instanceof Error ? err.message : String(err);
  }
  const bytes = new TextEncoder().encode(text).slice(0, ANSWER_BYTES);
  new Uint8Array(req.reply, 8, bytes.length).set(bytes);
  state[1] = bytes.length;
  Atomics.store(state, 0, outcome);
  Atomics.notify(state, 0);
}
