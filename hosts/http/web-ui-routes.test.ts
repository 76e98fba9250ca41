import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedLocalDataDir } from "../../adapters/local/testing/pglite-template.js";
import { openDeployment, type Deployment } from "../../composition/deployment.js";
import { generateDrawingSet } from "../../fixtures/drawing-set-generator.js";
import type { RunningServer } from "./start-http-server.js";
import { startLoopbackServer } from "./testing/loopback-server.js";

describe("what the web UI needs of the server: its build at /, the document list and the write-only model key", () => {
  let dataDir: string;
  let webRoot: string;
  let deployment: Deployment;
  let server: RunningServer;
  let alice: string;
  let bob: string;
  let documentId: string;
  const call = (path: string, init: RequestInit & { token?: string } = {}) =>
    fetch(`${server.url}${path}`, {
      ...init,
      headers: { ...(init.body ? { "content-type": "application/json" } : {}), ...(init.token ? { authorization: `Bearer ${init.token}` } : {}), ...(init.headers as Record<string, string>) },
    });

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), "aizoomdoc-web-"));
    webRoot = await mkdtemp(join(tmpdir(), "aizoomdoc-web-build-"));
    await mkdir(join(webRoot, "assets"));
    await writeFile(join(webRoot, "index.html"), '<!doctype html><html lang="ru"><script type="module" src="/assets/index-Ab12Cd34.js"></script></html>');
    await writeFile(join(webRoot, "assets", "index-Ab12Cd34.js"), "console.log('ui')");
    await writeFile(join(dataDir, "secret.txt"), "not for the web");
    await seedLocalDataDir(dataDir);
    deployment = await openDeployment({ dataDir });
    const issued = [await deployment.admin.addUser("alice"), await deployment.admin.addUser("bob")];
    const { pdf } = generateDrawingSet({ sheets: [{ kind: "floor-plan", floor: 2 }], seed: "web" });
    documentId = (await deployment.forUser(issued[0]!.user.id).addDocument({ name: "АР.pdf", bytes: pdf }, { ocr: "never", index: false })).id;
    server = await startLoopbackServer(deployment, {}, { webRoot });
    const exchange = async (token: string) => ((await (await call("/auth/exchange", { method: "POST", body: JSON.stringify({ static_token: token }) })).json()) as { access_token: string }).access_token;
    [alice, bob] = [await exchange(issued[0]!.token), await exchange(issued[1]!.token)];
  }, 60_000);
  afterAll(async () => {
    await server?.close();
    for (const dir of [dataDir, webRoot]) if (dir) await rm(dir, { recursive: true, force: true });
  });

  it("serves index.html to a browser's navigation, revalidated on every load, and the reference's JSON to everyone else", async () => {
    const page = await call("/", { headers: { accept: "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8" } });
    expect(page.status).toBe(200);
    expect(page.headers.get("content-type")).toContain("text/html");
    expect(page.headers.get("cache-control")).toBe("no-cache");
    expect(page.headers.get("vary")).toMatch(/accept/i);
    expect(await page.text()).toContain("/assets/index-Ab12Cd34.js");
    for (const accept of [undefined, "*/*", "application/json"]) {
      const info = await call("/", accept ? { headers: { accept } } : {});
      expect(info.headers.get("content-type")).toContain("application/json");
      expect(await info.json()).toEqual({ service: "AIZoomDoc Server", version: "test", docs: "/docs", health: "/health" });
    }
  });

  it("serves hashed assets as immutable for a year, and nothing outside the build", async () => {
    const asset = await call("/assets/index-Ab12Cd34.js");
    expect(asset.status).toBe(200);
    expect(asset.headers.get("content-type")).toContain("text/javascript");
    expect(asset.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    expect(await asset.text()).toBe("console.log('ui')");
    expect((await call("/assets/missing-00000000.js")).status).toBe(404);
    for (const path of ["/assets/..%2Findex.html", "/assets/..%2F..%2Fsecret.txt", "/assets/.hidden"]) expect((await call(path)).status).toBe(404);
  });

  it("lets tiles load as blob images under the CSP (OpenSeadragon fetches them with the token)", async () => {
    const csp = (await call("/", { headers: { accept: "text/html" } })).headers.get("content-security-policy") ?? "";
    expect(csp).toMatch(/img-src[^;]*blob:/);
    expect(csp).toMatch(/script-src 'self'/);
  });

  it("lists the caller's documents with their pages, and nobody else's", async () => {
    const list = (await (await call("/documents", { token: alice })).json()) as Array<{ id: string; name: string; page_count: number; pages: Array<{ number: number; width: number; title: string | null }>; cipher: string | null }>;
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ id: documentId, name: "АР.pdf", page_count: 1, pages: [{ number: 1, title: "План 2 этажа" }] });
    expect(list[0]!.pages[0]!.width).toBeGreaterThan(0);
    expect(await (await call("/documents", { token: bob })).json()).toEqual([]);
    expect((await call("/documents")).status).toBe(401);
  });

  it("lists a page's blocks with the captions their sheet gives them, for the owner only", async () => {
    const blocks = (await (await call(`/documents/${documentId}/pages/1/blocks`, { token: alice })).json()) as Array<{ block_id: string; kind: string; bbox: number[] | null; caption: string | null }>;
    const drawing = blocks.find((b) => b.kind === "IMAGE")!;
    // the plan is named by the heading over it, the lintel schedule by its own
    expect(drawing).toMatchObject({ block_id: expect.stringMatching(/^[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{3}$/), caption: expect.stringContaining("План 2 этажа") });
    expect(drawing.bbox).toHaveLength(4);
    expect(blocks.filter((b) => b.kind === "TABLE").map((b) => b.caption)).toContain("Спецификация перемычек");
    expect((await call(`/documents/${documentId}/pages/1/blocks`, { token: bob })).status).toBe(404);
    expect((await call(`/documents/${documentId}/pages/2/blocks`, { token: alice })).status).toBe(400);
  });

  it("stores the user's own model key without ever answering it back, and removes it", async () => {
    const key = "AIza-test-key-that-must-not-come-back";
    const set = await call("/me/model-key", { method: "PUT", token: alice, body: JSON.stringify({ key }) });
    expect(set.status).toBe(200);
    const text = await set.text();
    expect(text).not.toContain(key);
    expect(JSON.parse(text)).toMatchObject({ model_key: { provider: expect.any(String) } });
    const me = await (await call("/me", { token: alice })).text();
    expect(me).not.toContain(key);
    expect(JSON.parse(me)).toMatchObject({ settings: { model_key: { provider: expect.any(String) } } });
    expect(((await (await call("/me", { token: bob })).json()) as { settings: { model_key: unknown } }).settings.model_key).toBeNull();
    expect((await call("/me/model-key", { method: "PUT", token: alice, body: JSON.stringify({ key: " " }) })).status).toBe(400);
    const removed = (await (await call("/me/model-key", { method: "DELETE", token: alice })).json()) as { model_key: unknown };
    expect(removed.model_key).toBeNull();
  });
});
