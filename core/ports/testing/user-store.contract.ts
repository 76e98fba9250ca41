import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { DEFAULT_SETTINGS } from "../../domain/user.js";
import type { UserStore } from "../user-store.js";
import { errorCodeOf } from "./domain-error-of.js";

const unique = (label: string) => `${label}-${randomUUID().slice(0, 8)}`;

/** The UserStore contract, run against every adapter and the in-memory fake (stores may share one database). */
export function describeUserStoreContract(name: string, make: () => Promise<UserStore>) {
  describe(`UserStore contract: ${name}`, () => {
    it("creates users and finds them by static token, never by a wrong or partial one", async () => {
      const store = await make();
      const token = `tok-${randomUUID()}`;
      const user = await store.createUser({ username: unique("анна"), staticToken: token, role: "admin" });
      expect(user).toMatchObject({ role: "admin", status: "active" });
      expect(Date.parse(user.createdAt)).not.toBeNaN();
      expect(await store.findUserByStaticToken(token)).toEqual(user);
      expect(await store.getUser(user.id)).toEqual(user);
      expect(await store.findUserByStaticToken(token.slice(0, -1))).toBeUndefined();
      expect(await store.findUserByStaticToken(`${token} `)).toBeUndefined();
      expect(await store.findUserByStaticToken("")).toBeUndefined();
      expect(await store.getUser(randomUUID())).toBeUndefined();
      expect(JSON.stringify(user)).not.toContain(token);
    });

    it("finds blocked users too (the caller refuses them) and users without a token never match", async () => {
      const store = await make();
      const token = `tok-${randomUUID()}`;
      const blocked = await store.createUser({ username: unique("blocked"), staticToken: token, status: "blocked" });
      expect(await store.findUserByStaticToken(token)).toMatchObject({ id: blocked.id, status: "blocked" });
      const tokenless = await store.createUser({ username: unique("service") });
      expect(tokenless.role).toBe("user");
    });

    it("refuses a taken username or token", async () => {
      const store = await make();
      const token = `tok-${randomUUID()}`;
      const username = unique("dup");
      await store.createUser({ username, staticToken: token });
      expect(await errorCodeOf(store.createUser({ username, staticToken: `other-${randomUUID()}` }))).toBe("VALIDATION.INVALID_INPUT");
      expect(await errorCodeOf(store.createUser({ username: unique("other"), staticToken: token }))).toBe("VALIDATION.INVALID_INPUT");
    });

    it("finds users by name regardless of case and refuses a name that differs only in case", async () => {
      const store = await make();
      const suffix = randomUUID().slice(0, 8);
      const anna = await store.createUser({ username: `Анна-${suffix}`, staticToken: `tok-${randomUUID()}` });
      expect(await store.findUserByName(`анна-${suffix}`)).toEqual(anna);
      expect(await store.findUserByName(`АННА-${suffix.toUpperCase()}`)).toEqual(anna);
      expect(await store.findUserByName(`Анна-${suffix}x`)).toBeUndefined();
      expect(await errorCodeOf(store.createUser({ username: `АННА-${suffix}` }))).toBe("VALIDATION.INVALID_INPUT");
      expect((await store.listUsers()).filter((u) => u.username.endsWith(suffix))).toEqual([anna]);
    });

    it("lists every user oldest first, with no token in sight", async () => {
      const store = await make();
      const token = `tok-${randomUUID()}`;
      const first = await store.createUser({ username: unique("first"), staticToken: token, role: "admin" });
      // a later creation time (a clock may tick in milliseconds: two users made in one are equally old)
      await new Promise((resolve) => setTimeout(resolve, 5));
      const second = await store.createUser({ username: unique("second"), status: "inactive" });
      const listed = await store.listUsers();
      expect(listed.filter((u) => u.id === first.id || u.id === second.id)).toEqual([first, second]);
      expect(JSON.stringify(listed)).not.toContain(token);
    });

    it("replaces a token: the old one finds nobody at once, the new one finds the user", async () => {
      const store = await make();
      const [old, next] = [`tok-${randomUUID()}`, `tok-${randomUUID()}`];
      const user = await store.createUser({ username: unique("rotating"), staticToken: old });
      expect(await store.replaceStaticToken(user.id, next)).toEqual(user);
      expect(await store.findUserByStaticToken(old)).toBeUndefined();
      expect(await store.findUserByStaticToken(next)).toEqual(user);
      // a tokenless user gets one
      const tokenless = await store.createUser({ username: unique("tokenless") });
      const first = `tok-${randomUUID()}`;
      await store.replaceStaticToken(tokenless.id, first);
      expect((await store.findUserByStaticToken(first))?.id).toBe(tokenless.id);
      // another user's token is refused and nothing changes
      expect(await errorCodeOf(store.replaceStaticToken(user.id, first))).toBe("VALIDATION.INVALID_INPUT");
      expect((await store.findUserByStaticToken(next))?.id).toBe(user.id);
      expect((await store.findUserByStaticToken(first))?.id).toBe(tokenless.id);
      expect(await errorCodeOf(store.replaceStaticToken(randomUUID(), `tok-${randomUUID()}`))).toBe("USER.NOT_FOUND");
    });

    it("deletes a user with their settings: no token, name or id finds them, and the name is free again", async () => {
      const store = await make();
      const token = `tok-${randomUUID()}`;
      const username = unique("leaving");
      const user = await store.createUser({ username, staticToken: token });
      await store.patchSettings(user.id, { modelProfile: "complex", modelKey: { provider: "gemini", sealed: "v1:abc" } });
      const other = await store.createUser({ username: unique("staying"), staticToken: `tok-${randomUUID()}` });
      expect(await store.deleteUser(user.id)).toBe(true);
      expect(await store.getUser(user.id)).toBeUndefined();
      expect(await store.findUserByStaticToken(token)).toBeUndefined();
      expect(await store.findUserByName(username)).toBeUndefined();
      expect((await store.listUsers()).map((u) => u.id)).not.toContain(user.id);
      expect((await store.listUsers()).map((u) => u.id)).toContain(other.id);
      expect(await store.getSettings(user.id)).toEqual(DEFAULT_SETTINGS);
      expect(await store.deleteUser(user.id)).toBe(false);
      const again = await store.createUser({ username, staticToken: token });
      expect(again.id).not.toBe(user.id);
      expect((await store.findUserByStaticToken(token))?.id).toBe(again.id);
    });

    it("leaves settings alone when asked to delete a user that does not exist (local mode's user has no row)", async () => {
      const store = await make();
      const userId = unique("local");
      await store.patchSettings(userId, { modelProfile: "complex" });
      expect(await store.deleteUser(userId)).toBe(false);
      expect((await store.getSettings(userId)).modelProfile).toBe("complex");
    });

    it("records when a user was last seen", async () => {
      const store = await make();
      const user = await store.createUser({ username: unique("seen") });
      await store.touchUser(user.id, new Date("2026-11-24T10:00:00.000Z"));
      expect((await store.getUser(user.id))?.lastSeenAt).toBe("2026-11-24T10:00:00.000Z");
      await store.touchUser(randomUUID());
    });

    it("returns defaults for a user without settings, persists every field and clears fields with null", async () => {
      const store = await make();
      const userId = unique("local");
      expect(await store.getSettings(userId)).toEqual(DEFAULT_SETTINGS);
      const all = {
        modelProfile: "complex" as const,
        role: "engineer",
        temperature: 0.35,
        topP: 0.9,
        thinkingEnabled: true,
        thinkingBudget: 2048,
        mediaResolution: "high" as const,
        pageSettings: { zoom: 2, panels: ["tree"] },
        modelKey: { provider: "gemini", sealed: "v1:abc" },
      };
      expect(await store.patchSettings(userId, all)).toEqual(all);
      expect(await store.getSettings(userId)).toEqual(all);
      expect(await store.patchSettings(userId, { temperature: 1 })).toEqual({ ...all, temperature: 1 });
      // a user's own server is kept with the key, and goes when a key without one replaces it
      const ownServer = { provider: "openai-compatible", sealed: "v1:key", sealedBaseUrl: "v1:url" };
      expect((await store.patchSettings(userId, { modelKey: ownServer })).modelKey).toEqual(ownServer);
      expect((await store.getSettings(userId)).modelKey).toEqual(ownServer);
      expect((await store.patchSettings(userId, { modelKey: { provider: "gemini", sealed: "v1:abc" } })).modelKey).toEqual({ provider: "gemini", sealed: "v1:abc" });
      const cleared = await store.patchSettings(userId, { role: null, topP: null, thinkingEnabled: null, pageSettings: null, modelKey: null });
      expect(cleared).toEqual({ modelProfile: "complex", temperature: 1, thinkingBudget: 2048, mediaResolution: "high", pageSettings: {} });
      expect(await store.getSettings(userId)).toEqual(cleared);
      expect(await store.patchSettings(userId, { modelProfile: null })).toEqual({ ...cleared, modelProfile: "simple" });
      expect(await store.getSettings(unique("other"))).toEqual(DEFAULT_SETTINGS);
    });

    it("applies concurrent patches one after the other, losing none", async () => {
      const store = await make();
      const userId = unique("racing");
      await Promise.all([store.patchSettings(userId, { temperature: 0.2 }), store.patchSettings(userId, { role: "engineer" }), store.patchSettings(userId, { topP: 0.5 })]);
      expect(await store.getSettings(userId)).toEqual({ ...DEFAULT_SETTINGS, temperature: 0.2, role: "engineer", topP: 0.5 });
    });

    it("rejects an invalid patch naming the field, and writes nothing", async () => {
      const store = await make();
      const userId = unique("bad");
      await store.patchSettings(userId, { modelProfile: "complex" });
      const bad = [{ modelProfile: "huge" }, { temperature: 3 }, { topP: 0 }, { thinkingBudget: -1 }, { mediaResolution: "ultra" }, { unknownField: 1 }];
      for (const patch of bad) {
        await expect(store.patchSettings(userId, { temperature: 0.5, ...patch } as never)).rejects.toMatchObject({ code: "VALIDATION.INVALID_INPUT" });
      }
      await expect(store.patchSettings(userId, { temperature: 3 })).rejects.toThrow(/temperature/);
      expect(await store.getSettings(userId)).toEqual({ ...DEFAULT_SETTINGS, modelProfile: "complex" });
    });
  });
}
