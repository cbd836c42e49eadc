import { defineConfig } from 'vite'

// The SDK comes from npm (`@clickstream/sdk`, the workspace package in this repository), like any
// other dependency: Vite bundles its ESM build (`dist/index.js`) into the app.
export default defineConfig({
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: true },
})
