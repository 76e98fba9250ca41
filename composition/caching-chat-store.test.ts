import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { InProcessChatListChanges } from "../adapters/local/in-process-run-event-signals.js";
import type { Chat } from "../core/domain/chat.js";
import type { ChatListOptions } from "../core/ports/chat-store.js";
import { describeChatStoreContract, pause } from "../core/ports/testing/chat-store.contract.js";
import { InMemoryChatStore } from "../core/ports/testing/in-memory-chat-store.js";
import { InMemoryEvidenceImageStore } from "../core/ports/testing/in-memory-evidence-image-store.js";
import { InMemoryStreamEventStore } from "../core/ports/testing/in-memory-stream-event-store.js";
import { CachingChatStore } from "./caching-chat-store.js";

/** The in-memory store, counting its list reads; `hold()` makes the next read wait until its release is called. */
class CountingChatStore extends InMemoryChatStore {
  reads = 0;
  private held: Promise<void> | undefined;

  hold(): () => void {
    let release!: () => void;
    this.held = new Promise((resolve) => (release = resolve));
    return release;
  }

  override async listChats(ownerId: string, options?: ChatListOptions): Promise<Chat[]> {
    this.reads++;
    const list = await super.listChats(ownerId, options);
    const held = this.held;
    this.held = undefined;
    await held;
    return list;
  }
}

/** In-process changes whose `reliable` a test sets (the Postgres one's goes false while its connection is away). */
class SwitchableChanges extends InProcessChatListChanges {
  override reliable = true;
}

function setUp() {
  const store = new CountingChatStore();
  const changes = new SwitchableChanges();
  return { store, changes, chats: new CachingChatStore(store, changes) };
}

const titles = (chats: Chat[]) => chats.map((chat) => chat.title);

describeChatStoreContract("CachingChatStore over InMemoryChatStore", async () => {
  const inner = new InMemoryChatStore();
  return { chats: new CachingChatStore(inner, new InProcessChatListChanges()), images: new InMemoryEvidenceImageStore(inner), events: new InMemoryStreamEventStore(inner) };
});

describe("CachingChatStore", () => {
  it("serves an owner's list again from memory, per list options, until the owner's chats change through it", async () => {
    const { store, chats } = setUp();
    const owner = randomUUID();
    const first = await chats.createChat(owner, { title: "Перемычки" });
    expect(titles(await chats.listChats(owner))).toEqual(["Перемычки"]);
    expect(titles(await chats.listChats(owner))).toEqual(["Перемычки"]);
    expect(store.reads).toBe(1);
    await chats.listChats(owner, { includeArchived: true });
    await chats.listChats(owner, { limit: 5 });
    expect(store.reads).toBe(3);

    // every change shows in the next list (a pause between changes: activity times are in milliseconds)
    await pause();
    const second = await chats.createChat(owner, { title: "Окна" });
    expect(titles(await chats.listChats(owner))).toEqual(["Окна", "Перемычки"]);
    await pause();
    await chats.updateChat(owner, first.id, { title: "Перемычки 2 этажа" });
    expect(titles(await chats.listChats(owner))).toEqual(["Перемычки 2 этажа", "Окна"]);
    await pause();
    const message = await chats.appendMessage(owner, second.id, { role: "user", content: "Какие окна?" });
    expect(titles(await chats.listChats(owner))).toEqual(["Окна", "Перемычки 2 этажа"]);
    expect(await chats.withdrawLatestMessage(owner, second.id, message.id)).toBe(true);
    await chats.updateChat(owner, second.id, { isArchived: true });
    expect(titles(await chats.listChats(owner))).toEqual(["Перемычки 2 этажа"]);
    expect(titles(await chats.listChats(owner, { includeArchived: true }))).toEqual(["Окна", "Перемычки 2 этажа"]);
    await chats.deleteChat(owner, first.id);
    expect(titles(await chats.listChats(owner))).toEqual([]);
  });

  it("lets go of an owner's lists on a change heard from elsewhere, and of that owner's only", async () => {
    const { store, changes, chats } = setUp();
    const [alice, bob] = [randomUUID(), randomUUID()];
    await store.createChat(alice, { title: "Алиса" });
    await store.createChat(bob, { title: "Боб" });
    await chats.listChats(alice);
    await chats.listChats(bob);
    // another instance renamed Alice's chat in the shared database and said so
    const [chat] = await store.listChats(alice);
    await store.updateChat(alice, chat!.id, { title: "Алиса, 2 этаж" });
    const before = store.reads;
    changes.changed(alice);
    expect(titles(await chats.listChats(alice))).toEqual(["Алиса, 2 этаж"]);
    expect(titles(await chats.listChats(bob))).toEqual(["Боб"]);
    expect(store.reads).toBe(before + 1);

    // anything may have changed (a lost connection): every owner's lists go
    changes.tellAll();
    await chats.listChats(alice);
    await chats.listChats(bob);
    expect(store.reads).toBe(before + 3);
  });

  it("does not keep a list read while a change of its owner was heard: it may predate the change", async () => {
    const { store, changes, chats } = setUp();
    const owner = randomUUID();
    const chat = await store.createChat(owner, { title: "старое" });
    const release = store.hold();
    const reading = chats.listChats(owner);
    // the read has its rows; the change commits and is heard before the read's answer arrives
    await new Promise((resolve) => setImmediate(resolve));
    await store.updateChat(owner, chat.id, { title: "новое" });
    changes.changed(owner);
    release();
    expect(titles(await reading)).toEqual(["старое"]);
    expect(titles(await chats.listChats(owner))).toEqual(["новое"]);
  });

  it("reads every list from the store, and keeps none, while changes may go unheard", async () => {
    const { store, changes, chats } = setUp();
    const owner = randomUUID();
    await chats.createChat(owner, { title: "Кровля" });
    changes.reliable = false;
    await chats.listChats(owner);
    await chats.listChats(owner);
    expect(store.reads).toBe(2);
    changes.reliable = true;
    await chats.listChats(owner);
    await chats.listChats(owner);
    expect(store.reads).toBe(3);
  });

  it("hands out the same list until it changes, frozen: no caller changes another's", async () => {
    const { chats } = setUp();
    const owner = randomUUID();
    await chats.createChat(owner, { title: "Фасады" });
    const list = await chats.listChats(owner);
    expect(() => list.pop()).toThrow(TypeError);
    expect(() => Object.assign(list[0]!, { title: "другое" })).toThrow(TypeError);
    expect(await chats.listChats(owner)).toBe(list);
    expect(titles(list)).toEqual(["Фасады"]);
  });

  it("says a change failed and still lets go of the lists (a failed commit may have stored it)", async () => {
    const { store, changes, chats } = setUp();
    const owner = randomUUID();
    const heard: Array<string | undefined> = [];
    changes.onChange((who) => heard.push(who));
    await chats.listChats(owner);
    await expect(chats.updateChat(owner, randomUUID(), { title: "нет такого" })).rejects.toMatchObject({ code: "CHAT.NOT_FOUND" });
    expect(heard).toEqual([owner]);
    await chats.listChats(owner);
    expect(store.reads).toBe(2);
  });
});
