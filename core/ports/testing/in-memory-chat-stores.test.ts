import { describeChatStoreContract } from "./chat-store.contract.js";
import { describeEvidenceImageStoreContract } from "./evidence-image-store.contract.js";
import { InMemoryChatStore } from "./in-memory-chat-store.js";
import { InMemoryEvidenceImageStore } from "./in-memory-evidence-image-store.js";
import { InMemoryStreamEventStore } from "./in-memory-stream-event-store.js";
import { describeStreamEventStoreContract } from "./stream-event-store.contract.js";

const make = async () => {
  const chats = new InMemoryChatStore();
  return { chats, images: new InMemoryEvidenceImageStore(chats), events: new InMemoryStreamEventStore(chats) };
};

describeChatStoreContract("InMemoryChatStore", make);
describeEvidenceImageStoreContract("InMemoryEvidenceImageStore", make);
describeStreamEventStoreContract("InMemoryStreamEventStore", make);
