/**
 * The console's build: a static bundle under web/dist, served by the API at /console. Nothing
 * is inlined (no data: URLs, no inline scripts), so the API's strict Content-Security-Policy
 * holds; file names carry content hashes, so the API can mark them immutable.
 * `npm run dev:console` serves it with hot reload, forwarding the API's paths to a running API.
 */
import path from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const api = process.env.CONSOLE_DEV_API ?? 'http://127.0.0.1:4000';

export default defineConfig({
  root: import.meta.dirname,
  base: '/console/',
  plugins: [react()],
  build: {
    outDir: path.join(import.meta.dirname, 'dist'),
    emptyOutDir: true,
    target: 'es2022',
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    sourcemap: false,
    reportCompressedSize: false,
  },
  server: {
    proxy: {
      '/graphql': api,
      '/console/config.json': api,
      '/console/dev-identities': api,
    },
  },
});
