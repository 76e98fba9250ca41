import { Container } from "inversify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ChatStore } from "../../core/ports/chat-store.js";
import { UserStore } from "../../core/ports/user-store.js";
import { describeChatStoreContract } from "../../core/ports/testing/chat-store.contract.js";
import { describeDocumentStoreContract } from "../../core/ports/testing/document-store.contract.js";
import { describeRolePromptStoreContract } from "../../core/ports/testing/role-prompt-store.contract.js";
import { describeFileStoreContract } from "../../core/ports/testing/file-store.contract.js";
import { describeModelFileCacheContract } from "../../core/ports/testing/model-file-cache.contract.js";
import { describeEvidenceImageStoreContract } from "../../core/ports/testing/evidence-image-store.contract.js";
import { describeStreamEventStoreContract } from "../../core/ports/testing/stream-event-store.contract.js";
import { describeUserStoreContract } from "../../core/ports/testing/user-store.contract.js";
import { readMigrations, runMigrations } from "./migration-runner.js";
import { PostgresDriver } from "./postgres-driver.js";
import { SqlChatStore } from "./sql-chat-store.js";
import { SqlEvidenceImageStore } from "./sql-evidence-image-store.js";
import { SqlStreamEventStore } from "./sql-stream-event-store.js";
import { SqlRolePromptStore } from "./sql-role-prompt-store.js";
import { SqlFileStore } from "./sql-file-store.js";
import { SqlModelFileCache } from "./sql-model-file-cache.js";
import { SqlUserStore } from "./sql-user-store.js";
import { SqlDocumentStore } from "./sql-document-store.js";
import { supabaseModule } from "./supabase.module.js";
import { freePort, startTestPostgres, type TestPostgresServer } from "./testing/embedded-postgres-server.js";

// One server and one migrated database for the file; the contracts keep tests apart by owner.
let server: TestPostgresServer;
let driver: PostgresDriver;
beforeAll(async () => {
  server = await startTestPostgres();
  driver = await PostgresDriver.connect({ url: await server.createDatabase() });
  await runMigrations(driver, readMigrations());
});
afterAll(async () => {
  await driver?.close();
  await server?.stop();
});

describeDocumentStoreContract("SqlDocumentStore on Postgres", async () => new SqlDocumentStore(driver));
describeUserStoreContract("SqlUserStore on Postgres", async () => new SqlUserStore(driver));
describeRolePromptStoreContract("SqlRolePromptStore on Postgres", async () => new SqlRolePromptStore(driver));
const chatStores = async () => ({ chats: new SqlChatStore(driver), images: new SqlEvidenceImageStore(driver), events: new SqlStreamEventStore(driver) });
describeChatStoreContract("SqlChatStore on Postgres", chatStores);
describeEvidenceImageStoreContract("SqlEvidenceImageStore on Postgres", chatStores);
describeStreamEventStoreContract("SqlStreamEventStore on Postgres", chatStores);
describeFileStoreContract("SqlFileStore on Postgres", async () => new SqlFileStore(driver));
describeModelFileCacheContract("SqlModelFileCache on Postgres", async () => new SqlModelFileCache(driver));

describe("PostgresDriver", () => {
  it("names host:port when the server is unreachable", async () => {
    const port = await freePort();
    const error = await PostgresDriver.connect({ url: `postgres://u:secret@127.0.0.1:${port}/db`, connectTimeoutSeconds: 2 }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "STORAGE.UNAVAILABLE", message: expect.stringContaining(`127.0.0.1:${port}`) });
    expect((error as Error).message).not.toContain("secret");
  });

  it("refuses a malformed URL without echoing it", async () => {
    const error = await PostgresDriver.connect({ url: "mysql://root:hunter2@db/x" }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "VALIDATION.INVALID_INPUT", message: expect.stringContaining("url") });
    expect((error as Error).message).not.toContain("hunter2");
  });

  it("rolls a transaction back when its work throws, and passes the error through", async () => {
    await driver.exec("create table if not exists tx_probe (v int)");
    const boom = new Error("boom");
    await expect(driver.transaction(async (tx) => {
      await tx.query("insert into tx_probe values ($1)", [1]);
      throw boom;
    })).rejects.toBe(boom);
    expect(await driver.query("select count(*) as n from tx_probe")).toEqual([{ n: 0 }]);
  });
});

describe("supabaseModule", () => {
  it("migrates a fresh database on first use, serves the stores over one pool and closes it on unbindAllAsync", async () => {
    const container = new Container();
    container.load(supabaseModule({ url: await server.createDatabase(), maxConnections: 2 }));
    const chats = await container.getAsync<ChatStore>(ChatStore);
    const users = await container.getAsync<UserStore>(UserStore);
    const user = await users.createUser({ username: "admin", staticToken: "s3cret", role: "admin" });
    const chat = await chats.createChat(user.id, { title: "первый" });
    expect(await chats.getChat(user.id, chat.id)).toEqual(chat);
    await container.unbindAllAsync();
    await expect(chats.getChat(user.id, chat.id)).rejects.toMatchObject({ code: "STORAGE.UNAVAILABLE" });
  });
});
