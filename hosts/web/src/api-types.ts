/**
 * The domain types the UI shows, as the client library gives them (type imports only: no core code reaches the
 * bundle except through `client/`).
 */
export type { Answer, Citation } from "../../../core/domain/answer.js";
export type { StreamEvent } from "../../../core/domain/stream-event.js";
export type { Chat, ChatMessage } from "../../../core/domain/chat.js";
export type { PublicSettings, PublicSettingsPatch, User } from "../../../core/domain/user.js";
export type { RoleSummary } from "../../../core/application/aizoomdoc-api.js";
