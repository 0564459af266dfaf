import { parseArgs } from 'node:util';
import { defaultDataDir } from '../dataDir.ts';
import { DEFAULT_PORT } from './host.ts';

export interface CliOptions {
  dataDir: string;
  port: number;
  staticDir?: string;
  help: boolean;
}

export const USAGE = `Usage: npm run serve -- [--data-dir DIR] [--port N]

  --data-dir DIR   where the database lives (default: the desktop app's folder, ${defaultDataDir()})
  --port N         port on 127.0.0.1 (default ${DEFAULT_PORT}; 0 picks a free one)
  --static-dir DIR the built renderer (default out/renderer)

The token comes from KYRIOS_TOKEN, or is random.`;

/** Parses the command line; throws an Error with a message for the user on bad options. */
export function parseCliArgs(argv: string[], env: NodeJS.ProcessEnv = process.env): CliOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      'data-dir': { type: 'string' },
      port: { type: 'string' },
      'static-dir': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
    allowPositionals: false,
  });
  const portText = values.port ?? env.KYRIOS_PORT ?? String(DEFAULT_PORT);
  const port = Number(portText);
  if (!/^\d+$/.test(portText) || port > 65535) throw new Error(`--port must be a number from 0 to 65535, not "${portText}".`);
  return {
    dataDir: values['data-dir'] ?? env.KYRIOS_DATA_DIR ?? defaultDataDir(),
    port,
    staticDir: values['static-dir'],
    help: values.help ?? false,
  };
}
