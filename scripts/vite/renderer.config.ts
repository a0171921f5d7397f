import path from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The agent UI: loaded by Electron from disk (file://), so asset paths are relative.
export default defineConfig({
  root: path.resolve(import.meta.dirname, '..', '..', 'renderer'),
  base: './',
  plugins: [react()],
  build: { outDir: path.resolve(import.meta.dirname, '..', '..', 'dist', 'renderer'), emptyOutDir: true },
  logLevel: 'warn',
});
