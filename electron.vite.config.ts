// Builds the Electron main process (out/main/main.js, ESM) and the sandboxed preload (out/preload/preload.cjs).
// The renderer is built by its own Vite config (renderer/vite.config.ts, `npm run build:renderer`) into
// out/renderer, which main.ts serves on app://kyrios/.
import { defineConfig } from 'electron-vite';
import { CHANNEL_NAMES, EVENT_NAMES } from './shared/contract.ts';

export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      // Worker threads are files of their own beside main.js: the core's writer and readers
      // (electron/core/worker/coreProxy.ts), the WAL checkpointer (electron/core/bulk/checkpointer.ts),
      // a backup's quick_check (electron/core/backups/createBackup.ts) and the reading of an imported CSV
      // (electron/core/import/scanOffThread.ts).
      lib: {
        entry: {
          main: 'electron/main.ts',
          writerWorker: 'electron/core/worker/writerWorker.ts',
          readerWorker: 'electron/core/worker/readerWorker.ts',
          checkpointWorker: 'electron/core/bulk/checkpointWorker.ts',
          quickCheckWorker: 'electron/core/backups/quickCheckWorker.ts',
          importScanWorker: 'electron/core/import/importScanWorker.ts',
        },
        formats: ['es'],
        fileName: (_format, name) => `${name}.js`,
      },
      // better-sqlite3 (native), zod and uuid stay in node_modules and are required at run time.
      externalizeDeps: true,
      sourcemap: true,
    },
  },
  preload: {
    // A sandboxed preload must be one CommonJS file that requires nothing but 'electron'.
    define: {
      __KYRIOS_CHANNELS__: JSON.stringify(CHANNEL_NAMES),
      __KYRIOS_EVENTS__: JSON.stringify(EVENT_NAMES),
    },
    build: {
      outDir: 'out/preload',
      lib: { entry: 'electron/preload.ts', formats: ['cjs'], fileName: () => 'preload.cjs' },
      externalizeDeps: false,
      rolldownOptions: { external: ['electron'] },
    },
  },
});
