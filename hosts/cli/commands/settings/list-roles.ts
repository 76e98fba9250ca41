import RolesList from "../roles/list.js";

/** The seed's name for `roles list`. */
export default class SettingsListRoles extends RolesList {
  static override summary = "List the roles you can select (the seed's name for `roles list`)";
  static override examples = ["<%= config.bin %> settings list-roles"];
}
