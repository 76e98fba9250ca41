import { Args } from "@oclif/core";
import { DomainError } from "../../../../core/domain/errors.js";
import { BaseCommand } from "../../base-command.js";

export default class RolesRemove extends BaseCommand {
  static override summary = "Delete one of your own roles";
  static override description = "If it was selected, no role is selected afterwards.";
  static override examples = ['<%= config.bin %> roles remove "Технадзор"'];
  static override args = { name: Args.string({ description: "role name", required: true }) };

  async run() {
    const { args } = await this.parse(RolesRemove);
    if (!(await (await this.api()).deleteRole(args.name))) throw new DomainError("ROLE.NOT_FOUND", `you have no role named ${JSON.stringify(args.name)}`);
    this.log(`role ${args.name} deleted`);
    return { deleted: args.name };
  }
}
