import { readdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedLocalDataDir } from "../../adapters/local/testing/pglite-template.js";
import { openDeployment, type Deployment } from "../../composition/deployment.js";
import { decodePng } from "../../core/ports/testing/decode-png.js";
import { generateDrawingSet } from "../../fixtures/drawing-set-generator.js";
import type { RunningServer } from "./start-http-server.js";
import { startLoopbackServer } from "./testing/loopback-server.js";

/** The size a PNG's header declares. */
function pngSize(bytes: Uint8Array): { width: number; height: number } {
  expect(Buffer.from(bytes.subarray(1, 4)).toString("latin1")).toBe("PNG");
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return { width: view.getUint32(16), height: view.getUint32(20) };
}

describe("the tile routes over a real loopback port", () => {
  let dataDir: string;
  let deployment: Deployment;
  let server: RunningServer;
  let alice: string;
  let bob: string;
  let documentId: string;
  const call = (path: string, init: RequestInit & { token?: string } = {}) =>
    fetch(`${server.url}${path}`, { ...init, headers: { ...(init.token ? { authorization: `Bearer ${init.token}` } : {}), ...(init.headers as Record<string, string>) } });
  const pagePath = () => `/documents/${documentId}/pages/1`;
  const cachedRenders = async () => (await readdir(join(dataDir, "render-cache")).catch(() => [])).length;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), "aizoomdoc-tiles-"));
    await seedLocalDataDir(dataDir);
    deployment = await openDeployment({ dataDir });
    const issued = [await deployment.admin.addUser("alice"), await deployment.admin.addUser("bob")];
    server = await startLoopbackServer(deployment);
    const exchange = async (token: string) =>
      ((await (await call("/auth/exchange", { method: "POST", body: JSON.stringify({ static_token: token }), headers: { "content-type": "application/json" } })).json()) as { access_token: string }).access_token;
    [alice, bob] = [await exchange(issued[0]!.token), await exchange(issued[1]!.token)];
    const { pdf } = generateDrawingSet({ sheets: [{ kind: "floor-plan", floor: 2 }], seed: "tiles" });
    documentId = (await deployment.forUser(issued[0]!.user.id).addDocument({ name: "АР.pdf", bytes: pdf }, { ocr: "never", index: false })).id;
  }, 60_000);
  afterAll(async () => {
    await server?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  /** The descriptor's numbers, read from its XML as a viewer does. */
  const descriptor = async () => {
    const response = await call(`${pagePath()}/tiles.dzi`, { token: alice });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^application\/xml/);
    const xml = await response.text();
    const attribute = (name: string) => Number(new RegExp(`\\b${name}="(\\d+)"`).exec(xml)?.[1]);
    expect(xml).toContain('xmlns="http://schemas.microsoft.com/deepzoom/2008"');
    expect(xml).toContain('Format="png"');
    return { width: attribute("Width"), height: attribute("Height"), tileSize: attribute("TileSize"), overlap: attribute("Overlap") };
  };

  it("describes an A1 sheet as a Deep Zoom image at 400 DPI in 256 px tiles", async () => {
    // A1 is 841×594 mm: 13 244×9 354 px at 400 DPI, give or take the PDF's rounding of the sheet to points
    const { width, height, tileSize, overlap } = await descriptor();
    expect(Math.abs(width - 13_244)).toBeLessThanOrEqual(2);
    expect(Math.abs(height - 9354)).toBeLessThanOrEqual(3);
    expect({ tileSize, overlap }).toEqual({ tileSize: 256, overlap: 1 });
  });

  it("serves tiles of their box's size, edge tiles smaller, and level 0 as one pixel", async () => {
    const { width, height } = await descriptor();
    const deepest = Math.ceil(Math.log2(Math.max(width, height)));
    const tile = async (level: number, column: number, row: number) => {
      const response = await call(`${pagePath()}/tiles_files/${level}/${column}_${row}.png`, { token: alice });
      expect(response.status, `${level}/${column}_${row}`).toBe(200);
      expect(response.headers.get("content-type")).toBe("image/png");
      return new Uint8Array(await response.arrayBuffer());
    };
    expect(pngSize(await tile(deepest, 0, 0))).toEqual({ width: 257, height: 257 });
    expect(pngSize(await tile(deepest, 3, 2))).toEqual({ width: 258, height: 258 });
    const [lastColumn, lastRow] = [Math.ceil(width / 256) - 1, Math.ceil(height / 256) - 1];
    expect(pngSize(await tile(deepest, lastColumn, lastRow))).toEqual({ width: width - lastColumn * 256 + 1, height: height - lastRow * 256 + 1 });
    // one level up the sheet is half as wide, rounded up
    const half = { width: Math.ceil(width / 2), height: Math.ceil(height / 2) };
    const [halfColumn, halfRow] = [Math.ceil(half.width / 256) - 1, Math.ceil(half.height / 256) - 1];
    expect(pngSize(await tile(deepest - 1, halfColumn, halfRow))).toEqual({ width: half.width - halfColumn * 256 + 1, height: half.height - halfRow * 256 + 1 });
    expect(pngSize(await tile(0, 0, 0))).toEqual({ width: 1, height: 1 });
    // the middle of the sheet holds the plan's ink: a real render, not a blank image
    const middle = decodePng(await tile(deepest - 3, 2, 2));
    expect(middle.pixels.some((value) => value < 128)).toBe(true);
  });

  it("serves a tile again from the render cache, immutable, with an ETag that answers 304", async () => {
    const path = `${pagePath()}/tiles_files/12/5_4.png`;
    const before = await cachedRenders();
    const first = await call(path, { token: alice });
    const bytes = Buffer.from(await first.arrayBuffer());
    expect(await cachedRenders()).toBe(before + 1);
    expect(first.headers.get("cache-control")).toBe("private, max-age=86400, immutable");
    const etag = first.headers.get("etag");
    expect(etag).toMatch(/^"[\w-]+"$/);

    const second = await call(path, { token: alice });
    expect(Buffer.from(await second.arrayBuffer()).equals(bytes)).toBe(true);
    expect(second.headers.get("etag")).toBe(etag);
    expect(await cachedRenders()).toBe(before + 1);

    // as a browser revalidates its cached copy (fetch would add `no-cache`, which asks for the whole body again)
    const revalidated = await call(path, { token: alice, headers: { "if-none-match": etag!, "cache-control": "max-age=0" } });
    expect(revalidated.status).toBe(304);
    expect(await revalidated.text()).toBe("");
    expect((await call(`${pagePath()}/tiles_files/12/4_4.png`, { token: alice })).headers.get("etag")).not.toBe(etag);
  });

  it("answers another user 404, as for a document of nobody's, and a caller without a token 401", async () => {
    for (const suffix of ["tiles.dzi", "tiles_files/0/0_0.png"]) {
      const hers = await call(`${pagePath()}/${suffix}`, { token: bob });
      expect(hers.status, suffix).toBe(404);
      const body = (await hers.json()) as { error: { code: string } };
      expect(body.error.code).toBe("DOCUMENT.NOT_FOUND");
      expect((await call(`/documents/00000000-0000-4000-8000-000000000000/pages/1/${suffix}`, { token: bob })).status).toBe(404);
      expect((await call(`${pagePath()}/${suffix}`)).status).toBe(401);
    }
  });

  it("answers 400 to a page, level or tile outside the document and to a malformed tile name", async () => {
    const { width, height } = await descriptor();
    const deepest = Math.ceil(Math.log2(Math.max(width, height)));
    const refusals: Array<[string, string]> = [
      ["/pages/0/tiles.dzi", "REGION.INVALID"],
      ["/pages/2/tiles.dzi", "REGION.INVALID"],
      ["/pages/one/tiles.dzi", "VALIDATION.INVALID_INPUT"],
      [`/pages/1/tiles_files/${deepest + 1}/0_0.png`, "REGION.INVALID"],
      [`/pages/1/tiles_files/${deepest}/${Math.ceil(width / 256)}_0.png`, "REGION.INVALID"],
      [`/pages/1/tiles_files/${deepest}/0_${Math.ceil(height / 256)}.png`, "REGION.INVALID"],
      ["/pages/1/tiles_files/0/1_0.png", "REGION.INVALID"],
      ["/pages/1/tiles_files/99/0_0.png", "VALIDATION.INVALID_INPUT"],
      ["/pages/1/tiles_files/-1/0_0.png", "VALIDATION.INVALID_INPUT"],
      ["/pages/1/tiles_files/3/0_0.jpg", "VALIDATION.INVALID_INPUT"],
      ["/pages/1/tiles_files/3/0-0.png", "VALIDATION.INVALID_INPUT"],
      ["/pages/1/tiles_files/3/x_0.png", "VALIDATION.INVALID_INPUT"],
    ];
    for (const [suffix, code] of refusals) {
      const response = await call(`/documents/${documentId}${suffix}`, { token: alice });
      expect(response.status, suffix).toBe(400);
      expect(((await response.json()) as { error: { code: string } }).error.code, suffix).toBe(code);
    }
  });
});
