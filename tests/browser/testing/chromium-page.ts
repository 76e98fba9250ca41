import { existsSync } from "node:fs";
import { mkdir, rm } from "node:fs/promises";
import { join } from "node:path";
import { AxeBuilder } from "@axe-core/playwright";
import { chromium, type Browser, type Page } from "playwright-core";

/** Debian's Chromium (`apt-get install chromium`); playwright-core downloads no browser. */
const CHROMIUM = process.env.AIZOOMDOC_CHROMIUM ?? "/usr/bin/chromium";
const CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];
export const WEB_ROOT = join(process.cwd(), "dist", "web");
const SHOTS = join(process.cwd(), ".tmp", "browser-screenshots");

/** Fails early, in words, when the build or the browser the tier needs is missing. */
export function requireBrowserTier(): void {
  if (!existsSync(join(WEB_ROOT, "index.html"))) throw new Error("dist/web is missing: run `npm run build` before the browser tier");
  if (!existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM}: apt-get install chromium`);
}

/** A desktop-sized Russian-locale page in a fresh headless Chromium. */
export async function launchPage(): Promise<{ browser: Browser; page: Page }> {
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  const context = await browser.newContext({ viewport: { width: 1600, height: 1000 }, locale: "ru-RU" });
  const page = await context.newPage();
  page.setDefaultTimeout(60_000);
  return { browser, page };
}

/**
 * Numbered screenshots of one test file in a folder of its own under `.tmp/browser-screenshots/`, emptied first:
 * files of the tier may run at once, and each must not wipe the others' pictures.
 */
export async function screenshotFolder(page: Page, suite: string): Promise<(name: string) => Promise<Buffer>> {
  const folder = join(SHOTS, suite);
  await rm(folder, { recursive: true, force: true });
  await mkdir(folder, { recursive: true });
  let step = 0;
  return (name) => page.screenshot({ path: join(folder, `${String(++step).padStart(2, "0")}-${name}.png`) });
}

/** Serious and critical accessibility violations on the page as it is now (axe-core's WCAG 2 A/AA rules). */
export async function seriousViolations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).exclude(".osd .openseadragon-canvas").analyze();
  return result.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).slice(0, 3).join("; ")})`);
}
