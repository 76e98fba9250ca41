/** Roles that ship as prompt files (`prompts/role-<name>.md`); a user's own roles may not take these names. */
export const BUILT_IN_ROLES = ["engineer", "economist", "warranty-engineer"] as const;

export type BuiltInRole = (typeof BUILT_IN_ROLES)[number];

export const isBuiltInRole = (name: string): name is BuiltInRole => (BUILT_IN_ROLES as readonly string[]).includes(name);
