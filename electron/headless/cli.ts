// `npm run serve`: the headless host on 127.0.0.1. A thin wrapper around startHeadlessHost.
import path from 'node:path';
import { parseCliArgs, USAGE } from './args.ts';
import { startHeadlessHost } from './host.ts';

async function main(): Promise<void> {
  let opts;
  try {
    opts = parseCliArgs(process.argv.slice(2));
  } catch (err) {
    console.error((err as Error).message + '\n\n' + USAGE);
    process.exit(2);
  }
  if (opts.help) {
    console.log(USAGE);
    return;
  }
  const envToken = process.env.KYRIOS_TOKEN?.trim();
  let host;
  try {
    host = await startHeadlessHost({
      dataDir: path.resolve(opts.dataDir),
      port: opts.port,
      token: envToken || undefined,
      staticDir: opts.staticDir ? path.resolve(opts.staticDir) : undefined,
    });
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code === 'EADDRINUSE') console.error(`Port ${opts.port} is in use. Pick another with --port N (0 picks a free one).`);
    else console.error('Kyrios could not start:', (err as Error).message);
    process.exit(1);
  }
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: finishing the work in flight and closing the database…`);
    host.close().then(
      () => process.exit(0),
      (err: unknown) => {
        console.error('Closing failed:', err);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
  // Printed only once the handlers are in place: whoever waits for this line may stop the host at once,
  // and a SIGTERM that found no handler would kill it mid-work instead of closing it cleanly.
  console.log(`Data folder: ${host.core.dataDir}`);
  console.log(`Kyrios is running at ${host.url}`);
}

await main();
