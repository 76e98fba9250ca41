import { mkdtempSync, readdirSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedLocalDataDir } from "../../adapters/local/testing/pglite-template.js";
import { readEnvironment } from "../../composition/read-environment.js";
import { BaseCommand } from "./base-command.js";
import AdminTokenRotate from "./commands/admin/token/rotate.js";
import AdminUserAdd from "./commands/admin/user/add.js";
import AdminUserList from "./commands/admin/user/list.js";
import AdminUserRemove from "./commands/admin/user/remove.js";
import { keepApplicationsOpen, runCommand } from "./testing/run-command.js";

// the commands of this file share one open deployment per data dir (see keepApplicationsOpen)
const closeDeployments = keepApplicationsOpen();
afterAll(() => closeDeployments());

type Failure = { oclif?: { exit?: number }; stdout?: string; stderr?: string };
const failureOf = (run: Promise<unknown>) => run.then(() => ({}) as Failure, (error: Failure) => error);

/** Every file under a directory, so a test can prove a secret is nowhere in it. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

describe("aizoomdoc admin (the deployment's users)", () => {
  let data: string;
  /** Every token the commands printed, so the last test can look for them on disk. */
  const issued: string[] = [];
  beforeAll(async () => {
    data = join(mkdtempSync(join(tmpdir(), "aizoomdoc-admin-")), "data");
    await seedLocalDataDir(data);
  });

  /** What the server's token exchange would answer: the user's id, or the error code (over the commands' deployment). */
  async function signIn(token: string): Promise<string> {
    const deployment = await BaseCommand.openDeployment({ ...readEnvironment().configuration, dataDir: data }, {});
    return deployment.signIn.signIn(token).then((user) => user.id, (error: { code: string }) => error.code);
  }

  it("adds users with tokens shown once, lists them without tokens, rotates and removes them", async () => {
    const anna = await runCommand(AdminUserAdd, ["  Анна Петрова ", "--admin", "--data-dir", data]);
    expect(anna.result.user).toMatchObject({ username: "Анна Петрова", role: "admin", status: "active" });
    expect(anna.result.token).toMatch(/^azd_[A-Za-z0-9_-]{43}$/);
    expect(anna.stdout.split(anna.result.token)).toHaveLength(2); // printed once
    expect(anna.stderr).not.toContain(anna.result.token);
    const bob = await runCommand(AdminUserAdd, ["bob", "--json", "--data-dir", data]);
    const printed = JSON.parse(bob.stdout) as { user: { id: string; role: string }; token: string };
    expect(printed).toEqual({ user: bob.result.user, token: bob.result.token });
    expect(printed.user.role).toBe("user");

    const listed = await runCommand(AdminUserList, ["--data-dir", data]);
    expect(listed.stdout).toContain(`${anna.result.user.id}  Анна Петрова  (admin, active)  last seen never`);
    expect(listed.result.users.map((u) => u.username)).toEqual(["Анна Петрова", "bob"]);
    const listedJson = await runCommand(AdminUserList, ["--json", "--data-dir", data]);
    for (const token of [anna.result.token, bob.result.token]) expect(listed.stdout + listedJson.stdout).not.toContain(token);
    expect(listedJson.stdout).not.toMatch(/token/i);

    expect(await signIn(anna.result.token)).toBe(anna.result.user.id);
    // signing in is recorded
    expect((await runCommand(AdminUserList, ["--data-dir", data])).result.users[0]?.lastSeenAt).toBeDefined();

    const rotated = await runCommand(AdminTokenRotate, ["анна петрова", "--data-dir", data]);
    expect(rotated.result.user.id).toBe(anna.result.user.id);
    expect(rotated.stdout.split(rotated.result.token)).toHaveLength(2);
    expect(await signIn(anna.result.token)).toBe("AUTH.UNAUTHORIZED");
    expect(await signIn(rotated.result.token)).toBe(anna.result.user.id);

    const removed = await runCommand(AdminUserRemove, ["BOB", "--json", "--data-dir", data]);
    expect(JSON.parse(removed.stdout)).toMatchObject({ removed: { id: bob.result.user.id, username: "bob" } });
    expect(await signIn(bob.result.token)).toBe("AUTH.UNAUTHORIZED");
    expect((await runCommand(AdminUserList, ["--data-dir", data])).result.users.map((u) => u.username)).toEqual(["Анна Петрова"]);

    issued.push(anna.result.token, rotated.result.token, bob.result.token);
  });

  it("refuses bad and taken names as usage errors (64) and unknown names as not found (66), one line each", async () => {
    issued.push((await runCommand(AdminUserAdd, ["carol", "--data-dir", data])).result.token);
    for (const name of ["   ", "x".repeat(101), "CAROL"]) {
      const failure = await failureOf(runCommand(AdminUserAdd, [name, "--data-dir", data]));
      expect(failure.oclif?.exit, JSON.stringify(name)).toBe(64);
      expect(failure.stderr?.trim().split("\n")).toHaveLength(1);
      expect(failure.stderr).toContain("[VALIDATION.INVALID_INPUT]");
    }
    for (const run of [() => runCommand(AdminUserRemove, ["dave", "--data-dir", data]), () => runCommand(AdminTokenRotate, ["dave", "--data-dir", data])]) {
      const failure = await failureOf(run());
      expect(failure.oclif?.exit).toBe(66);
      expect(failure.stderr?.trim()).toBe('error: user "dave" not found [USER.NOT_FOUND]');
    }
    const json = await failureOf(runCommand(AdminTokenRotate, ["dave", "--json", "--data-dir", data]));
    expect(json.oclif?.exit).toBe(66);
    expect(JSON.parse(json.stdout ?? "")).toMatchObject({ error: { code: "USER.NOT_FOUND" } });
    expect((await runCommand(AdminUserList, ["--json", "--data-dir", data])).result.users.filter((u) => u.username.toLowerCase() === "carol")).toHaveLength(1);
  });

  it("keeps no token readable anywhere in the data directory (database files, WAL)", async () => {
    await closeDeployments(); // the database writes everything out as it closes
    expect(issued).toHaveLength(4);
    for (const path of filesUnder(data)) {
      const bytes = readFileSync(path);
      for (const token of issued) expect(bytes.includes(token), path).toBe(false);
    }
  });
});
