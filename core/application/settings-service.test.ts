import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { SecretBox } from "../domain/secret-box.js";
import { InMemoryRolePromptStore } from "../ports/testing/in-memory-role-prompt-store.js";
import { InMemoryPromptLibrary } from "../ports/testing/in-memory-prompt-library.js";
import { InMemoryUserStore } from "../ports/testing/in-memory-user-store.js";
import { SettingsService } from "./settings-service.js";
import { domainErrorOf, errorCodeOf } from "../ports/testing/domain-error-of.js";

function world(secret = randomBytes(32)) {
  const users = new InMemoryUserStore();
  const roles = new InMemoryRolePromptStore();
  const prompts = new InMemoryPromptLibrary([
    { id: "system", version: 4, body: "system" },
    { id: "role-engineer", version: 2, body: "engineer" },
    { id: "answer", version: 1, body: "answer" },
  ]);
  const service = (ownerId = "alice", key = secret) => new SettingsService({ ownerId, users, roles, secrets: async () => new SecretBox(key), prompts, modelProvider: "gemini" });
  return { users, roles, service };
}

describe("SettingsService", () => {
  it("lists the system prompt templates by id and version, leaving the role templates to the roles", async () => {
    expect(await world().service().listSystemPrompts()).toEqual([
      { id: "answer", version: 1 },
      { id: "system", version: 4 },
    ]);
  });

  it("stores the user's model key sealed, never returns it, and opens it for their runs only", async () => {
    const { users, service } = world();
    const alice = service();
    expect((await alice.getSettings()).modelKey).toBeNull();
    const shown = await alice.setModelKey({ key: "  AIzaSy-alice-key-123 \n" });
    expect(shown.modelKey).toEqual({ provider: "gemini" });
    expect(JSON.stringify(shown)).not.toContain("alice-key");
    const stored = (await users.getSettings("alice")).modelKey!;
    expect(stored.provider).toBe("gemini");
    expect(stored.sealed).toMatch(/^v1:/);
    expect(stored.sealed).not.toContain("alice-key");
    expect((await alice.runSettings()).apiKey).toBe("AIzaSy-alice-key-123");
    expect((await service("bob").runSettings()).apiKey).toBeUndefined();

    await alice.setModelKey(null);
    expect((await alice.getSettings()).modelKey).toBeNull();
    expect((await alice.runSettings()).apiKey).toBeUndefined();
  });

  it("refuses a malformed key and a key smuggled in as a settings field, writing nothing", async () => {
    const { users, service } = world();
    const alice = service();
    expect(await errorCodeOf(alice.setModelKey({ key: "two words here" }))).toBe("VALIDATION.INVALID_INPUT");
    expect(await errorCodeOf(alice.setModelKey({ key: "" }))).toBe("VALIDATION.INVALID_INPUT");
    expect(await errorCodeOf(alice.updateSettings({ modelKey: { provider: "gemini", sealed: "v1:x" } } as never))).toBe("VALIDATION.INVALID_INPUT");
    expect((await users.getSettings("alice")).modelKey).toBeUndefined();
  });

  it("keeps a key for another provider than the deployment's, but its runs do not use it", async () => {
    const { service } = world();
    const alice = service();
    expect((await alice.setModelKey({ key: "sk-local-vllm-key", provider: "openai-compatible" })).modelKey).toEqual({ provider: "openai-compatible" });
    expect((await alice.runSettings()).apiKey).toBeUndefined();
  });

  it("says so when the secret changed since the key was sealed", async () => {
    const { service } = world();
    await service("alice").setModelKey({ key: "AIzaSy-alice-key-123" });
    expect(await errorCodeOf(service("alice", randomBytes(32)).runSettings())).toBe("SECRET.UNREADABLE");
  });

  it("selects built-in and own active roles; an unknown or inactive role is refused before anything is written", async () => {
    const { service } = world();
    const alice = service();
    expect((await alice.updateSettings({ role: "economist", temperature: 0.3 })).role).toBe("economist");
    expect(await alice.runSettings()).toMatchObject({ role: "economist", temperature: 0.3, profile: "simple" });

    await alice.saveRole({ name: "Технадзор", content: "Проверяй соответствие СП и отмечай нарушения." });
    await alice.updateSettings({ role: "Технадзор" });
    const run = await alice.runSettings();
    expect(run).toMatchObject({ roleText: "Проверяй соответствие СП и отмечай нарушения." });
    expect(run).not.toHaveProperty("role");
    // a request's own role choice wins over the stored one
    expect(await alice.runSettings("engineer")).toMatchObject({ role: "engineer" });

    const unknown = await domainErrorOf(alice.updateSettings({ role: "astronaut", temperature: 1 }));
    expect(unknown.code).toBe("VALIDATION.INVALID_INPUT");
    expect(unknown.message).toMatch(/unknown role "astronaut": built-in engineer, economist, warranty-engineer; yours Технадзор/);
    expect(await alice.getSettings()).toMatchObject({ role: "Технадзор", temperature: 0.3 });
    expect(await errorCodeOf(alice.runSettings("astronaut"))).toBe("VALIDATION.INVALID_INPUT");

    await alice.saveRole({ name: "Спящая", content: "…", isActive: false });
    expect(await errorCodeOf(alice.updateSettings({ role: "Спящая" }))).toBe("VALIDATION.INVALID_INPUT");
    // another user's roles are not Alice's
    expect(await errorCodeOf(service("bob").updateSettings({ role: "Технадзор" }))).toBe("VALIDATION.INVALID_INPUT");
  });

  it("lists built-in roles then own ones, refuses own roles named like built-ins, and clears the selection of a deleted role", async () => {
    const { service } = world();
    const alice = service();
    expect(await errorCodeOf(alice.saveRole({ name: "engineer", content: "x" }))).toBe("VALIDATION.INVALID_INPUT");
    await alice.saveRole({ name: "Сметчик", content: "Считай объёмы.", description: "объёмы работ" });
    await alice.saveRole({ name: "Сметчик", content: "Считай объёмы и цены." });
    expect((await alice.listRoles()).map((r) => [r.name, r.builtIn, r.version ?? null])).toEqual([
      ["engineer", true, null],
      ["economist", true, null],
      ["warranty-engineer", true, null],
      ["Сметчик", false, 2],
    ]);
    await alice.updateSettings({ role: "Сметчик" });
    expect(await alice.deleteRole("Сметчик")).toBe(true);
    expect((await alice.getSettings()).role).toBeUndefined();
    expect(await alice.deleteRole("Сметчик")).toBe(false);
  });

  it("hands every stored LLM parameter to the run", async () => {
    const { service } = world();
    const alice = service();
    await alice.updateSettings({ modelProfile: "complex", topP: 0.5, thinkingEnabled: true, thinkingBudget: 256, mediaResolution: "low" });
    expect(await alice.runSettings()).toEqual({ profile: "complex", topP: 0.5, thinking: { enabled: true, budgetTokens: 256 }, mediaResolution: "low" });
  });
});
