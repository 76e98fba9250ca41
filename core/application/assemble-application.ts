import type { AizoomdocApi, UserApplication } from "./aizoomdoc-api.js";

/** The use-case services of one user's in-process application, each answering its part of the application API. */
export type ApplicationParts = {
  documents: Pick<AizoomdocApi, "addDocument" | "importDocument" | "listDocuments" | "getDocument" | "getBlocks" | "exportDocument">;
  evidence: Pick<AizoomdocApi, "render" | "getEvidenceImage" | "pageTiles" | "pageTile">;
  search: Pick<AizoomdocApi, "search">;
  ocr: Pick<AizoomdocApi, "ocr">;
  index: Pick<AizoomdocApi, "indexDocument">;
  agent: Pick<AizoomdocApi, "ask">;
  chats: Pick<AizoomdocApi, "createChat" | "listChats" | "getChat" | "renameChat" | "deleteChat" | "listMessages" | "listChatImages">;
  runs: Pick<AizoomdocApi, "postMessage" | "latestRun" | "runEvents" | "compareLatestQuestion"> & { cancelLatestRun(chatId: string): Promise<boolean> };
  projects: Pick<AizoomdocApi, "projectTree" | "projectSearch" | "projectDocumentResults" | "projectSync">;
  runCancellation: { cancelRun(runId: string, options?: { answersOnly?: boolean }): Promise<boolean> };
  files: Pick<AizoomdocApi, "uploadFile" | "listFiles" | "getFile" | "deleteFile">;
  settings: Pick<AizoomdocApi, "getSettings" | "updateSettings" | "setModelKey" | "listRoles" | "saveRole" | "deleteRole" | "listSystemPrompts">;
};

/** The in-process binding of the application API for one user: every call goes to the part that owns it. */
export function assembleApplication(parts: ApplicationParts): UserApplication {
  const { documents, evidence, search, ocr, index, agent, chats, runs, runCancellation, projects, files, settings } = parts;
  return {
    addDocument: (file, options) => documents.addDocument(file, options),
    importDocument: (files, options) => documents.importDocument(files, options),
    listDocuments: () => documents.listDocuments(),
    getDocument: (id) => documents.getDocument(id),
    getBlocks: (id, query) => documents.getBlocks(id, query),
    exportDocument: (id) => documents.exportDocument(id),
    render: (spec) => evidence.render(spec),
    getEvidenceImage: (id) => evidence.getEvidenceImage(id),
    pageTiles: (id, page) => evidence.pageTiles(id, page),
    pageTile: (id, page, level, column, row) => evidence.pageTile(id, page, level, column, row),
    search: (query, options) => search.search(query, options),
    ocr: (id, options) => ocr.ocr(id, options),
    indexDocument: (id, options) => index.indexDocument(id, options),
    ask: (request) => agent.ask(request),
    createChat: (input) => chats.createChat(input),
    listChats: (options) => chats.listChats(options),
    getChat: (id) => chats.getChat(id),
    renameChat: (id, title) => chats.renameChat(id, title),
    deleteChat: (id) => chats.deleteChat(id),
    listMessages: (id, options) => chats.listMessages(id, options),
    listChatImages: (id) => chats.listChatImages(id),
    postMessage: (id, request) => runs.postMessage(id, request),
    latestRun: (id) => runs.latestRun(id),
    cancelRun: (id) => runs.cancelLatestRun(id),
    cancelRunById: (id, options) => runCancellation.cancelRun(id, options),
    compareLatestQuestion: (id, compare) => runs.compareLatestQuestion(id, compare),
    runEvents: (id, options) => runs.runEvents(id, options),
    projectTree: (options) => projects.projectTree(options),
    projectSearch: (query, options) => projects.projectSearch(query, options),
    projectDocumentResults: (nodeId) => projects.projectDocumentResults(nodeId),
    projectSync: (nodeId, options) => projects.projectSync(nodeId, options),
    uploadFile: (source) => files.uploadFile(source),
    listFiles: (filter) => files.listFiles(filter),
    getFile: (id) => files.getFile(id),
    deleteFile: (id) => files.deleteFile(id),
    getSettings: () => settings.getSettings(),
    updateSettings: (patch) => settings.updateSettings(patch),
    setModelKey: (key) => settings.setModelKey(key),
    listRoles: () => settings.listRoles(),
    saveRole: (role) => settings.saveRole(role),
    deleteRole: (name) => settings.deleteRole(name),
    listSystemPrompts: () => settings.listSystemPrompts(),
  };
}
