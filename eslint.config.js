import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["dist/**", "node_modules/**", "examples/**", "bench/out/**", ".tmp/**", "*.cjs"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/no-explicit-any": "error",
      "no-console": "off",
    },
  },
  {
    files: ["core/**/*.ts"],
    rules: { "no-restricted-properties": ["error", { object: "process", property: "env", message: "core reads no environment; hosts parse config" }] },
  },
  {
    // the client library runs in browsers too: fetch and web streams only, and of the server only its wire schemas
    files: ["client/**/*.ts"],
    ignores: ["client/**/*.test.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            { regex: "^node:", message: "client/ runs in browsers: no Node built-ins" },
            { regex: "^(\\.\\./)+(adapters|composition)/", message: "client/ talks to a server; it loads no adapter or composition root" },
            { regex: "^(\\.\\./)+hosts/(?!http/wire/)", message: "client/ may use the server's wire schemas (hosts/http/wire) only" },
          ],
        },
      ],
    },
  },
  {
    // the web UI runs in browsers and reaches the server through the client library only; core types are fine
    files: ["hosts/web/src/**/*.{ts,tsx}"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            { regex: "^node:", message: "hosts/web runs in browsers: no Node built-ins" },
            { regex: "^(\\.\\./)+(adapters|composition|hosts)/", message: "hosts/web talks to the server through client/ only" },
            { regex: "^(\\.\\./)+core/", allowTypeImports: true, message: "hosts/web may name core types only; behaviour comes through client/" },
          ],
        },
      ],
    },
  },
);
