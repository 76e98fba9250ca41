import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { generateDrawingSet } from "../../fixtures/drawing-set-generator.js";
import { GeminiWireServer } from "../../adapters/gemini/testing/gemini-wire-server.js";
import { textReply } from "../../adapters/gemini/testing/gemini-wire-replies.js";
import Ask from "./commands/ask.js";
import RolesAdd from "./commands/roles/add.js";
import RolesList from "./commands/roles/list.js";
import RolesRemove from "./commands/roles/remove.js";
import SettingsClearKey from "./commands/settings/clear-key.js";
import SettingsReset from "./commands/settings/reset.js";
import SettingsSet from "./commands/settings/set.js";
import SettingsSetKey from "./commands/settings/set-key.js";
import SettingsShow from "./commands/settings/show.js";
import { keepApplicationsOpen, runCommand } from "./testing/run-command.js";
import { withStdin } from "./testing/with-stdin.js";

// the commands of this file share one open application per data dir (see keepApplicationsOpen)
const closeApplications = keepApplicationsOpen();
afterAll(() => closeApplications());

type Failure = { oclif?: { exit?: number }; stderr?: string };
const failureOf = (run: Promise<unknown>) => run.then(() => ({}) as Failure, (error: Failure) => error);

/** Every file under a directory, so a test can prove a secret is nowhere in it. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

describe("aizoomdoc settings and roles (local mode)", () => {
  // no GEMINI_API_KEY here (the offline setup drops it): the model is reached only with the user's own key
  let dir: string;
  let data: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "aizoomdoc-settings-"));
    data = join(dir, "data");
  });
  afterEach(() => vi.unstubAllEnvs());

  it("shows, changes and resets settings; bad values are one-line usage errors that change nothing", async () => {
    expect((await runCommand(SettingsShow, ["--data-dir", data])).stdout).toContain("profile:          simple");
    const changed = await runCommand(SettingsSet, ["--profile", "complex", "--role", "economist", "--temperature", "0.3", "--no-thinking", "--data-dir", data]);
    expect(changed.result.settings).toMatchObject({ modelProfile: "complex", role: "economist", temperature: 0.3, thinkingEnabled: false });
    expect(changed.stdout).toContain("thinking:         off");

    for (const argv of [["--temperature", "warm"], ["--temperature", "3"], ["--role", "astronaut"], []]) {
      const failure = await failureOf(runCommand(SettingsSet, [...argv, "--data-dir", data]));
      expect(failure.oclif?.exit).toBe(64);
      expect(failure.stderr?.trim().split("\n")).toHaveLength(1);
    }
    expect((await runCommand(SettingsReset, ["temperature", "thinking", "--data-dir", data])).result.settings).toEqual({
      modelProfile: "complex", role: "economist", pageSettings: {}, modelKey: null,
    });
    expect((await failureOf(runCommand(SettingsReset, ["colour", "--data-dir", data]))).oclif?.exit).toBe(64);
  });

  it("prints usage errors as JSON on stdout under --json, through the one error map", async () => {
    for (const run of [() => runCommand(SettingsSet, ["--json", "--data-dir", data]), () => runCommand(SettingsReset, ["colour", "--json", "--data-dir", data])]) {
      const failure = (await failureOf(run())) as Failure & { stdout?: string };
      expect(failure.oclif?.exit).toBe(64);
      expect(JSON.parse(failure.stdout ?? "")).toMatchObject({ error: { code: "VALIDATION.INVALID_INPUT" } });
    }
  });

  it("adds, lists, selects and removes own roles", async () => {
    const file = join(dir, "role.md");
    writeFileSync(file, "Ты технадзор: отмечай каждое отступление от СП 63.13330.");
    await runCommand(RolesAdd, ["Технадзор", "--file", file, "--description", "строительный контроль", "--data-dir", data]);
    await runCommand(SettingsSet, ["--role", "Технадзор", "--data-dir", data]);
    const listed = await runCommand(RolesList, ["--data-dir", data]);
    expect(listed.stdout).toContain("engineer  (built-in)");
    expect(listed.stdout).toContain("Технадзор  (yours, v1, selected)  строительный контроль");
    expect((await failureOf(runCommand(RolesAdd, ["engineer", "--text", "x", "--data-dir", data]))).oclif?.exit).toBe(64);
    expect((await failureOf(runCommand(RolesAdd, ["Пустая", "--file", join(dir, "missing.md"), "--data-dir", data]))).stderr).toContain("missing.md: no such file");

    await runCommand(RolesRemove, ["Технадзор", "--data-dir", data]);
    expect((await runCommand(SettingsShow, ["--data-dir", data])).result.settings.role).toBeUndefined();
    // an unknown role is not found (66), not a usage error
    expect((await failureOf(runCommand(RolesRemove, ["Технадзор", "--data-dir", data]))).oclif?.exit).toBe(66);
  });

  it("keeps the user's own key encrypted on disk, answers with it through the model, and clears it", async () => {
    const key = "AIzaSy-OWN-KEY-0123456789";
    await runCommand(SettingsReset, ["--data-dir", data]); // the simple profile: two model calls
    const stored = await withStdin(`${key}\n`, () => runCommand(SettingsSetKey, ["--data-dir", data]));
    expect(stored.result.settings.modelKey).toEqual({ provider: "gemini", ownServer: false });
    expect(stored.stdout + stored.stderr).not.toContain(key);
    expect((await runCommand(SettingsShow, ["--data-dir", data])).stdout).toContain("your own for gemini (stored encrypted)");
    // nowhere in the data directory (database files, WAL, logs) is the key readable
    for (const path of filesUnder(data)) expect(readFileSync(path).includes(key), path).toBe(false);
    expect(statSync(join(data, "secret.key")).mode & 0o777).toBe(0o600);

    const pdf = join(dir, "set.pdf");
    writeFileSync(pdf, generateDrawingSet({ sheets: [{ kind: "specification" }], seed: 7 }).pdf);
    const server = await GeminiWireServer.start();
    server.enqueue(textReply(JSON.stringify({ intent_type: "general_analysis", requires_visual_detail: false })), textReply(JSON.stringify({ answer_markdown: "Ответ по спецификации." })));
    vi.stubEnv("GEMINI_BASE_URL", server.url);
    try {
      const asked = await runCommand(Ask, [pdf, "Что в спецификации?", "--data-dir", data]).catch((e: Failure) => { throw new Error(e.stderr); });
      expect(asked.result.answer.mode).toBe("llm");
      expect(server.modelRequests.map((r) => r.headers["x-goog-api-key"])).toEqual([key, key]);
    } finally {
      vi.unstubAllEnvs();
      await server.close();
    }

    await runCommand(SettingsClearKey, ["--data-dir", data]);
    const evidenceOnly = await runCommand(Ask, [pdf, "Что в спецификации?", "--data-dir", data]);
    expect(evidenceOnly.result.answer.mode).toBe("evidence_only");
    expect((await failureOf(withStdin("\n", () => runCommand(SettingsSetKey, ["--data-dir", data])))).oclif?.exit).toBe(64);
  });
});
