import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { drawingLabels, packLabelBoxes } from "../../core/domain/drawing-labels.js";
import { sampleBlock, sampleDocument } from "../../core/ports/testing/document-store.contract.js";
import { describeChatStoreContract } from "../../core/ports/testing/chat-store.contract.js";
import { describeDocumentStoreContract } from "../../core/ports/testing/document-store.contract.js";
import { describeRolePromptStoreContract } from "../../core/ports/testing/role-prompt-store.contract.js";
import { describeFileStoreContract } from "../../core/ports/testing/file-store.contract.js";
import { describeModelFileCacheContract } from "../../core/ports/testing/model-file-cache.contract.js";
import { describeEvidenceImageStoreContract } from "../../core/ports/testing/evidence-image-store.contract.js";
import { describeStreamEventStoreContract } from "../../core/ports/testing/stream-event-store.contract.js";
import { describeUserStoreContract } from "../../core/ports/testing/user-store.contract.js";
import { SqlChatStore } from "../supabase/sql-chat-store.js";
import { SqlEvidenceImageStore } from "../supabase/sql-evidence-image-store.js";
import { SqlStreamEventStore } from "../supabase/sql-stream-event-store.js";
import { SqlRolePromptStore } from "../supabase/sql-role-prompt-store.js";
import { SqlFileStore } from "../supabase/sql-file-store.js";
import { SqlModelFileCache } from "../supabase/sql-model-file-cache.js";
import { SqlUserStore } from "../supabase/sql-user-store.js";
import { SqlDocumentStore } from "../supabase/sql-document-store.js";
import type { PgliteDriver } from "./pglite-driver.js";
import { openMigratedPglite } from "./testing/pglite-template.js";

// One database for the file; the contracts keep tests apart by giving each its own owners.
let driver: PgliteDriver;
beforeAll(async () => {
  driver = await openMigratedPglite();
});
afterAll(() => driver?.close());

describeDocumentStoreContract("SqlDocumentStore on PGlite", async () => new SqlDocumentStore(driver));
describeUserStoreContract("SqlUserStore on PGlite", async () => new SqlUserStore(driver));
describeRolePromptStoreContract("SqlRolePromptStore on PGlite", async () => new SqlRolePromptStore(driver));
const chatStores = async () => ({ chats: new SqlChatStore(driver), images: new SqlEvidenceImageStore(driver), events: new SqlStreamEventStore(driver) });
describeChatStoreContract("SqlChatStore on PGlite", chatStores);
describeEvidenceImageStoreContract("SqlEvidenceImageStore on PGlite", chatStores);
describeStreamEventStoreContract("SqlStreamEventStore on PGlite", chatStores);
describeFileStoreContract("SqlFileStore on PGlite", async () => new SqlFileStore(driver));
describeModelFileCacheContract("SqlModelFileCache on PGlite", async () => new SqlModelFileCache(driver));

describe("SqlDocumentStore's stored label boxes", () => {
  it("keeps a drawing's packed label boxes one jsonb string, and a block stored before packing still gives its labels", async () => {
    const store = new SqlDocumentStore(driver);
    const document = sampleDocument("owner-label-boxes");
    const boxes = [[0.1, 0.2, 0.3, 0.4], [0.5, 0.6, 0.7, 0.8]];
    const block = sampleBlock(document.id, 0, { kind: "IMAGE", text: "2.01\n16,41", meta: { raster: false, labelBoxes: packLabelBoxes(boxes) } });
    await store.saveDocument(document, [block]);
    const [stored] = await driver.query<{ type: string }>("select jsonb_typeof(meta->'labelBoxes') as type from blocks where document_id = $1", [document.id]);
    expect(stored!.type).toBe("string");
    const labels = drawingLabels((await store.getBlock(document.ownerId, document.id, block.id))!);
    await driver.query("update blocks set meta = jsonb_set(meta, '{labelBoxes}', $2::jsonb) where document_id = $1", [document.id, JSON.stringify(boxes)]);
    const before = drawingLabels((await store.getBlock(document.ownerId, document.id, block.id))!);
    expect(labels).toEqual([{ text: "2.01", bbox: boxes[0] }, { text: "16,41", bbox: boxes[1] }]);
    expect(before).toEqual(labels);
  });
});
