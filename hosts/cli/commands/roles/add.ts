import { readFile } from "node:fs/promises";
import { Args, Flags } from "@oclif/core";
import { BaseCommand } from "../../base-command.js";

export default class RolesAdd extends BaseCommand {
  static override summary = "Add or replace one of your own roles";
  static override description = "Add or replace one of your own roles: instructions that shape the focus and tone of answers";
  static override examples = [
    '<%= config.bin %> roles add "Технадзор" --text "Проверяй соответствие СП и отмечай отступления"',
    '<%= config.bin %> roles add "Сметчик" --file ./smetchik.md --description "объёмы и стоимость"',
  ];
  static override args = { name: Args.string({ description: "role name", required: true }) };
  static override flags = {
    text: Flags.string({ description: "the role's instructions", exactlyOne: ["text", "file"] }),
    file: Flags.string({ description: "a UTF-8 file with the role's instructions", exactlyOne: ["text", "file"] }),
    description: Flags.string({ description: "a short description for `roles list`" }),
    inactive: Flags.boolean({ description: "keep it, but not selectable" }),
  };

  async run() {
    const { args, flags } = await this.parse(RolesAdd);
    const content = flags.file !== undefined ? await readText(flags.file) : flags.text!;
    const role = await (await this.api()).saveRole({
      name: args.name,
      content,
      ...(flags.description ? { description: flags.description } : {}),
      isActive: !flags.inactive,
    });
    this.log(`role ${role.name} saved (v${role.version})`);
    return { role };
  }
}

async function readText(path: string): Promise<string> {
  try {
    return await readFile(path, "utf8");
  } catch (error) {
    throw new Error(`${path}: ${(error as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : (error as Error).message}`);
  }
}
