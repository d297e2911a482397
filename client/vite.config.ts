import vue from '@vitejs/plugin-vue';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import { inlineEntryCss } from './build/inline-css.ts';
import { precompress } from './build/precompress.ts';
import { routePreload } from './build/route-preload.ts';
import { shellText } from './build/shell.ts';
import { sizeBudget } from './build/size-budget.ts';

const root = fileURLToPath(new URL('.', import.meta.url));
const EVERY_PAGE = [
  /node_modules[\\/](vue|@vue|vue-router|vue-i18n|@intlify)[\\/]/,
  /^\0(plugin-vue:export-helper|vite\/preload-helper)/,
  /client[\\/]src[\\/](components[\\/](AppBar|LanguageSwitch)\.vue|composables[\\/](useAnnouncer|event-sessions)\.ts|transport[\\/](api|session)\.ts|i18n[\\/](index|by-file)\.ts)/,
];

export default defineConfig({
  root,
  plugins: [vue(), shellText(), routePreload(), inlineEntryCss(), precompress(), sizeBudget()],
  // Compile-time flags of Vue and vue-i18n: every component is <script setup> and i18n runs in
  // composition mode with t() only, so the Options API, the legacy API, the <i18n-t> component and
  // the devtools hooks are left out of the bundle (docs/performance.md, route budgets).
  define: {
    __VUE_OPTIONS_API__: 'false',
    __VUE_PROD_DEVTOOLS__: 'false',
    __VUE_PROD_HYDRATION_MISMATCH_DETAILS__: 'false',
    __VUE_I18N_LEGACY_API__: 'false',
    __VUE_I18N_FULL_INSTALL__: 'false',
    __INTLIFY_PROD_DEVTOOLS__: 'false',
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: true,
    manifest: true,
    // What every page needs (Vue, the router, i18n, the app bar, the API client, bundler helpers)
    // in one chunk: on a slow hall network each extra file the first screen waits for costs a
    // round trip, six at a time over HTTP/1.1 (docs/performance.md, "The first screen").
    rolldownOptions: { output: { codeSplitting: { groups: [{ name: 'framework', test: (id: string) => EVERY_PAGE.some((pattern) => pattern.test(id)) }] } } },
  },
  server: {
    fs: { allow: [fileURLToPath(new URL('..', import.meta.url))] },
    proxy: {
      '/api': 'http://localhost:3000',
      '/socket.io': { target: 'http://localhost:3000', ws: true },
    },
  },
});
