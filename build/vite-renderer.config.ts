/**
 * Builds the renderer (renderer/ → renderer/dist) with vite. JSX goes through vite's own esbuild
 * (automatic runtime): @vitejs/plugin-react 6 needs vite 8, which needs a newer Node than 20.
 */
import path from 'node:path';
import { defineConfig } from 'vite';

const root = path.resolve(import.meta.dirname, '..', 'renderer');

export default defineConfig({
  root,
  base: './',
  esbuild: { jsx: 'automatic' },
  build: { outDir: path.join(root, 'dist'), emptyOutDir: true, sourcemap: true, chunkSizeWarningLimit: 1024 },
  logLevel: 'warn',
});
