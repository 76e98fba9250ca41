import { Args } from "@oclif/core";
import { DomainError } from "../../../../core/domain/errors.js";
import { BaseCommand } from "../../base-command.js";

export default class RolesRemove extends BaseCommand {
  static override description = "Delete one of your own roles (if it was selected, no role is selected afterwards)";
  static override args = { name: Args.string({ description: "role name", required: true }) };

  async run() {
    const { args } = await this.parse(RolesRemove);
    if (!(await (await this.api()).deleteRole(args.name))) throw new DomainError("VALIDATION.INVALID_INPUT", `you have no role named ${JSON.stringify(args.name)}`);
    this.log(`role ${args.name} deleted`);
    return { deleted: args.name };
  }
}
