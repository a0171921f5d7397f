import path from 'node:path';
import { defineConfig } from 'vite';

const ROOT = path.resolve(import.meta.dirname, '..', '..');

// The preload as one CommonJS file (dist/electron/preload/index.cjs): sandboxed preloads cannot be
// ES modules and may require nothing but 'electron', so zod and the contract are bundled in.
export default defineConfig({
  root: ROOT,
  logLevel: 'warn',
  build: {
    outDir: path.join(ROOT, 'dist', 'electron', 'preload'),
    emptyOutDir: true,
    target: 'chrome130',
    minify: false,
    lib: { entry: path.join(ROOT, 'electron', 'preload', 'index.ts'), formats: ['cjs'], fileName: () => 'index.cjs' },
    rollupOptions: { external: ['electron'] },
  },
});
