import path from 'node:path';
import { defineConfig } from 'vite';

// The preload as one self-contained CommonJS file: a sandboxed preload can only `require` Electron's
// own modules, so everything else it imports is bundled in. Runs after vite.config.ts (same folder).
const root = path.resolve(import.meta.dirname, '..');

export default defineConfig({
  root,
  publicDir: false,
  logLevel: 'warn',
  build: {
    outDir: path.join(root, 'dist/electron'),
    emptyOutDir: false,
    target: 'chrome130',
    minify: false,
    sourcemap: false,
    lib: { entry: path.join(root, 'electron/preload.ts'), formats: ['cjs'], fileName: () => 'preload.cjs' },
    rolldownOptions: { external: ['electron'] },
  },
});
