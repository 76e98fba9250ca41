import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedLocalDataDir } from "../../adapters/local/testing/pglite-template.js";
import { R2BlobStorage } from "../../adapters/r2/r2-blob-storage.js";
import { startS3rver, type S3rverHarness } from "../../adapters/r2/testing/s3rver-harness.js";
import { PostgresDriver } from "../../adapters/supabase/postgres-driver.js";
import { startTestPostgres, type TestPostgresServer } from "../../adapters/supabase/testing/embedded-postgres-server.js";
import { seedProjectsDb } from "../../adapters/supabase/testing/projects-db-schema.js";
import { openDeployment, type Deployment } from "../../composition/deployment.js";
import { deploymentBucketFixture, fixtureIds as ids, projectsDbFixture } from "../../core/ports/testing/projects-db-fixture.js";
import type { RunningServer } from "../../hosts/http/start-http-server.js";
import { startLoopbackServer } from "../../hosts/http/testing/loopback-server.js";
import { launchPage, requireBrowserTier, screenshotFolder, seriousViolations, WEB_ROOT } from "./testing/chromium-page.js";

describe("the project tree of a deployment's Projects DB (Postgres, with its bucket) in the web UI", () => {
  let postgres: TestPostgresServer;
  let s3: S3rverHarness;
  let dataDir: string;
  let deployment: Deployment;
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  let alice: { token: string; id: string };
  let shot: (name: string) => Promise<Buffer>;
  /** The tree requests the page made, as their query strings. */
  const treeRequests: string[] = [];
  const tree = () => page.getByRole("tree", { name: "Дерево проектов" });

  beforeAll(async () => {
    requireBrowserTier();
    [postgres, s3, dataDir] = await Promise.all([startTestPostgres(), startS3rver(), mkdtemp(join(tmpdir(), "aizoomdoc-browser-projects-"))]);
    const url = await postgres.createDatabase();
    const seeder = await PostgresDriver.connect({ url, maxConnections: 1 });
    await seedProjectsDb(seeder, projectsDbFixture());
    await seeder.close();
    const bucket = await s3.createBucket();
    const storage = new R2BlobStorage(bucket);
    for (const [key, bytes] of deploymentBucketFixture()) await storage.put(key, bytes);
    storage.close();
    await seedLocalDataDir(dataDir);
    deployment = await openDeployment({ dataDir, projects: { db: { kind: "postgres", url }, bucket } });
    const issued = await deployment.admin.addUser("alice");
    alice = { token: issued.token, id: issued.user.id };
    server = await startLoopbackServer(deployment, {}, { webRoot: WEB_ROOT });
    ({ browser, page } = await launchPage());
    shot = await screenshotFolder(page, "project-tree");
    page.on("request", (request) => {
      const target = new URL(request.url());
      if (target.pathname === "/projects/tree") treeRequests.push(target.search);
    });
    await page.goto(server.url);
    await page.getByLabel("Токен доступа").fill(alice.token);
    await page.keyboard.press("Enter");
    await page.getByText("alice · простой режим").waitFor();
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await deployment?.close();
    await Promise.all([postgres?.stop(), s3?.close()]);
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it("loads the tree level by level: the top nodes first, a node's children only when it is opened", async () => {
    await page.getByRole("tab", { name: "Проекты" }).click();
    await tree().getByRole("button", { name: /ГК Стройпроект/ }).waitFor();
    expect(treeRequests).toEqual([""]);
    expect(await tree().getByText(/Жилой дом/).count()).toBe(0);
    await tree().getByRole("button", { name: /ГК Стройпроект/ }).click();
    await tree().getByRole("button", { name: /133\/23 Жилой дом/ }).click();
    await tree().getByRole("button", { name: /\(АР\) АР/ }).click();
    await tree().getByText("133/23-ГК-АР4 изм.7").waitFor();
    expect(treeRequests).toEqual(["", `?parent_id=${ids.client}`, `?parent_id=${ids.project}`, `?parent_id=${ids.sectionAr}`]);
    // a node opened again shows what it loaded, without asking again
    await tree().getByRole("button", { name: /\(АР\) АР/ }).click();
    await tree().getByRole("button", { name: /\(АР\) АР/ }).click();
    expect(treeRequests).toHaveLength(4);
    await shot("tree-opened");
    expect(await seriousViolations(page)).toEqual([]);
  });

  it("finds documents by name or code", async () => {
    await page.getByLabel("Поиск документа по названию или шифру").fill("КРВ");
    await page.getByRole("button", { name: "Найти" }).click();
    const found = page.getByRole("tree", { name: "Найденные документы" });
    await found.getByText("95/24-ГК-СТ-АР.КРВ").waitFor();
    expect(await found.getByRole("treeitem").count()).toBe(1);
    await page.getByLabel("Поиск документа по названию или шифру").fill("нет такого шифра");
    await page.getByRole("button", { name: "Найти" }).click();
    await found.getByText("Ничего не найдено").waitFor();
    await page.getByLabel("Поиск документа по названию или шифру").fill("АР4");
    await page.getByRole("button", { name: "Найти" }).click();
    await found.getByText("133/23-ГК-АР4 изм.7").waitFor();
    await shot("tree-search");
  });

  it("adds a tree document to the question: imported into the user's documents, ticked, and sent with the question", async () => {
    await page.getByRole("button", { name: "Добавить «(AR4-rev7) 133/23-ГК-АР4 изм.7» к вопросу" }).click();
    await page.getByText("в вопросе ✓").waitFor();
    const [imported] = await deployment.forUser(alice.id).listDocuments();
    expect(imported).toBeDefined();
    await page.getByRole("tab", { name: "Документы (1)" }).click();
    const row = page.locator(".document-list li", { hasText: imported!.name });
    expect(await row.getByRole("checkbox").isChecked()).toBe(true);
    // an OCR result has text only: no sheet to open, so no «открыть» that could only fail
    expect(await row.getByRole("button", { name: /Открыть лист/ }).count()).toBe(0);
    await shot("tree-document-added");
    await page.getByRole("tab", { name: /Чаты/ }).click();
    expect(await page.locator(".scope-note").textContent()).toBe("Документов выбрано: 1");
    await page.getByLabel("Вопрос").fill("Какие перемычки в разделе АР?");
    await page.getByRole("button", { name: "Отправить" }).click();
    await page.locator(".answer.complete, .answer.error").waitFor({ timeout: 120_000 });
    await shot("tree-document-asked");
    const [chat] = await deployment.forUser(alice.id).listChats();
    const { messages } = await deployment.forUser(alice.id).getChat(chat!.id);
    expect(messages.find((m) => m.role === "user")!.attachedDocumentIds).toEqual([imported!.id]);
  });
});
