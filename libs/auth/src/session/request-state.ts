import type { Request } from 'express';
import type { RequestSession } from './request-session';

/** What one request has loaded: each at most once, shared by guards, handlers and templates. */
export interface AuthRequestState {
  session?: Promise<RequestSession>;
  user?: Promise<unknown>;
  /** The handler whose access requirements were checked (a controller and its handler may both carry the guard). */
  checkedHandler?: Function;
}

const STATE = Symbol('auth:requestState');

export function requestStateOf(req: Request): AuthRequestState {
  const holder = req as unknown as Record<symbol, AuthRequestState | undefined>;
  return (holder[STATE] ??= {});
}
