import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedLocalDataDir } from "../../adapters/local/testing/pglite-template.js";
import { openDeployment, type Deployment } from "../../composition/deployment.js";
import { generateDrawingSet } from "../../fixtures/drawing-set-generator.js";
import type { RunningServer } from "../../hosts/http/start-http-server.js";
import { startLoopbackServer } from "../../hosts/http/testing/loopback-server.js";
import { launchPage, requireBrowserTier, screenshotFolder, seriousViolations, WEB_ROOT } from "./testing/chromium-page.js";

/** The example set of the README (six A1 sheets), as scripts/make-example.ts writes it, and a revision of floor 2 to compare with. */
function exampleSet(): { name: string; mimeType: string; buffer: Buffer } {
  const { pdf } = generateDrawingSet({
    sheets: [{ kind: "floor-plan", floor: 1 }, { kind: "floor-plan", floor: 2 }, { kind: "floor-plan", floor: 3 }, { kind: "floor-plan", floor: 5 }, { kind: "floor-plan", floor: 7 }, { kind: "specification" }],
    format: "A1",
    seed: "aizoomdoc-example",
    cipher: "133/23-ГК-АР4",
  });
  return { name: "example-set.pdf", mimeType: "application/pdf", buffer: Buffer.from(pdf) };
}
function revision(): { name: string; mimeType: string; buffer: Buffer } {
  const { pdf } = generateDrawingSet({ sheets: [{ kind: "floor-plan", floor: 2 }], seed: "aizoomdoc-revision", cipher: "133/23-ГК-АР4.1" });
  return { name: "revision-floor-2.pdf", mimeType: "application/pdf", buffer: Buffer.from(pdf) };
}

/** Twenty A1 floor plans: enough bytes to watch them go out on a slowed link, and pages to watch being parsed. */
function largeSet(): { name: string; mimeType: string; buffer: Buffer } {
  const { pdf } = generateDrawingSet({ sheets: Array.from({ length: 20 }, (_, i) => ({ kind: "floor-plan" as const, floor: i + 1 })), format: "A1", seed: "aizoomdoc-large", cipher: "140/24-АР" });
  return { name: "large-set.pdf", mimeType: "application/pdf", buffer: Buffer.from(pdf) };
}

/**
 * Every state of one upload's progress line (its text, and its bar's value, -1 while it has none) as the page shows
 * them, recorded in the page (`uploadStates`); a string, because the page's DOM types are not this Node file's.
 */
const recordUpload = (name: string) => `
  window.uploadStates = [];
  new MutationObserver(() => {
    const item = [...document.querySelectorAll(".upload")].find((li) => li.querySelector(".upload-name")?.textContent === ${JSON.stringify(name)});
    const text = item?.querySelector(".upload-progress")?.textContent;
    if (!text || text === window.uploadStates.at(-1)?.text) return;
    window.uploadStates.push({ text, value: item.querySelector("progress")?.position ?? -1 });
  }).observe(document.body, { subtree: true, childList: true, characterData: true });
`;

describe("the web UI in headless Chromium against a loopback server", () => {
  let dataDir: string;
  let deployment: Deployment;
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  let alice: { token: string; id: string };
  let bob: { token: string; id: string };
  let shot: (name: string) => Promise<Buffer>;

  beforeAll(async () => {
    requireBrowserTier();
    dataDir = await mkdtemp(join(tmpdir(), "aizoomdoc-browser-"));
    await seedLocalDataDir(dataDir);
    // no model key: answers are evidence-only, which streams its phases, tool calls, images and citations all the same
    deployment = await openDeployment({ dataDir });
    const issued = [await deployment.admin.addUser("alice"), await deployment.admin.addUser("bob")];
    alice = { token: issued[0]!.token, id: issued[0]!.user.id };
    bob = { token: issued[1]!.token, id: issued[1]!.user.id };
    server = await startLoopbackServer(deployment, { maxUploadBytes: 64 << 20 }, { webRoot: WEB_ROOT });
    ({ browser, page } = await launchPage());
    shot = await screenshotFolder(page, "web-ui");
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await deployment?.close();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it("signs in with the static token from the keyboard, and refuses a wrong one in words", async () => {
    await page.goto(server.url);
    await page.getByLabel("Токен доступа").waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByLabel("Токен доступа").fill("azd_wrong");
    await page.keyboard.press("Enter");
    await expect.poll(() => page.getByRole("alert").textContent()).toContain("Не удалось войти");
    expect(await page.getByRole("alert").textContent()).not.toMatch(/at \w+ \(|Error:/);
    await shot("sign-in-refused");
    await page.getByLabel("Токен доступа").fill(alice.token);
    await page.keyboard.press("Enter");
    await page.getByText("alice · простой режим").waitFor();
    await shot("signed-in");
    // the JWT stays in memory; only the static token is kept, for this tab
    expect(await page.evaluate("Object.keys(sessionStorage)")).toEqual(["aizoomdoc.staticToken"]);
    expect(await page.evaluate("Object.keys(localStorage)")).toEqual([]);
  });

  it("uploads the example set and a revision with the ingestion's progress, and lists them", async () => {
    await page.getByRole("tab", { name: /Документы/ }).click();
    await page.getByLabel("Загрузить PDF или выгрузку OCR").setInputFiles([exampleSet(), revision()]);
    await page.locator(".upload progress").first().waitFor();
    await expect.poll(() => page.locator(".upload-progress").first().textContent()).toMatch(/Разбираю листы|Обрабатываю документ|В очереди|Документ обработан/);
    await shot("uploading");
    await expect.poll(() => page.locator(".upload.done").count(), { timeout: 150_000, interval: 500 }).toBe(2);
    await page.locator(".doc-name", { hasText: "example-set.pdf" }).waitFor();
    await expect.poll(() => page.locator(".document-list li").count()).toBe(2);
    expect(await page.locator(".document-list").textContent()).toContain("6 л.");
    await shot("uploaded");
  });

  it("asks, and the answer streams in: queue, phases with tool calls, evidence images, then the answer with citations", async () => {
    await page.getByRole("tab", { name: /Чаты/ }).click();
    await page.getByLabel("Вопрос").fill("Какие перемычки на 2 этаже и сколько их?");
    await page.keyboard.press("Control+Enter");
    // the run is seen under way: steps arrive before the answer completes
    await page.locator(".answer[aria-busy='true'] .steps li").first().waitFor();
    await shot("answer-streaming");
    await page.locator(".answer.complete").waitFor({ timeout: 120_000 });
    const answer = page.locator(".answer.complete");
    expect(await answer.locator(".steps li").count()).toBeGreaterThan(3);
    expect(await answer.locator(".steps .tools li").count()).toBeGreaterThan(0);
    // the steps read in Russian: the phases, the searches and the sheets looked at, no tool id or English note
    const steps = (await answer.locator(".steps ol").textContent())!.replace(/«[^»]*»/g, "«…»").replace(/\d+ dpi/g, "");
    expect(steps).toContain("Блоки найдены");
    expect(steps).toMatch(/Ищу «…»/);
    expect(steps).toMatch(/Открываю чертёж листа \d+ целиком|Увеличиваю фрагмент листа \d+|Смотрю четверть листа \d+/);
    expect(steps.match(/[A-Za-z]{3,}/g) ?? []).toEqual([]);
    expect(await answer.locator(".evidence-thumb img").count()).toBeGreaterThan(0);
    expect(await answer.locator(".markdown a.citation-link").count()).toBeGreaterThan(0);
    expect(await answer.locator(".markdown table").count() + (await answer.locator(".markdown li").count())).toBeGreaterThan(0);
    await expect.poll(() => page.locator(".chat-list li").count()).toBe(1);
    await shot("answer-complete");
    expect(await seriousViolations(page)).toEqual([]);
  });

  it("opens a citation in the viewer: the sheet's tiles, its region outlined where the citation's bbox says, the view flown to it", async () => {
    const chats = await deployment.forUser(alice.id).listChats();
    const { messages } = await deployment.forUser(alice.id).getChat(chats[0]!.id);
    const citations = messages.find((m) => m.role === "assistant")!.answer!.citations;
    const link = page.locator(".answer.complete .markdown a.citation-link").first();
    const index = Number(await link.getAttribute("data-citation"));
    const cited = citations[index]!;
    expect(cited.bbox).toBeDefined();
    await link.click();
    const viewer = page.getByTestId("evidence-viewer");
    await viewer.locator(".region.focused").waitFor();
    await page.locator("[data-view-state='settled']").waitFor();
    // tiles came through the authenticated tile route and were drawn
    await expect.poll(() => viewer.locator("canvas").count()).toBeGreaterThan(0);
    await page.waitForTimeout(1_500);
    const box = async (selector: string) => (await page.locator(selector).boundingBox())!;
    const [frame, region, host] = [await box(".osd .page-frame"), await box(".osd .region.focused"), await box(".osd")];
    const geometry = {
      bbox: (await page.locator(".osd .region.focused").getAttribute("data-bbox"))!.split(",").map(Number),
      normalized: [(region.x - frame.x) / frame.width, (region.y - frame.y) / frame.height, (region.x + region.width - frame.x) / frame.width, (region.y + region.height - frame.y) / frame.height],
      centre: [region.x + region.width / 2 - (host.x + host.width / 2), region.y + region.height / 2 - (host.y + host.height / 2)],
      host: [host.width, host.height],
      regionSize: [region.width, region.height],
    };
    expect(geometry.bbox).toEqual([...cited.bbox!]);
    geometry.normalized.forEach((value, i) => expect(Math.abs(value - cited.bbox![i]!)).toBeLessThan(0.002));
    // flown to: the region sits in the middle of the viewer and fills a good part of it
    expect(Math.abs(geometry.centre[0]!)).toBeLessThan(geometry.host[0]! * 0.05);
    expect(Math.abs(geometry.centre[1]!)).toBeLessThan(geometry.host[1]! * 0.05);
    expect(Math.max(geometry.regionSize[0]! / geometry.host[0]!, geometry.regionSize[1]! / geometry.host[1]!)).toBeGreaterThan(0.4);
    // the legend names the cited block as its sheet does (the heading over it), the id only beside it
    const legend = page.locator(".region-list li.focused");
    const sheetBlocks = await deployment.forUser(alice.id).getBlocks(cited.document_id!, { page: cited.page! });
    const headingOnSheet = async () => {
      const caption = (await legend.locator(".region-caption").textContent())!;
      return !/[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{3}/.test(caption) && sheetBlocks.some((block) => block.kind === "TEXT" && block.text.includes(caption));
    };
    await expect.poll(headingOnSheet).toBe(true);
    expect(await legend.locator(".region-detail").textContent()).toContain(`блок ${cited.block_id}`);
    expect((await page.locator(".region-list .region-caption").allTextContents()).join("\n")).toMatch(/Спецификация перемычек|План 2 этажа/);
    await shot("viewer-citation");
    expect(await seriousViolations(page)).toEqual([]);
    // an evidence image of the strip outlines its zoomed region on its sheet
    await page.locator(".answer.complete .evidence-thumb").last().click();
    await page.locator(".osd .region.zoom.focused").waitFor();
    // the legend scrolls to the image's entry, named by its block's caption
    const [list, entry] = [(await page.locator(".region-list").boundingBox())!, (await page.locator(".region-list li.focused").boundingBox())!];
    expect(entry.y).toBeGreaterThanOrEqual(list.y - 1);
    expect(entry.y + entry.height).toBeLessThanOrEqual(list.y + list.height + 1);
    expect(await page.locator(".region-list li.focused .region-detail").textContent()).toMatch(/\d+ dpi/);
    await page.locator("[data-view-state='settled']").waitFor();
    await page.waitForTimeout(1_000);
    await shot("viewer-evidence-image");
  });

  it("compares two documents: side A and side B go with the question", async () => {
    await page.getByRole("button", { name: "Новый чат" }).click();
    await page.getByRole("tab", { name: /Документы/ }).click();
    await page.getByLabel("Сравнить два документа").check();
    await page.getByLabel("Документ A").selectOption({ label: "example-set.pdf" });
    await page.getByLabel("Документ B").selectOption({ label: "revision-floor-2.pdf" });
    await page.getByRole("tab", { name: /Чаты/ }).click();
    await page.getByLabel("Вопрос").fill("Чем отличаются перемычки 2 этажа?");
    await page.getByRole("button", { name: "Отправить" }).click();
    await page.locator(".question .badge", { hasText: "сравнение" }).waitFor();
    await page.locator(".answer.complete, .answer.error").waitFor({ timeout: 120_000 });
    await shot("compare");
    const documents = await deployment.forUser(alice.id).listDocuments();
    const idOf = (name: string) => documents.find((d) => d.name === name)!.id;
    const chats = await deployment.forUser(alice.id).listChats();
    const { messages } = await deployment.forUser(alice.id).getChat(chats[0]!.id);
    expect(messages.find((m) => m.role === "user")!.compare).toEqual({ a: [idOf("example-set.pdf")], b: [idOf("revision-floor-2.pdf")] });
  });

  it("saves the settings on the server and shows them applied, also after a reload", async () => {
    await page.getByRole("button", { name: "Настройки" }).click();
    const dialog = page.getByRole("dialog", { name: "Настройки" });
    await dialog.waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await dialog.getByLabel("Режим").selectOption("complex");
    await expect.poll(() => dialog.getByLabel("Роль").locator("option").count()).toBeGreaterThan(1);
    await dialog.getByLabel("Роль").selectOption("engineer");
    await dialog.getByLabel("Температура (0–2)").fill("0.3");
    await dialog.getByLabel("Top-p (0–1)").fill("0.9");
    await dialog.getByLabel("Размышления").selectOption("off");
    await dialog.getByLabel("Бюджет размышлений (токенов, 0 — авто)").fill("2048");
    await dialog.getByLabel("Разрешение изображений для модели").selectOption("medium");
    await dialog.getByLabel("Новый ключ").fill("my-own-model-key");
    await shot("settings");
    await dialog.getByRole("button", { name: "Сохранить" }).click();
    await page.getByText("alice · сложный режим · роль: engineer").waitFor();
    const saved = await deployment.forUser(alice.id).getSettings();
    expect(saved).toMatchObject({ modelProfile: "complex", role: "engineer", temperature: 0.3, topP: 0.9, thinkingEnabled: false, thinkingBudget: 2048, mediaResolution: "medium", modelKey: { provider: expect.any(String) } });
    await page.reload();
    await page.getByText("alice · сложный режим · роль: engineer").waitFor();
    await page.getByRole("button", { name: "Настройки" }).click();
    expect(await dialog.getByLabel("Температура (0–2)").inputValue()).toBe("0.3");
    expect(await dialog.getByLabel("Новый ключ").inputValue()).toBe("");
    expect(await dialog.textContent()).toContain("Ключ задан");
    await dialog.getByRole("button", { name: "Отмена" }).click();
  });

  it("renames a chat from the keyboard", async () => {
    await page.getByRole("tab", { name: /Чаты/ }).click();
    await page.getByRole("button", { name: /^Переименовать/ }).first().click();
    const field = page.getByLabel("Новое название чата");
    await field.fill("Перемычки 2 этажа");
    await field.press("Enter");
    await page.locator(".chat-title", { hasText: "Перемычки 2 этажа" }).waitFor();
    // focus moves visibly through the controls with Tab
    await page.getByLabel("Вопрос").focus();
    await page.keyboard.press("Shift+Tab");
    expect(await page.evaluate("document.activeElement?.tagName")).toBe("BUTTON");
  });

  it("says in words that the project tree needs a Projects DB this server has not got", async () => {
    await page.getByRole("tab", { name: "Проекты" }).click();
    await page.getByText("База проектов на этом сервере не подключена").waitFor();
    await page.getByRole("tab", { name: /Чаты/ }).click();
  });

  it("shows the share of a large file's bytes sent, then the ingestion's pages, each rising", async () => {
    await page.getByRole("tab", { name: /Документы/ }).click();
    // a slowed link (Chromium's own throttling) makes the upload take seconds on loopback
    const cdp = await page.context().newCDPSession(page);
    await cdp.send("Network.enable");
    await cdp.send("Network.emulateNetworkConditions", { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: 192 * 1024 });
    const file = largeSet();
    await page.evaluate(recordUpload(file.name));
    await page.getByLabel("Загрузить PDF или выгрузку OCR").setInputFiles([file]);
    await page.locator(".upload", { hasText: "Отправляю файл:" }).waitFor();
    await shot("upload-sending");
    await page.locator(".upload", { hasText: "Разбираю листы" }).waitFor({ timeout: 60_000 });
    await shot("upload-ingesting");
    await page.locator(".upload.done", { hasText: file.name }).waitFor({ timeout: 150_000 });
    await cdp.send("Network.emulateNetworkConditions", { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
    await cdp.detach();
    const states = await page.evaluate<Array<{ text: string; value: number }>>("window.uploadStates");
    const numbers = (pattern: RegExp) => states.flatMap((state) => (pattern.exec(state.text) ? [{ shown: Number(pattern.exec(state.text)![1]), bar: state.value }] : []));
    const sent = numbers(/^Отправляю файл: (\d+) %$/);
    const parsed = numbers(/^Разбираю листы: (\d+) из 20$/);
    // several steps of each, every one further than the one before, the bar saying what the words say
    for (const steps of [sent, parsed]) {
      expect(steps.length).toBeGreaterThan(2);
      steps.slice(1).forEach((step, i) => expect(step.shown).toBeGreaterThan(steps[i]!.shown));
    }
    sent.forEach((step) => expect(Math.abs(step.bar * 100 - step.shown)).toBeLessThan(1));
    parsed.forEach((step) => expect(step.bar).toBeCloseTo(step.shown / 20, 5));
    // the bytes went out before the pages were parsed
    expect(states.findIndex((state) => state.text.startsWith("Отправляю"))).toBeLessThan(states.findIndex((state) => state.text.startsWith("Разбираю")));
    expect(states.at(-1)!.text).toBe("Документ обработан");
  });

  it("signs out, and a second user sees none of the first one's chats or documents", async () => {
    await page.getByRole("button", { name: "Выйти" }).click();
    await page.getByLabel("Токен доступа").fill(bob.token);
    await page.keyboard.press("Enter");
    await page.getByText("bob · простой режим").waitFor();
    await page.getByText("Чатов пока нет").waitFor();
    await page.getByRole("tab", { name: /Документы/ }).click();
    await page.getByText("Документов нет").waitFor();
    await shot("second-user");
    const aliceChat = (await deployment.forUser(alice.id).listChats())[0]!.id;
    const exchange = await fetch(`${server.url}/auth/exchange`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ static_token: bob.token }) });
    const { access_token } = (await exchange.json()) as { access_token: string };
    const { status } = await fetch(`${server.url}/chats/${aliceChat}`, { headers: { authorization: `Bearer ${access_token}` } });
    expect(status).toBe(404);
  });
});
