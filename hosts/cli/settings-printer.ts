import type { PublicSettings } from "../../core/domain/user.js";

/** One `field: value` line per setting, in the order the user thinks of them; unset LLM parameters say "model default". */
export function settingsLines(settings: PublicSettings): string[] {
  const or = (value: unknown) => (value === undefined ? "model default" : String(value));
  return [
    `profile:          ${settings.modelProfile}`,
    `role:             ${settings.role ?? "none"}`,
    `temperature:      ${or(settings.temperature)}`,
    `top-p:            ${or(settings.topP)}`,
    `thinking:         ${settings.thinkingEnabled === undefined ? "model default" : settings.thinkingEnabled ? "on" : "off"}`,
    `thinking-budget:  ${or(settings.thinkingBudget)}`,
    `media-resolution: ${or(settings.mediaResolution)}`,
    `model key:        ${settings.modelKey ? `your own for ${settings.modelKey.provider}${settings.modelKey.ownServer ? ", with your own server" : ""} (stored encrypted)` : "none (the deployment's model key, or evidence-only)"}`,
  ];
}
