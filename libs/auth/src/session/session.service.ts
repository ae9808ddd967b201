import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { AUTH_OPTIONS } from '../auth.constants';
import type { ResolvedAuthOptions } from '../interfaces/auth-module-options.interface';
import { RequestSession } from './request-session';
import { deleteSessionCookie, readSessionCookie } from './session-cookie';
import { SessionEngine, SessionUserJoin, SessionWithUser } from './session-engine.interface';
import { attachSessionLifecycle } from './session-lifecycle';
import { requestStateOf } from './request-state';
import { isValidSessionKey } from './session-key';

/**
 * Django's SessionMiddleware, made lazy: a request's session is read from
 * the cookie and loaded the first time something asks for it, and saved when
 * the response ends. No middleware runs for requests that never ask.
 * @publicApi
 */
@Injectable()
export class SessionService {
  private readonly logger = new Logger('AuthSession');

  constructor(
    @Inject(AUTH_OPTIONS) private readonly options: ResolvedAuthOptions,
    @Inject(SessionEngine) readonly engine: SessionEngine,
  ) {}

  /** The request's session, loaded once (one query when the request carries a session cookie). */
  getSession(req: Request): Promise<RequestSession> {
    const state = requestStateOf(req);
    state.session ??= this.loadSession(req);
    return state.session;
  }

  /**
   * The request's session and, when this call is the one that loads it and the
   * engine can (`db`, `cached_db`), the user its index row names, read in the
   * same round trip. `joined` is undefined when the session was already loaded
   * or the engine cannot join: the caller then loads the user itself.
   */
  async getSessionAndUser<U>(req: Request, join: SessionUserJoin<U>): Promise<{ session: RequestSession; joined?: SessionWithUser<U> | null }> {
    const state = requestStateOf(req);
    if (state.session || !this.engine.loadWithUser) return { session: await this.getSession(req) };
    const found: { joined?: SessionWithUser<U> | null } = {};
    state.session = this.loadSession(req, join, found);
    return { session: await state.session, joined: found.joined };
  }

  private async loadSession<U>(req: Request, join?: SessionUserJoin<U>, found?: { joined?: SessionWithUser<U> | null }): Promise<RequestSession> {
    const session = this.options.session;
    const cookieValue = readSessionCookie(req.headers.cookie, session.cookieName);
    const key = isValidSessionKey(cookieValue) ? cookieValue : null;
    const res = req.res as Response | undefined;
    const hadCookie = cookieValue !== null;
    const attach = () => res && attachSessionLifecycle(res, requestSession, session, hadCookie, this.logger);
    // A request that only reads its session never touches the response (Django's process_response
    // would find nothing to do): the save hook is attached on the first change.
    const requestSession = new RequestSession(this.engine, session.cookieAge, session.expireAtBrowserClose, key, attach);
    if (session.saveEveryRequest) attach();
    try {
      if (join && key !== null) {
        const joined = await this.engine.loadWithUser!(key, join);
        requestSession.adopt(joined?.record ?? null);
        found!.joined = joined;
      } else {
        await requestSession.load();
      }
    } catch (error) {
      delete requestStateOf(req).session;
      throw error;
    }
    if (res && !res.headersSent) {
      res.vary('Cookie');
      if (hadCookie && requestSession.isEmpty) deleteSessionCookie(res, session);
    }
    return requestSession;
  }
}
