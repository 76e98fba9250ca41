import { readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");

/** The specifiers a module loads at run time: `import type` and `export type` are erased, so they do not count. */
function runtimeImports(source: string): string[] {
  const specifiers: string[] = [];
  const statement = /^\s*(import|export)\s+(type\s+)?(?:[^'"]*?\s+from\s+)?["']([^"']+)["']/gm;
  for (const match of source.matchAll(statement)) if (!match[2]) specifiers.push(match[3]!);
  return specifiers;
}

/** Every module `entry` reaches at run time (its repository files as paths from the root, packages by name). */
function reachable(entry: string): { files: string[]; packages: string[] } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const visit = (file: string) => {
    if (files.has(file)) return;
    files.add(file);
    for (const specifier of runtimeImports(readFileSync(join(root, file), "utf8"))) {
      if (specifier.startsWith(".")) visit(relative(root, resolve(root, dirname(file), specifier)).replace(/\.js$/, ".ts"));
      else packages.add(specifier);
    }
  };
  visit(entry);
  return { files: [...files].sort(), packages: [...packages].sort() };
}

describe("the client library's imports", () => {
  const { files, packages } = reachable("client/index.ts");

  it("reach no Node built-in, so the entry bundles for a browser", () => {
    expect(packages.filter((name) => name.startsWith("node:") || ["fs", "path", "crypto", "stream", "http", "net", "os", "events"].includes(name))).toEqual([]);
    expect(packages).toEqual(expect.arrayContaining(["zod", "p-retry", "eventsource-parser"]));
  });

  it("reach no adapter, composition root or host beyond the wire schemas", () => {
    expect(files.filter((file) => /^(adapters|composition)\//.test(file) || (file.startsWith("hosts/") && !file.startsWith("hosts/http/wire/")))).toEqual([]);
    expect(files).toEqual(expect.arrayContaining(["client/aizoomdoc-client.ts", "hosts/http/wire/wire-stream-event.ts", "core/domain/errors.ts"]));
  });

  it("sees through a type-only import but not a runtime one (the check itself works)", () => {
    expect(runtimeImports(`import type { A } from "node:fs";\nimport { b } from "node:path";\nexport { c } from "./c.js";\nexport type { D } from "./d.js";`)).toEqual(["node:path", "./c.js"]);
  });
});
