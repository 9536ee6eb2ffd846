// The console is static files served by the front door (deploy/frontdoor); `npm run dev`
// proxies /api to a front door on localhost:8080 (`make up`).
import { defineConfig } from "vitest/config";

export default defineConfig({
  esbuild: { jsx: "automatic", jsxImportSource: "preact" },
  build: { outDir: "dist", sourcemap: false, target: "es2022" },
  server: { proxy: { "/api": "http://127.0.0.1:8080" } },
  test: { environment: "node", include: ["tests/**/*.test.ts"] },
});
