import type { ParameterizedContext } from "koa";
import type { Logger } from "pino";
import type { UserApplication } from "../../core/application/aizoomdoc-api.js";
import type { User } from "../../core/domain/user.js";

/** What the middleware puts on every request's state: its id and logger, and after sign-in the user and their application. */
export interface RequestState {
  requestId: string;
  log: Logger;
  user: User;
  app: UserApplication;
}

export type HttpContext = ParameterizedContext<RequestState>;
