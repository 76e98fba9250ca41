/** `aizoomdoc/client`: the application API over a team's server, for Node 22+ and browsers (fetch only). */
export { AizoomdocClient, type AizoomdocClientOptions } from "./aizoomdoc-client.js";
export { AizoomdocWebClient, type DocumentSummary, type MessageImage, type PageBlock } from "./aizoomdoc-web-client.js";
export type { AccessToken } from "./access-session.js";
export type { RetryOptions } from "./http-transport.js";
export type { ReconnectOptions } from "./run-event-stream.js";
export { RemoteError, ServerUnreachableError } from "./remote-errors.js";
export { DomainError, ErrorCodes, type ErrorCode } from "../core/domain/errors.js";
export type { TeamApi } from "../core/application/aizoomdoc-api.js";
