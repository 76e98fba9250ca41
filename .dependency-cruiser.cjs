/** Dependency rules of the hexagon (DESIGN §2): core is framework-free and knows nothing of adapters or hosts. */
module.exports = {
  forbidden: [
    {
      name: "core-not-to-adapters-or-hosts",
      severity: "error",
      from: { path: "^core/" },
      to: { path: "^(adapters|hosts)/" },
    },
    {
      name: "core-no-frameworks-or-vendor-sdks",
      comment: "core may use zod and node built-ins only",
      severity: "error",
      from: { path: "^core/" },
      to: { dependencyTypes: ["npm", "npm-dev", "npm-optional", "npm-peer", "npm-no-pkg", "npm-unknown"], pathNot: "node_modules/zod/" },
    },
    {
      name: "adapters-not-to-hosts",
      severity: "error",
      from: { path: "^adapters/" },
      to: { path: "^hosts/" },
    },
    {
      name: "no-circular",
      severity: "error",
      from: {},
      to: { circular: true, viaOnly: { dependencyTypesNot: ["type-only"] } },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "(^dist/|\\.test\\.ts$|/testing/)" },
    tsConfig: { fileName: "tsconfig.json" },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: { exportsFields: ["exports"], conditionNames: ["import", "require", "node", "default", "types"] },
  },
};
