// Vite build of the dashboard (docs/dashboard.md). Hashed files go under
// /static/ (served immutable by `vigil serve`, api/ui.h); every text file
// also gets a gzip'd copy (FILE.gz) that the server sends to clients that
// accept gzip. No inline script or style is emitted (the UI's CSP forbids
// them): no module-preload polyfill, CSS in files.
import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { gzipSync } from 'node:zlib';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

function gzipCopies() {
  let outDir;
  const walk = (dir) =>
    readdirSync(dir).flatMap((name) => {
      const path = join(dir, name);
      return statSync(path).isDirectory() ? walk(path) : [path];
    });
  return {
    name: 'vigil-gzip-copies',
    apply: 'build',
    configResolved(config) {
      outDir = config.build.outDir;
    },
    closeBundle() {
      for (const file of walk(outDir)) {
        if (!/\.(html|js|css|svg|json|txt)$/.test(file)) continue;
        const data = readFileSync(file);
        const gz = gzipSync(data, { level: 9 });
        if (gz.length < data.length) writeFileSync(file + '.gz', gz);
      }
    },
  };
}

export default defineConfig({
  plugins: [svelte(), gzipCopies()],
  build: {
    assetsDir: 'static',
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
    target: 'es2022',
    chunkSizeWarningLimit: 800,
    rolldownOptions: { checks: { pluginTimings: false } }, // no timing report in the build log
  },
  server: {
    proxy: { '/api': 'http://127.0.0.1:8470' },
  },
});
