// Builds the renderer into out/renderer with relative paths, so the same files load from file:// in
// Electron and from the headless host over http://127.0.0.1.
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const here = import.meta.dirname;

export default defineConfig({
  root: here,
  base: './',
  plugins: [react()],
  build: {
    outDir: `${here}/../out/renderer`,
    emptyOutDir: true,
    chunkSizeWarningLimit: 1500,
  },
});
