import { describe, expect, it } from "vitest";
import { SettingsPatchSchema } from "../../../core/domain/user.js";
import { parseWire } from "./parse-wire.js";
import { domainErrorOf } from "../../../core/ports/testing/domain-error-of.js";
import { roleWireId } from "./wire-role.js";
import { SettingsPatchBody, WireMe, WireSettings, fromWireSettingsPatch, toWireMe, toWireSettings } from "./wire-settings.js";
import { settings, user } from "./testing/wire-fixtures.js";

const roles = [
  { name: "engineer", builtIn: true, isActive: true },
  { name: "сметчик", builtIn: false, isActive: true, version: 2 },
];


describe("toWireSettings", () => {
  it("names every field the wire way and keeps the key's secret out", async () => {
    const wire = toWireSettings({ ...settings, topP: 0.9, thinkingEnabled: true, thinkingBudget: 2048, mediaResolution: "low" });
    expect(WireSettings.parse(wire)).toEqual({
      model_profile: "complex",
      selected_role_prompt_id: roleWireId("engineer"),
      role: "engineer",
      temperature: 0.4,
      top_p: 0.9,
      thinking_enabled: true,
      thinking_budget: 2048,
      media_resolution: "low",
      page_settings: {},
      model_key: { provider: "gemini", own_server: false },
    });
  });

  it("says no role as null and leaves unset parameters out", async () => {
    expect(toWireSettings({ modelProfile: "simple", pageSettings: {}, modelKey: null })).toEqual({
      model_profile: "simple",
      selected_role_prompt_id: null,
      role: null,
      page_settings: {},
      model_key: null,
    });
  });

  it("/me says a Gemini key is configured only for a Gemini key", async () => {
    expect(WireMe.parse(toWireMe(user, settings)).gemini_api_key_configured).toBe(true);
    const ownServer = toWireMe(user, { ...settings, modelKey: { provider: "openai-compatible", ownServer: true } });
    expect(ownServer.gemini_api_key_configured).toBe(false);
    expect(ownServer.settings.model_key).toEqual({ provider: "openai-compatible", own_server: true });
    expect(toWireMe(user, { ...settings, modelKey: null }).gemini_api_key_configured).toBe(false);
  });
});

describe("roleWireId", () => {
  it("is a stable positive safe integer that tells names apart", async () => {
    expect(roleWireId("engineer")).toBe(roleWireId("engineer"));
    expect(roleWireId("engineer")).not.toBe(roleWireId("Engineer"));
    expect(Number.isSafeInteger(roleWireId("сметчик"))).toBe(true);
    expect(roleWireId("")).toBeGreaterThan(0);
  });
});

describe("fromWireSettingsPatch", () => {
  it("round-trips what toWireSettings answers (the domain accepts the patch)", async () => {
    const wire = toWireSettings({ ...settings, role: "сметчик", topP: 0.5, thinkingBudget: 0, mediaResolution: "high" });
    const { model_key: _key, selected_role_prompt_id: _id, ...body } = wire;
    const patch = fromWireSettingsPatch(parseWire(SettingsPatchBody, body, "body"), roles);
    expect(SettingsPatchSchema.parse(patch)).toEqual({ modelProfile: "complex", role: "сметчик", temperature: 0.4, topP: 0.5, thinkingBudget: 0, mediaResolution: "high", pageSettings: {} });
  });

  it("resolves a role number to its name, and null clears the role", async () => {
    expect(fromWireSettingsPatch({ selected_role_prompt_id: roleWireId("сметчик") }, roles)).toEqual({ role: "сметчик" });
    expect(fromWireSettingsPatch({ selected_role_prompt_id: null }, roles)).toEqual({ role: null });
    expect(fromWireSettingsPatch({ role: null }, roles)).toEqual({ role: null });
    expect(fromWireSettingsPatch({ role: "engineer", selected_role_prompt_id: roleWireId("engineer") }, roles)).toEqual({ role: "engineer" });
  });

  it("answers ROLE.NOT_FOUND for a number no role has, and refuses a number and a name that disagree", async () => {
    expect((await domainErrorOf(() => fromWireSettingsPatch({ selected_role_prompt_id: 42 }, roles))).code).toBe("ROLE.NOT_FOUND");
    expect((await domainErrorOf(() => fromWireSettingsPatch({ selected_role_prompt_id: roleWireId("engineer"), role: "сметчик" }, roles))).code).toBe("VALIDATION.INVALID_INPUT");
    expect((await domainErrorOf(() => fromWireSettingsPatch({ selected_role_prompt_id: null, role: "сметчик" }, roles))).code).toBe("VALIDATION.INVALID_INPUT");
    expect((await domainErrorOf(() => fromWireSettingsPatch({ selected_role_prompt_id: roleWireId("engineer"), role: null }, roles))).code).toBe("VALIDATION.INVALID_INPUT");
  });

  it("refuses unknown fields and out-of-range values with a 400 naming the field", async () => {
    const unknown = await domainErrorOf(() => parseWire(SettingsPatchBody, { model_profile: "simple", gemini_api_key: "x" }, "body"));
    expect(unknown.code).toBe("VALIDATION.INVALID_INPUT");
    expect(unknown.message).toMatch(/gemini_api_key/);
    for (const [field, value] of [
      ["temperature", 2.5],
      ["top_p", 0],
      ["thinking_budget", 1.5],
      ["media_resolution", "ultra"],
      ["model_profile", "turbo"],
    ] as const) {
      const error = await domainErrorOf(() => parseWire(SettingsPatchBody, { [field]: value }, "body"));
      expect(error.message).toMatch(new RegExp(`^body\\.${field}: `));
      expect((error.details?.issues as Array<{ path: string }>)[0]!.path).toBe(`body.${field}`);
    }
  });
});
