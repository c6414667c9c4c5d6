import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const here = fileURLToPath(new URL('.', import.meta.url));
/** `npm run dev:web` sends API calls here, so the page and /graphql share an origin as in production. */
const api = process.env.API_URL ?? 'http://localhost:4000';

export default defineConfig({
  root: here,
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('../dist/web', import.meta.url)),
    emptyOutDir: true,
    // Two pages from one build: the public app, and the admin console that only the admin port
    // serves at /. Each loads its own entry, so the console adds nothing to the public first page.
    rollupOptions: {
      input: {
        main: fileURLToPath(new URL('index.html', import.meta.url)),
        admin: fileURLToPath(new URL('admin.html', import.meta.url)),
      },
    },
  },
  server: {
    port: 5173,
    strictPort: true,
    proxy: { '/graphql': api, '/dev/outbox': api },
  },
});
