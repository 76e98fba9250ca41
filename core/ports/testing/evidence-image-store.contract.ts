import { describe, expect, it } from "vitest";
import { errorCodeOf } from "./domain-error-of.js";
import { sampleImage, uniqueUser, type ChatStoresHarness } from "./chat-store.contract.js";

/** The EvidenceImageStore contract, run against every adapter and the in-memory fake. */
export function describeEvidenceImageStoreContract(name: string, make: () => Promise<ChatStoresHarness>) {
  describe(`EvidenceImageStore contract: ${name}`, () => {
    it("round-trips every field, with or without a chat", async () => {
      const { images, chats } = await make();
      const owner = uniqueUser();
      const full = sampleImage({ capped: true, url: "https://example.invalid/x.png" });
      const bare = sampleImage({ blockId: undefined, sector: undefined, storageKey: undefined, kind: "overview", mimeType: "image/webp" });
      delete bare.blockId;
      delete bare.sector;
      delete bare.storageKey;
      const chat = await chats.createChat(owner, { title: "изображения" });
      await images.saveImage(owner, full, { chatId: chat.id, description: "ROI B2.A1" });
      await images.saveImage(owner, bare);
      expect(await images.getImage(owner, full.id)).toEqual(full);
      expect(await images.getImage(owner, bare.id)).toEqual(bare);
      expect(await images.listImages(owner, { chatId: chat.id })).toEqual([full]);
    });

    it("hides images from other owners and refuses links to their chats", async () => {
      const { images, chats } = await make();
      const owner = uniqueUser("alice");
      const other = uniqueUser("bob");
      const image = sampleImage();
      await images.saveImage(owner, image);
      expect(await errorCodeOf(images.getImage(other, image.id))).toBe("STORAGE.NOT_FOUND");
      expect(await errorCodeOf(images.saveImage(other, { ...image, dpi: 72 }))).toBe("VALIDATION.INVALID_INPUT");
      expect((await images.getImage(owner, image.id)).dpi).toBe(image.dpi);
      const foreignChat = await chats.createChat(other, { title: "чужой" });
      expect(await errorCodeOf(images.saveImage(owner, sampleImage(), { chatId: foreignChat.id }))).toBe("CHAT.NOT_FOUND");
      expect(await images.listImages(owner, { chatId: foreignChat.id })).toEqual([]);
      expect(await errorCodeOf(images.getImage(owner, "no-such-image"))).toBe("STORAGE.NOT_FOUND");
    });

    it("lists a chat's images in render order, replaces a re-rendered one in place, and links them to a message", async () => {
      const { images, chats } = await make();
      const owner = uniqueUser();
      const chat = await chats.createChat(owner, { title: "порядок" });
      const rendered = [sampleImage({ kind: "overview" }), sampleImage({ kind: "quadrant" }), sampleImage({ kind: "roi" })];
      for (const image of rendered) await images.saveImage(owner, image, { chatId: chat.id });
      const rerendered = { ...rendered[0]!, dpi: 600, width: 2048 };
      await images.saveImage(owner, rerendered, { chatId: chat.id });
      expect(await images.listImages(owner, { chatId: chat.id })).toEqual([rerendered, rendered[1], rendered[2]]);

      const answer = await chats.appendMessage(owner, chat.id, { role: "assistant", content: "ответ" });
      await images.linkToMessage(owner, chat.id, answer.id, [rendered[2]!.id, rendered[1]!.id]);
      expect(await images.listImages(owner, { chatId: chat.id, messageId: answer.id })).toEqual([rendered[1], rendered[2]]);
      expect(await errorCodeOf(images.linkToMessage(owner, chat.id, "no-such-message", [rendered[0]!.id]))).toBe("CHAT.NOT_FOUND");
      expect(await errorCodeOf(images.linkToMessage(uniqueUser(), chat.id, answer.id, [rendered[0]!.id]))).toBe("CHAT.NOT_FOUND");
    });
  });
}
