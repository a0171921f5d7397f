import path from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The supervisor & IT console, served by the central endpoint at /.
export default defineConfig({
  root: path.resolve(import.meta.dirname, '..', '..', 'server', 'console'),
  base: '/',
  plugins: [react()],
  build: { outDir: path.resolve(import.meta.dirname, '..', '..', 'dist', 'console'), emptyOutDir: true },
  logLevel: 'warn',
});
