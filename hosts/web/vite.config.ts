import { fileURLToPath } from "node:url";
import preact from "@preact/preset-vite";
import { defineConfig } from "vite";

/**
 * The web UI's build: `hosts/web` → `dist/web` (index.html and content-hashed `assets/`), which the server serves at
 * `/`. Nothing is loaded from elsewhere at run time: every script, style and image lands in the bundle.
 */
export default defineConfig({
  root: fileURLToPath(new URL(".", import.meta.url)),
  base: "/",
  plugins: [preact()],
  publicDir: false,
  build: {
    outDir: fileURLToPath(new URL("../../dist/web", import.meta.url)),
    emptyOutDir: true,
    assetsDir: "assets",
    // the server's CSP allows scripts from its own origin only: no inline polyfill
    modulePreload: { polyfill: false },
    sourcemap: false,
    chunkSizeWarningLimit: 1_000,
  },
});
