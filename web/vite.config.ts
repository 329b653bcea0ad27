// Vite build of the web UI: `vite build web` writes web/dist, which `faultline serve` serves at `/`.
import { defineConfig } from 'vite';

export default defineConfig({
  base: '/',
  logLevel: 'warn',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 1500,
    sourcemap: false,
  },
  server: {
    // `npx vite web` during development: the API runs on `faultline serve --port 8080`.
    proxy: { '/api': 'http://127.0.0.1:8080' },
  },
});
