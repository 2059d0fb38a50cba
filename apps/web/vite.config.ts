import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';
import { precompress } from './build/precompress.ts';
import { APP_PATHS } from './src/app/app-paths.ts';

// In development the API runs as a separate process; proxy its paths so the
// app can keep using same-origin URLs exactly as it does in production.
const apiTarget = `http://localhost:${process.env.FOYER_API_PORT || 3000}`;
const proxy = Object.fromEntries(
  ['/api', '/healthz', '/readyz', '/metrics'].map((path) => [path, { target: apiTarget, ws: path === '/api' }]),
);

/** `dist/app-paths.json`: the paths the app has pages for; the server answers 404 for others. */
function appPaths(): Plugin {
  return {
    name: 'foyer-app-paths',
    apply: 'build',
    generateBundle() {
      this.emitFile({ type: 'asset', fileName: 'app-paths.json', source: `${JSON.stringify(APP_PATHS)}\n` });
    },
  };
}

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  plugins: [react(), appPaths(), precompress()],
  server: { proxy },
  preview: { proxy },
  build: {
    outDir: 'dist',
    assetsDir: 'assets',
    emptyOutDir: true,
    sourcemap: true,
    rolldownOptions: {
      output: {
        // React changes far less often than the app and every page needs it: its own chunk stays cached
        // across releases. Other libraries are left to the route split, so a page loads only what it uses.
        codeSplitting: {
          groups: [{ name: 'react', test: /node_modules[\\/](react|react-dom|scheduler|react-router)[\\/]/ }],
        },
      },
    },
  },
});
