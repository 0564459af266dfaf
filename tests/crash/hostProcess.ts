// The headless host as a child process (`node electron/headless/cli.ts`): what the crash harness kills
// and the outside security test talks to from a second process.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

export const CLI = path.resolve(import.meta.dirname, '../../electron/headless/cli.ts');

export interface HostProcess {
  child: ChildProcess;
  port: number;
  token: string;
  /** Everything the host wrote to stdout and stderr so far. */
  output(): string;
  /** Resolves with the exit code (or the signal's name) once the process has ended. */
  exited: Promise<number | string>;
  /** Ends it with `signal` (SIGTERM: clean close; SIGKILL: a crash) and waits for the exit. */
  stop(signal?: NodeJS.Signals): Promise<number | string>;
}

export async function startHostProcess(opts: {
  dataDir: string;
  token: string;
  env?: Record<string, string>;
  timeoutMs?: number;
  /** Default true: wait for "Kyrios is running at …". False returns at once (port 0), to kill it while it starts. */
  waitReady?: boolean;
}): Promise<HostProcess> {
  const child = spawn(process.execPath, [CLI, '--data-dir', opts.dataDir, '--port', '0'], {
    env: { ...process.env, ...opts.env, KYRIOS_TOKEN: opts.token },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (out += c.toString()));
  const exited = new Promise<number | string>((resolve) => child.on('exit', (code, signal) => resolve(code ?? signal ?? -1)));
  let ended = false;
  void exited.then(() => (ended = true));
  const stop = async (signal: NodeJS.Signals = 'SIGTERM') => {
    if (!ended) child.kill(signal);
    return exited;
  };
  if (opts.waitReady === false) return { child, port: 0, token: opts.token, output: () => out, exited, stop };
  const deadline = Date.now() + (opts.timeoutMs ?? 20_000);
  const started = () => /Kyrios is running at http:\/\/127\.0\.0\.1:(\d+)\//.exec(out);
  let m = started();
  while (!m) {
    if (ended || Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`the host did not start:\n${out}`);
    }
    await new Promise((r) => setTimeout(r, 25));
    m = started();
  }
  return {
    child,
    port: Number(m[1]),
    token: opts.token,
    output: () => out,
    exited,
    stop,
  };
}
