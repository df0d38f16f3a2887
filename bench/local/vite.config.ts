import { defineConfig } from 'vite';
import { fileURLToPath } from 'node:url';

/** The page of `npm run bench:local`: the renderer's database code alone, not the app. */
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: './',
  build: {
    outDir: fileURLToPath(new URL('../../dist/bench-local', import.meta.url)),
    emptyOutDir: true,
    chunkSizeWarningLimit: 2000,
  },
});
