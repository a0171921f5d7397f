import { builtinModules } from 'node:module';
import path from 'node:path';
import { defineConfig } from 'vite';

const ROOT = path.resolve(import.meta.dirname, '..', '..');

// The Electron main process as one ES module (dist/electron/main/index.js): every npm dependency
// is bundled in, so the packaged app ships no node_modules (and none of the server's native ones).
// Only Electron and Node built-ins stay external.
export default defineConfig({
  root: ROOT,
  logLevel: 'warn',
  ssr: { noExternal: true, target: 'node' },
  build: {
    ssr: path.join(ROOT, 'electron', 'main', 'index.ts'),
    outDir: path.join(ROOT, 'dist', 'electron', 'main'),
    emptyOutDir: true,
    target: 'node22',
    minify: false,
    rollupOptions: {
      external: ['electron', ...builtinModules, ...builtinModules.map((m) => `node:${m}`)],
      output: { format: 'es', entryFileNames: 'index.js' },
    },
  },
});
