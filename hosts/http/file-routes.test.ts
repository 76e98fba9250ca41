import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedLocalDataDir } from "../../adapters/local/testing/pglite-template.js";
import { openDeployment, type Deployment } from "../../composition/deployment.js";
import { generateDrawingSet } from "../../fixtures/drawing-set-generator.js";
import type { RunningServer } from "./start-http-server.js";
import { startLoopbackServer } from "./testing/loopback-server.js";

/** Every file under `dir`, recursively (the blob store's files). */
async function filesUnder(dir: string): Promise<string[]> {
  return (await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => [])).filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
}

describe("the file routes over a real loopback port", () => {
  let dataDir: string;
  let deployment: Deployment;
  let server: RunningServer;
  let alice: string;
  let bob: string;
  let aliceId: string;
  const call = (path: string, init: RequestInit & { token?: string } = {}) =>
    fetch(`${server.url}${path}`, { ...init, headers: { ...(init.token ? { authorization: `Bearer ${init.token}` } : {}), ...(init.headers as Record<string, string>) } });
  const upload = (token: string, bytes: Uint8Array, filename: string, type = "application/pdf") => {
    const form = new FormData();
    form.append("file", new Blob([bytes], { type }), filename);
    return call("/files/upload", { method: "POST", body: form, token });
  };

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), "aizoomdoc-files-"));
    await seedLocalDataDir(dataDir);
    deployment = await openDeployment({ dataDir });
    const issued = [await deployment.admin.addUser("alice"), await deployment.admin.addUser("bob")];
    server = await startLoopbackServer(deployment);
    const exchange = async (token: string) =>
      ((await (await call("/auth/exchange", { method: "POST", body: JSON.stringify({ static_token: token }), headers: { "content-type": "application/json" } })).json()) as { access_token: string }).access_token;
    [alice, bob] = [await exchange(issued[0]!.token), await exchange(issued[1]!.token)];
    aliceId = issued[0]!.user.id;
  });
  afterAll(async () => {
    await server?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it("takes a PDF upload at once and ingests it as a job whose stream ends with the new document", async () => {
    const { pdf } = generateDrawingSet({ sheets: [{ kind: "floor-plan", floor: 2 }], seed: "upload" });
    const response = await upload(alice, pdf, "../../etc/АР-этаж 2.pdf");
    expect(response.status).toBe(201);
    const body = (await response.json()) as { id: string; filename: string; mime_type: string; size_bytes: number; run_id: string | null; sha256: string };
    expect(body).toMatchObject({ filename: "АР-этаж 2.pdf", mime_type: "application/pdf", size_bytes: pdf.byteLength });
    expect(body.run_id).toBeTruthy();

    const stream = await call(`/runs/${body.run_id}/stream`, { token: alice });
    const text = await stream.text();
    const done = text.split("\n\n").find((frame) => frame.includes("event: completed"));
    expect(done).toBeTruthy();
    const documentId = (JSON.parse(done!.split("\n").find((l) => l.startsWith("data: "))!.slice(6)) as { document_id: string }).document_id;
    const documents = (await deployment.forUser(aliceId).listDocuments()).map((d) => d.id);
    expect(documents).toContain(documentId);

    // the same bytes again are the same file; another user sees nothing of it
    expect(((await (await upload(alice, pdf, "copy.pdf")).json()) as { id: string }).id).toBe(body.id);
    expect(((await (await call("/files", { token: alice })).json()) as Array<{ id: string }>).map((f) => f.id)).toEqual([body.id]);
    expect(await (await call("/files", { token: bob })).json()).toEqual([]);
    expect((await call(`/files/${body.id}`, { token: bob })).status).toBe(404);
    expect((await call(`/files/${body.id}`, { method: "DELETE", token: bob })).status).toBe(404);
    expect((await call(`/runs/${body.run_id}/stream`, { token: bob })).status).toBe(404);

    const blobsBefore = await filesUnder(join(dataDir, "blobs"));
    expect((await call(`/files/${body.id}`, { method: "DELETE", token: alice })).status).toBe(204);
    expect((await call(`/files/${body.id}`, { token: alice })).status).toBe(404);
    expect((await filesUnder(join(dataDir, "blobs"))).length).toBe(blobsBefore.length - 1);
  });

  it("follows one ingestion when the same file is uploaded again while it is still being ingested", async () => {
    const { pdf } = generateDrawingSet({ sheets: Array.from({ length: 12 }, (_, i) => ({ kind: "floor-plan" as const, floor: i + 1 })), seed: "twice" });
    const first = (await (await upload(bob, pdf, "twice.pdf")).json()) as { id: string; run_id: string | null };
    // at once, while the first is being ingested (twelve sheets take far longer than a request)
    const second = (await (await upload(bob, pdf, "twice.pdf")).json()) as { id: string; run_id: string | null };
    expect(second.id).toBe(first.id);
    const ends = async (runId: string) => (await (await call(`/runs/${runId}/stream`, { token: bob })).text()).match(/^event: (completed|error)$/m)?.[1];
    expect(await ends(first.run_id!)).toBe("completed");
    // the second upload names the same run, or (when the first had finished) none: never a run nobody ingests
    if (second.run_id) {
      expect(second.run_id).toBe(first.run_id);
      expect(await ends(second.run_id)).toBe("completed");
    }
  });

  it("keeps one file, one blob and one ingestion when the same bytes are uploaded twice at the same instant", async () => {
    const { pdf } = generateDrawingSet({ sheets: [{ kind: "floor-plan", floor: 3 }], seed: "race" });
    // uploads only: the ingestion the race starts stores the document's own copy under sources/ whenever it gets there
    const uploadBlobs = () => filesUnder(join(dataDir, "blobs", "uploads"));
    const blobsBefore = (await uploadBlobs()).length;
    const replies = await Promise.all([upload(alice, pdf, "race-a.pdf"), upload(alice, pdf, "race-b.pdf")]);
    const bodies = (await Promise.all(replies.map((r) => r.json()))) as Array<{ id: string; run_id: string | null }>;
    expect(replies.map((r) => r.status)).toEqual([201, 201]);
    expect(bodies[1]!.id).toBe(bodies[0]!.id);
    const files = (await (await call("/files", { token: alice })).json()) as Array<{ id: string }>;
    expect(files.filter((f) => f.id === bodies[0]!.id)).toHaveLength(1);
    expect((await uploadBlobs()).length).toBe(blobsBefore + 1);
    const runs = new Set(bodies.map((b) => b.run_id).filter(Boolean));
    expect(runs.size).toBe(1);
    const [runId] = [...runs] as string[];
    expect((await (await call(`/runs/${runId}/stream`, { token: alice })).text()).match(/^event: (completed|error)$/m)?.[1]).toBe("completed");
    expect((await call(`/files/${bodies[0]!.id}`, { method: "DELETE", token: alice })).status).toBe(204);
  });

  it("cancels by run id only what still waits: an ended ingestion says so", async () => {
    const { pdf } = generateDrawingSet({ sheets: [{ kind: "floor-plan", floor: 4 }], seed: "cancel-ended" });
    const uploaded = (await (await upload(bob, pdf, "ended.pdf")).json()) as { run_id: string };
    expect(await (await call(`/runs/${uploaded.run_id}/stream`, { token: bob })).text()).toMatch(/^event: completed$/m);
    const cancelled = await call(`/runs/${uploaded.run_id}/cancel`, { method: "POST", token: bob });
    expect(await cancelled.json()).toEqual({ run_id: uploaded.run_id, cancelled: false });
  });

  it("imports a document.md with the blocks.json uploaded before it, as the reference exports the pair", async () => {
    const { pdf } = generateDrawingSet({ sheets: [{ kind: "floor-plan", floor: 2 }], seed: "pair" });
    const source = await deployment.forUser(aliceId).addDocument({ name: "АР4.pdf", bytes: pdf }, { ocr: "never" });
    const exported = await deployment.forUser(aliceId).exportDocument(source.id);
    const ingested = async (response: Response) => {
      const { run_id } = (await response.json()) as { run_id: string };
      const done = (await (await call(`/runs/${run_id}/stream`, { token: bob })).text()).split("\n\n").find((frame) => frame.includes("event: completed"));
      return (JSON.parse(done!.split("\n").find((l) => l.startsWith("data: "))!.slice(6)) as { document_id: string }).document_id;
    };
    const encode = (text: string) => new TextEncoder().encode(text);
    // bob alone: the markdown without its index, then the pair under another stem
    const alone = await ingested(await upload(bob, encode(exported.documentMd), "one_document.md", "text/markdown"));
    const index = await upload(bob, encode(exported.blocksJson), `${exported.stem}_blocks.json`, "application/json");
    expect(index.status).toBe(201);
    expect(((await index.json()) as { run_id: string | null }).run_id).toBeNull();
    const paired = await ingested(await upload(bob, encode(`${exported.documentMd}\n`), `${exported.stem}_document.md`, "text/markdown"));
    const bobApp = deployment.forUser(((await (await call("/me", { token: bob })).json()) as { user: { id: string } }).user.id);
    const [withIndex, withoutIndex] = [await bobApp.getBlocks(paired), await bobApp.getBlocks(alone)];
    expect(withIndex.length).toBe((await deployment.forUser(aliceId).getBlocks(source.id)).length);
    // the index gives the blocks their place on the sheet; the markdown alone does not have it
    expect(withIndex.filter((b) => b.bboxNorm).length).toBeGreaterThan(withoutIndex.filter((b) => b.bboxNorm).length);
  });

  it("refuses what it cannot take with the one error shape, and keeps nothing of it", async () => {
    const blobsBefore = await filesUnder(join(dataDir, "blobs"));
    const tooLarge = await upload(alice, new Uint8Array(2 << 20), "big.pdf");
    expect(tooLarge.status).toBe(413);
    expect(((await tooLarge.json()) as { error: { code: string } }).error.code).toBe("DOCUMENT.TOO_LARGE");
    // the name and the header say PDF; the bytes are an executable
    const disguised = await upload(alice, new Uint8Array([0x4d, 0x5a, 0x90, 0x00, 0x03, 0x00, 0x00, 0x00, 0xff, 0xfe]), "plan.pdf");
    expect(disguised.status).toBe(415);
    expect(((await disguised.json()) as { error: { code: string; message: string } }).error).toMatchObject({ code: "DOCUMENT.UNSUPPORTED_FORMAT" });
    const { pdf } = generateDrawingSet({ sheets: [{ kind: "floor-plan", floor: 1 }], seed: "truncated" });
    const truncated = await upload(alice, pdf.subarray(0, Math.floor(pdf.byteLength / 2)), "half.pdf");
    expect(truncated.status).toBe(400);
    const notMultipart = await call("/files/upload", { method: "POST", body: "%PDF-1.7", token: alice, headers: { "content-type": "application/pdf" } });
    expect(notMultipart.status).toBe(415);
    expect((await call("/files/upload", { method: "POST", body: new FormData() })).status).toBe(401);
    expect(await filesUnder(join(dataDir, "blobs"))).toEqual(blobsBefore);
    expect(((await (await call("/files", { token: alice })).json()) as unknown[]).length).toBe(0);
  });
});
