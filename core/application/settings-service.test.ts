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
  // a deployment of an OpenAI-compatible server that lets users point at their own under the prefixes given
  const openAi = (userBaseUrls?: "any" | string[], ownerId = "alice") =>
    new SettingsService({ ownerId, users, roles, secrets: async () => new SecretBox(secret), prompts, modelProvider: "openai-compatible", ...(userBaseUrls ? { userBaseUrls } : {}) });
  return { users, roles, service, openAi };
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
    expect(shown.modelKey).toEqual({ provider: "gemini", ownServer: false });
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
    expect((await alice.setModelKey({ key: "sk-local-vllm-key", provider: "openai-compatible" })).modelKey).toEqual({ provider: "openai-compatible", ownServer: false });
    expect((await alice.runSettings()).apiKey).toBeUndefined();
  });

  it("stores a user's own server sealed with their key (which may then be empty), and their runs go to it", async () => {
    const { users, openAi } = world();
    const alice = openAi(["http://gpu-box:8000/v1", "http://10.0.0.7:11434"]);
    const shown = await alice.setModelKey({ baseUrl: " http://gpu-box:8000/v1 " });
    expect(shown.modelKey).toEqual({ provider: "openai-compatible", ownServer: true });
    const stored = (await users.getSettings("alice")).modelKey!;
    expect(stored.sealedBaseUrl).toMatch(/^v1:/);
    expect(JSON.stringify(stored)).not.toContain("gpu-box");
    expect(await alice.runSettings()).toEqual({ profile: "simple", modelBaseUrl: "http://gpu-box:8000/v1" });
    await alice.setModelKey({ key: "sk-alice-ollama", baseUrl: "http://10.0.0.7:11434/v1" });
    expect(await alice.runSettings()).toMatchObject({ apiKey: "sk-alice-ollama", modelBaseUrl: "http://10.0.0.7:11434/v1" });
    // a plain key replaces the pair: the runs go to the deployment's server again
    await alice.setModelKey({ key: "sk-alice-deployment" });
    expect(await alice.runSettings()).not.toHaveProperty("modelBaseUrl");
  });

  it("refuses a server the deployment does not allow, outside its prefixes, or for another provider, writing nothing", async () => {
    const { users, openAi, service } = world();
    const refused = async (settings: ReturnType<typeof openAi>, input: Parameters<typeof settings.setModelKey>[0]) => {
      const error = await domainErrorOf(settings.setModelKey(input));
      expect(error.code).toBe("VALIDATION.INVALID_INPUT");
      expect(error.details?.field).toBe("baseUrl");
      return error.message;
    };
    expect(await refused(openAi(), { baseUrl: "http://gpu-box:8000/v1" })).toContain("AIZOOMDOC_MODEL_USER_BASE_URLS");
    const strict = openAi(["http://gpu-box:8000/v1"]);
    for (const baseUrl of ["http://gpu-box:8000@attacker.example/v1", "http://gpu-box.attacker.example:8000/v1", "http://gpu-box:8001/v1", "https://gpu-box:8000/v1", "http://gpu-box:8000/v10", "http://gpu-box:8000/"]) {
      expect(await refused(strict, { baseUrl }), baseUrl).toContain("not among the servers");
    }
    expect(await refused(openAi("any"), { baseUrl: "file:///etc/passwd" })).toContain("http(s)");
    expect(await refused(openAi("any"), { baseUrl: "gpu box" })).toContain("http(s)");
    expect(await refused(service(), { key: "AIzaSy-alice-key-123", baseUrl: "http://gpu-box:8000/v1" })).toContain("openai-compatible");
    // without a server the key is still required
    expect(await errorCodeOf(openAi("any").setModelKey({}))).toBe("VALIDATION.INVALID_INPUT");
    expect((await users.getSettings("alice")).modelKey).toBeUndefined();
    expect((await openAi("any").setModelKey({ baseUrl: "http://gpu-box:8000/v1/" })).modelKey?.ownServer).toBe(true);
  });

  it("stops using a stored server the deployment no longer allows, and says so", async () => {
    const { openAi } = world();
    await openAi("any").setModelKey({ baseUrl: "http://old-box:8000/v1" });
    expect(await errorCodeOf(openAi(["http://gpu-box:8000/v1"]).runSettings())).toBe("VALIDATION.INVALID_INPUT");
    expect(await errorCodeOf(openAi().runSettings())).toBe("VALIDATION.INVALID_INPUT");
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
