import { mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { textReply } from "../../adapters/gemini/testing/gemini-wire-replies.js";
import { GeminiWireServer } from "../../adapters/gemini/testing/gemini-wire-server.js";
import { seedLocalDataDir } from "../../adapters/local/testing/pglite-template.js";
import { openDeployment, type Deployment } from "../../composition/deployment.js";
import { generateDrawingSet } from "../../fixtures/drawing-set-generator.js";
import { cuttingProxy } from "../../tests/testing/cutting-proxy.js";
import type { RunningServer } from "../http/start-http-server.js";
import { startLoopbackServer } from "../http/testing/loopback-server.js";
import Ask from "./commands/ask.js";
import AuthLogin from "./commands/auth/login.js";
import AuthLogout from "./commands/auth/logout.js";
import AuthStatus from "./commands/auth/status.js";
import ChatHistory from "./commands/chat/history.js";
import ChatList from "./commands/chat/list.js";
import ChatNew from "./commands/chat/new.js";
import ChatSend from "./commands/chat/send.js";
import ChatUse from "./commands/chat/use.js";
import DocsList from "./commands/docs/list.js";
import FileDelete from "./commands/file/delete.js";
import FileList from "./commands/file/list.js";
import FileUpload from "./commands/file/upload.js";
import SettingsListRoles from "./commands/settings/list-roles.js";
import SettingsSetModel from "./commands/settings/set-model.js";
import SettingsSetRole from "./commands/settings/set-role.js";
import UserSettings from "./commands/user/settings.js";
import { keepApplicationsOpen, runCommand } from "./testing/run-command.js";
import { withStdin } from "./testing/with-stdin.js";

const closeApplications = keepApplicationsOpen();
afterAll(() => closeApplications());

const ANSWER = "На 2 этаже три марки перемычек: ПР-1, ПР-2, ПР-3.";

/** `--json` output with what differs by nature between two runs blanked: ids, times, owners, durations, paths. */
function comparable(value: unknown, key = ""): unknown {
  // where a binding keeps a file, whose it is and how long its steps took are its own business
  if (key === "ownerId" || key === "path" || key === "storageKey" || key === "timings_ms") return "<varies>";
  if (Array.isArray(value)) return value.map((item) => comparable(item));
  if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, comparable(v, k)]));
  if (typeof value === "number" && /ms$|Ms$|seconds|elapsed|position/i.test(key)) return 0;
  if (typeof value !== "string") return value;
  return value
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, "<id>")
    .replace(/img-[0-9a-f]+/g, "<image>")
    .replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z/g, "<time>");
}

describe("the CLI in local and remote mode", () => {
  let wire: GeminiWireServer;
  let serverData: string;
  let deployment: Deployment;
  let server: RunningServer;
  let staticToken: string;
  let localHome: string;
  let remoteHome: string;
  let pdfPath: string;
  const printed: string[] = [];

  /** Runs the command in one mode: `home` is that mode's AIZOOMDOC_HOME (remote: signed in to the server). */
  async function run<R>(command: Parameters<typeof runCommand<R>>[0], home: string, argv: string[]) {
    vi.stubEnv("AIZOOMDOC_HOME", home);
    // both modes answer with the same scripted model: the local CLI reads it from the environment, the server from its configuration
    vi.stubEnv("GEMINI_API_KEY", "test-key");
    vi.stubEnv("GEMINI_BASE_URL", wire.url);
    try {
      const outcome = await runCommand(command, argv);
      printed.push(outcome.stdout, outcome.stderr, JSON.stringify(outcome.result));
      return outcome;
    } finally {
      vi.unstubAllEnvs();
    }
  }

  /** The command's `--json` result in both modes, made comparable. */
  async function both<R>(command: Parameters<typeof runCommand<R>>[0], argv: (mode: "local" | "remote") => string[]) {
    const local = await run(command, localHome, [...argv("local"), "--json"]);
    const remote = await run(command, remoteHome, [...argv("remote"), "--json"]);
    return { local: local.result, remote: remote.result, same: () => expect(comparable(remote.result)).toEqual(comparable(local.result)) };
  }

  beforeAll(async () => {
    wire = await GeminiWireServer.start();
    for (let i = 0; i < 40; i++) {
      wire.enqueue((request) =>
        request.action === "generateContent"
          ? textReply(JSON.stringify({ intent_type: "element_count", requires_visual_detail: false }))
          : textReply(JSON.stringify({ answer_markdown: ANSWER }), { streamPieces: 4, delayMs: 40 }),
      );
    }
    serverData = await mkdtemp(join(tmpdir(), "aizoomdoc-remote-server-"));
    await seedLocalDataDir(serverData);
    deployment = await openDeployment({ dataDir: serverData, model: { provider: "gemini", apiKey: "test-key", baseUrl: wire.url } });
    staticToken = (await deployment.admin.addUser("alice")).token;
    server = await startLoopbackServer(deployment, { maxUploadBytes: 8 << 20 });
    localHome = await mkdtemp(join(tmpdir(), "aizoomdoc-cli-local-"));
    remoteHome = await mkdtemp(join(tmpdir(), "aizoomdoc-cli-remote-"));
    pdfPath = join(localHome, "АР.pdf");
    await writeFile(pdfPath, generateDrawingSet({ sheets: [{ kind: "floor-plan", floor: 2 }], seed: "cli-remote" }).pdf);
  });
  afterAll(async () => {
    await server?.close();
    await wire?.close();
    for (const dir of [serverData, localHome, remoteHome]) if (dir) await rm(dir, { recursive: true, force: true });
  });

  it("signs in with the token from stdin, keeps the config owner-only with the token sealed, and runs there until logout", async () => {
    const login = await withStdin(`${staticToken}\n`, () => run(AuthLogin, remoteHome, ["--server", `${server.url}/`]));
    expect(login.result).toMatchObject({ server: server.url, user: { username: "alice" } });
    const config = join(remoteHome, "config.json");
    expect((await stat(config)).mode & 0o777).toBe(0o600);
    const saved = await readFile(config, "utf8");
    expect(saved).not.toContain(staticToken);
    expect(JSON.parse(saved)).toMatchObject({ server_url: server.url, token_data: { username: "alice" } });
    expect((await run(AuthStatus, remoteHome, ["--json"])).result).toMatchObject({ mode: "remote", server: server.url, user: "alice" });
    // local-only commands say where they run instead of running somewhere unexpected
    await expect(run(DocsList, remoteHome, [])).rejects.toMatchObject({ stderr: expect.stringContaining("works on local data") });
    expect((await run(AuthStatus, remoteHome, ["--local", "--json"])).result).toMatchObject({ mode: "local" });
  });

  it("prints the same --json in both modes for the settings, files and chat commands", async () => {
    (await both(SettingsSetModel, () => ["complex"])).same();
    (await both(SettingsSetRole, () => ["Engineer"])).same();
    (await both(SettingsListRoles, () => [])).same();
    (await both(UserSettings, () => [])).same();

    const upload = await both(FileUpload, () => [pdfPath]);
    upload.same();
    const documentOf = (result: unknown) => (result as { documentId: string }).documentId;
    expect(documentOf(upload.local)).toBeTruthy();
    (await both(FileList, () => [])).same();

    const created = await both(ChatNew, () => ["Перемычки"]);
    created.same();
    (await both(ChatList, () => [])).same();
    const chatOf = (result: unknown) => (result as { chat: { id: string } }).chat.id;
    (await both(ChatUse, (mode) => [chatOf(mode === "local" ? created.local : created.remote)])).same();
    const sent = await both(ChatSend, (mode) => ["Какие перемычки на 2 этаже?", "--doc", documentOf(mode === "local" ? upload.local : upload.remote)]);
    sent.same();
    expect((sent.local as { answer: { answer_markdown: string } }).answer.answer_markdown).toBe(ANSWER);
    (await both(ChatHistory, () => [])).same();
    // `ask <pdf>` on a server uploads the PDF through the file routes and answers alike
    const asked = await both(Ask, () => [pdfPath, "Какие перемычки на 2 этаже?"]);
    asked.same();
    expect((asked.remote as { answer: { answer_markdown: string } }).answer.answer_markdown).toBe(ANSWER);

    const files = (mode: "local" | "remote") => ((mode === "local" ? upload.local : upload.remote) as { file: { id: string } }).file.id;
    (await both(FileDelete, (mode) => [files(mode)])).same();
    // the same mistakes fail alike: an unknown chat is CHAT.NOT_FOUND (exit 66) in both
    for (const home of [localHome, remoteHome]) {
      await expect(run(ChatUse, home, ["00000000-0000-4000-8000-000000000000"])).rejects.toMatchObject({ oclif: { exit: 66 }, stderr: expect.stringContaining("CHAT.NOT_FOUND") });
    }
  });

  it("resumes a chat send whose connection drops mid-answer, printing every token once", async () => {
    const proxy = await cuttingProxy(server.url, 2_500);
    try {
      const config = JSON.parse(await readFile(join(remoteHome, "config.json"), "utf8")) as Record<string, unknown>;
      // the same sign-in, through the proxy
      await writeFile(join(remoteHome, "config.json"), JSON.stringify({ ...config, server_url: proxy.url }), { mode: 0o600 });
      const sent = await run(ChatSend, remoteHome, ["Какие перемычки на 2 этаже? Ещё раз."]);
      expect(proxy.wasCut()).toBe(true);
      expect(proxy.streamRequests.length).toBeGreaterThanOrEqual(2);
      expect(proxy.streamRequests.at(-1)).toMatch(/last-event-id: /i);
      expect(sent.stdout.split(ANSWER)).toHaveLength(2);
      expect(sent.stdout).toContain("ПР-1, ПР-2, ПР-3");
    } finally {
      await proxy.close();
    }
  });

  it("never prints a token, and logs out back to local mode", async () => {
    const { accessToken } = await (async () => {
      const saved = JSON.parse(await readFile(join(remoteHome, "config.json"), "utf8")) as { token_data: { access_token: string } };
      return { accessToken: saved.token_data.access_token };
    })();
    expect(printed.join("\n")).not.toContain(staticToken);
    expect(printed.join("\n")).not.toContain(accessToken);
    await run(AuthLogout, remoteHome, []);
    expect((await run(AuthStatus, remoteHome, ["--json"])).result).toMatchObject({ mode: "local" });
    expect(await readFile(join(remoteHome, "config.json"), "utf8")).not.toContain(accessToken);
  });
});
