import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/** The folder of this file: the UI's root whatever the working directory. */
const root = decodeURIComponent(new URL('.', import.meta.url).pathname);

export default defineConfig({
  root,
  base: '/',
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // Inline nothing: the Content-Security-Policy allows only same-origin files.
    assetsInlineLimit: 0,
  },
  server: {
    // `vite --config web/vite.config.ts` during development, with a node on port 8080.
    proxy: { '/api': 'http://127.0.0.1:8080' },
  },
});
