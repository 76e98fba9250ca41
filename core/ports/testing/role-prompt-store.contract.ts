import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import type { RolePromptStore } from "../role-prompt-store.js";

const uniqueUser = () => `user-${randomUUID().slice(0, 8)}`;

/** The RolePromptStore contract, run against every adapter and the in-memory fake (stores may share one database). */
export function describeRolePromptStoreContract(name: string, make: () => Promise<RolePromptStore>) {
  describe(`RolePromptStore contract: ${name}`, () => {
    it("saves, lists by name and reads roles of one owner only", async () => {
      const store = await make();
      const owner = uniqueUser();
      const engineer = await store.saveRole(owner, { name: " инженер ", content: "Отвечай как инженер ПТО.", description: "ПТО" });
      expect(engineer).toMatchObject({ name: "инженер", content: "Отвечай как инженер ПТО.", description: "ПТО", isActive: true, version: 1 });
      const economist = await store.saveRole(owner, { name: "economist", content: "Считай объёмы." });
      expect(await store.listRoles(owner)).toEqual([economist, engineer]);
      expect(await store.getRole(owner, "инженер")).toEqual(engineer);
      expect(await store.getRole(uniqueUser(), "инженер")).toBeUndefined();
      expect(await store.listRoles(uniqueUser())).toEqual([]);
    });

    it("replaces a role of the same name, bumping the version only when the content changes", async () => {
      const store = await make();
      const owner = uniqueUser();
      await store.saveRole(owner, { name: "r", content: "v1" });
      expect((await store.saveRole(owner, { name: "r", content: "v1", description: "same text" })).version).toBe(1);
      const changed = await store.saveRole(owner, { name: "r", content: "v2" });
      expect(changed).toMatchObject({ version: 2, content: "v2" });
      expect(changed).not.toHaveProperty("description");
      const inactive = await store.saveRole(owner, { name: "r", content: "v2", isActive: false });
      expect(await store.listRoles(owner)).toEqual([]);
      expect(await store.listRoles(owner, { includeInactive: true })).toEqual([inactive]);
    });

    it("deletes roles and refuses invalid ones", async () => {
      const store = await make();
      const owner = uniqueUser();
      await store.saveRole(owner, { name: "x", content: "c" });
      expect(await store.deleteRole(uniqueUser(), "x")).toBe(false);
      expect(await store.deleteRole(owner, "x")).toBe(true);
      expect(await store.deleteRole(owner, "x")).toBe(false);
      await expect(store.saveRole(owner, { name: " ", content: "c" })).rejects.toMatchObject({ code: "VALIDATION.INVALID_INPUT" });
      await expect(store.saveRole(owner, { name: "y", content: "" })).rejects.toMatchObject({ code: "VALIDATION.INVALID_INPUT", message: expect.stringContaining("content") });
      expect(await store.listRoles(owner, { includeInactive: true })).toEqual([]);
    });
  });
}
