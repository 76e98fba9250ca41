/** Dependency rules of the hexagon (DESIGN §2): core is framework-free and knows nothing of adapters or hosts. */
module.exports = {
  forbidden: [
    {
      name: "core-not-to-adapters-composition-or-hosts",
      severity: "error",
      from: { path: "^core/" },
      to: { path: "^(adapters|composition|hosts)/" },
    },
    {
      name: "composition-and-library-not-to-hosts",
      comment: "the composition root serves every face; the library entry and the root never depend on a host",
      severity: "error",
      from: { path: "^(composition/|index\\.ts$)" },
      to: { path: "^hosts/" },
    },
    {
      name: "no-host-to-another-host",
      comment: "the one exception: the CLI's `serve` command starts the HTTP host",
      severity: "error",
      from: { path: "^hosts/([^/]+)/", pathNot: "^hosts/cli/commands/serve\\.ts$" },
      to: { path: "^hosts/", pathNot: "^hosts/$1/" },
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
      to: { path: "^(composition|hosts)/" },
    },
    {
      name: "client-only-to-core-and-wire",
      comment: "the client library (aizoomdoc/client) talks to a server: of the server it uses the wire schemas only",
      severity: "error",
      from: { path: "^client/" },
      to: { path: "^(adapters/|composition/|index\\.ts$|hosts/(?!http/wire/))" },
    },
    {
      name: "client-no-node-built-ins",
      comment: "the client library runs in browsers too",
      severity: "error",
      from: { path: "^client/" },
      to: { dependencyTypes: ["core"] },
    },
    {
      name: "web-ui-only-through-the-client",
      comment: "the web UI talks to the server through aizoomdoc/client only; of the core it may name types (erased from the bundle)",
      severity: "error",
      from: { path: "^hosts/web/src/" },
      to: { path: "^(core|adapters|composition|hosts/(?!web/)|index\\.ts$)", dependencyTypesNot: ["type-only"] },
    },
    {
      name: "web-ui-no-node-built-ins",
      comment: "the web UI runs in browsers",
      severity: "error",
      from: { path: "^hosts/web/src/" },
      to: { dependencyTypes: ["core"] },
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
