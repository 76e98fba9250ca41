import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { DomainError } from "../domain/errors.js";
import { SecretBox } from "../domain/secret-box.js";
import { InMemoryRolePromptStore } from "../ports/testing/in-memory-role-prompt-store.js";
import { InMemoryUserStore } from "../ports/testing/in-memory-user-store.js";
import { SettingsService } from "./settings-service.js";

const code = (error: unknown) => (DomainError.isInstance(error) ? error.code : String(error));

function world(secret = randomBytes(32)) {
  const users = new InMemoryUserStore();
  const roles = new InMemoryRolePromptStore();
  const service = (ownerId = "alice", key = secret) => new SettingsService({ ownerId, users, roles, secrets: async () => new SecretBox(key), modelProvider: "gemini" });
  return { users, roles, service };
}

describe("SettingsService", () => {
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
    await expect(alice.setModelKey({ key: "two words here" }).catch(code)).resolves.toBe("VALIDATION.INVALID_INPUT");
    await expect(alice.setModelKey({ key: "" }).catch(code)).resolves.toBe("VALIDATION.INVALID_INPUT");
    await expect(alice.updateSettings({ modelKey: { provider: "gemini", sealed: "v1:x" } } as never).catch(code)).resolves.toBe("VALIDATION.INVALID_INPUT");
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
    await expect(service("alice", randomBytes(32)).runSettings().catch(code)).resolves.toBe("SECRET.UNREADABLE");
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

    const unknown = await alice.updateSettings({ role: "astronaut", temperature: 1 }).catch((e: unknown) => e);
    expect(code(unknown)).toBe("VALIDATION.INVALID_INPUT");
    expect((unknown as Error).message).toMatch(/unknown role "astronaut": built-in engineer, economist, warranty-engineer; yours Технадзор/);
    expect(await alice.getSettings()).toMatchObject({ role: "Технадзор", temperature: 0.3 });
    await expect(alice.runSettings("astronaut").catch(code)).resolves.toBe("VALIDATION.INVALID_INPUT");

    await alice.saveRole({ name: "Спящая", content: "…", isActive: false });
    await expect(alice.updateSettings({ role: "Спящая" }).catch(code)).resolves.toBe("VALIDATION.INVALID_INPUT");
    // another user's roles are not Alice's
    await expect(service("bob").updateSettings({ role: "Технадзор" }).catch(code)).resolves.toBe("VALIDATION.INVALID_INPUT");
  });

  it("lists built-in roles then own ones, refuses own roles named like built-ins, and clears the selection of a deleted role", async () => {
    const { service } = world();
    const alice = service();
    await expect(alice.saveRole({ name: "engineer", content: "x" }).catch(code)).resolves.toBe("VALIDATION.INVALID_INPUT");
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
