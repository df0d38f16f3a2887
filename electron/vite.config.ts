import path from 'node:path';
import { defineConfig } from 'vite';

// The main process as one CommonJS file for Electron's Node: shared code and zod are bundled in, so
// the packaged app needs no node_modules; Electron and Node's built-ins stay external.
const root = path.resolve(import.meta.dirname, '..');

export default defineConfig({
  root,
  publicDir: false,
  logLevel: 'warn',
  build: {
    ssr: path.join(root, 'electron/main.ts'),
    outDir: path.join(root, 'dist/electron'),
    emptyOutDir: true,
    target: 'node22',
    minify: false,
    sourcemap: false,
    rolldownOptions: {
      external: ['electron'],
      output: { format: 'cjs', entryFileNames: 'main.cjs' },
    },
  },
  ssr: { noExternal: true, external: ['electron'] },
});
