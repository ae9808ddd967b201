import { timingSafeEqual } from 'node:crypto';
import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import type { Request } from 'express';
import { AUTH_OPTIONS, BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY } from './auth.constants';
import { AuthBackend, Credentials } from './backends/auth-backend.interface';
import { BackendRegistry } from './backends/backend.registry';
import { constantTimeCompare } from './crypto/constant-time-compare';
import { sessionAuthHash } from './crypto/session-auth-hash';
import { ImproperlyConfiguredError } from './exceptions/improperly-configured.error';
import { PermissionDeniedException } from './exceptions/permission-denied.exception';
import { storageCall } from './exceptions/auth-unavailable.exception';
import type { ResolvedAuthOptions } from './interfaces/auth-module-options.interface';
import type { RequestSession } from './session/request-session';
import { requestStateOf } from './session/request-state';
import { SessionIndexUnavailableError, UserSessionInfo } from './session/session-engine.interface';
import { SessionService } from './session/session.service';
import { AuthSignals } from './signals/auth.signals';
import { cleanseCredentials } from './signals/cleanse-credentials';
import { AnonymousUser } from './users/anonymous-user';
import { AbstractBaseUser } from './entities/abstract-base-user.entity';
import { BoundedCache } from './utils/bounded-cache';
import { LoginThrottleService } from './throttling/login-throttle.service';
import { CsrfService } from './csrf/csrf.service';

/** What AuthService needs of a user: Django's AbstractBaseUser surface. */
export interface AuthUser {
  pk: unknown;
  password?: string;
  isAuthenticated: boolean;
  getSessionAuthHash?(secretKey?: string): string;
}

export interface GetUserOptions {
  /** Load the permission sets with the user in the same round trip (guards that check permissions ask for this). */
  withPermissions?: boolean;
}

/**
 * Port of django.contrib.auth's authenticate / login / logout / get_user /
 * update_session_auth_hash, plus listing and revoking a user's sessions.
 * @publicApi
 */
@Injectable()
export class AuthService {
  private readonly logger = new Logger('AuthService');
  private readonly sessionAuthHashes = new BoundedCache<string, string>(10_000);
  private readonly currentKeyAuthHashes = new BoundedCache<string, string>(10_000);

  constructor(
    @Inject(AUTH_OPTIONS) private readonly options: ResolvedAuthOptions,
    private readonly backends: BackendRegistry,
    private readonly sessions: SessionService,
    private readonly signals: AuthSignals,
    private readonly throttle: LoginThrottleService,
    @Optional() private readonly csrf?: CsrfService,
  ) {}

  /**
   * Asks each backend in order; the first user wins and is stamped with the
   * backend's name. A backend throwing PermissionDeniedException stops the
   * chain. On failure emits `userLoginFailed` with the credentials masked.
   * With login throttling on, throws LockedOutException (429) for a locked-out
   * username or client, and for the failure that reaches a limit.
   */
  async authenticate<T = any>(request: Request | null, credentials: Credentials): Promise<T | null> {
    // Login throttling: one store round trip; a lock-out is refused here, before any backend hashes a password.
    const throttled = this.throttle.enabled ? await this.throttle.check(request, credentials) : null;
    for (const { name, backend } of this.backends.all()) {
      if (!backend.authenticate) continue;
      let user: unknown;
      try {
        user = await storageCall(() => backend.authenticate!(request, credentials), (e) => this.logStorageError(e));
      } catch (error) {
        if (error instanceof PermissionDeniedException) break;
        throw error;
      }
      if (!user) continue;
      stampBackend(user as object, name);
      if (throttled) await this.throttle.succeeded(throttled);
      return user as T;
    }
    await this.signals.emit('userLoginFailed', { request, credentials: cleanseCredentials(credentials) });
    return null;
  }

  /**
   * Logs the user in: a new session key (session fixation), the data kept
   * for the same user and flushed when another user was logged in; stores
   * the user id, backend name and session auth hash; emits `userLoggedIn`.
   */
  async login(request: Request, user: AuthUser, backend?: string | AuthBackend): Promise<void> {
    const session = await this.getSession(request);
    const sessionAuthHash = this.sessionAuthHashOf(user);
    const sameUser =
      session.has(SESSION_KEY) &&
      session.get(SESSION_KEY) === String(user.pk) &&
      constantTimeCompare(String(session.get(HASH_SESSION_KEY) ?? ''), sessionAuthHash);
    if (session.has(SESSION_KEY) && !sameUser) await storageCall(() => session.flush());
    await storageCall(() => session.cycleKey());
    session.set(SESSION_KEY, String(user.pk));
    session.set(BACKEND_SESSION_KEY, this.backendNameFor(user, backend));
    session.set(HASH_SESSION_KEY, sessionAuthHash);
    setRequestUser(request, user);
    // Django's login() calls rotate_token: a token planted before login (login CSRF) is worthless after it.
    await this.csrf?.rotateToken(request, request.res);
    await this.signals.emit('userLoggedIn', { request, user });
  }

  /** Emits `userLoggedOut` (user or null), deletes the session and its data; never throws when nobody was logged in. */
  async logout(request: Request): Promise<void> {
    const user = await this.getUser(request);
    await this.signals.emit('userLoggedOut', { request, user: user.isAuthenticated ? user : null });
    const session = await this.getSession(request);
    await storageCall(() => session.flush());
    setRequestUser(request, new AnonymousUser());
  }

  /**
   * The request's user, loaded at most once per request: anonymous when the
   * session has no user, the backend is no longer configured, the user is
   * gone or inactive, or the password changed since login.
   */
  getUser<T = any>(request: Request, options: GetUserOptions = {}): Promise<T | AnonymousUser> {
    const state = requestStateOf(request);
    state.user ??= this.loadUser(request, options).then((user) => {
      (request as unknown as { user: unknown }).user = user;
      return user;
    });
    return state.user as Promise<T | AnonymousUser>;
  }

  /** The request's session, loaded once; a store failure is a 503. */
  getSession(request: Request): Promise<RequestSession> {
    return storageCall(() => this.sessions.getSession(request), (error) => this.logStorageError(error));
  }

  /**
   * After a password change: the current session stays valid (new key, new
   * hash) and every other session of the user is deleted.
   */
  async updateSessionAuthHash(request: Request, user: AuthUser): Promise<void> {
    const session = await this.getSession(request);
    await storageCall(() => session.cycleKey());
    const current = await this.getUser(request);
    if (current === user || (current.isAuthenticated && String((current as AuthUser).pk) === String(user.pk))) {
      session.set(HASH_SESSION_KEY, this.sessionAuthHashOf(user));
      setRequestUser(request, user);
    }
    try {
      await this.revokeSessions(user, { except: session.sessionKey ?? undefined });
    } catch (error) {
      // Without the index (a Django-managed database) the other sessions still end: their auth hash no longer matches.
      if (!(error instanceof SessionIndexUnavailableError)) throw error;
    }
  }

  /** The user's live sessions (from the index the session engine keeps). */
  async getUserSessions(user: AuthUser): Promise<UserSessionInfo[]> {
    return storageCall(() => this.sessions.engine.sessionsOfUser(String(user.pk)));
  }

  /** Deletes the user's sessions, all or all but one; returns how many. */
  async revokeSessions(user: AuthUser, options: { except?: string } = {}): Promise<number> {
    return storageCall(() => this.sessions.engine.deleteSessionsOfUser(String(user.pk), options.except));
  }

  private async loadUser(request: Request, options: GetUserOptions): Promise<any> {
    const provider = this.backends.sessionUserJoin(options.withPermissions === true);
    const { session, joined } = provider
      ? await storageCall(() => this.sessions.getSessionAndUser(request, provider.join), (error) => this.logStorageError(error))
      : { session: await this.getSession(request), joined: undefined };
    const userId = session.get(SESSION_KEY);
    const backend = this.backends.get(session.get(BACKEND_SESSION_KEY));
    if (userId === undefined || !backend) return new AnonymousUser();
    // The user read with the session counts only when the index row names the very user the signed session
    // data names, for the backend that read it; otherwise (no index row: a session Django wrote) it is loaded now.
    const joinedUser =
      joined && backend === provider!.backend && joined.indexUserId === String(userId) && (joined.user === null || String((joined.user as AuthUser).pk) === joined.indexUserId)
        ? joined.user
        : undefined;
    const user =
      joinedUser !== undefined ? joinedUser : await storageCall(() => backend.getUser(userId, options), (error) => this.logStorageError(error));
    if (!user) return new AnonymousUser();
    if (await this.verifySessionHash(session, user)) return user;
    return new AnonymousUser();
  }

  /** Port of get_user's session verification, with SECRET_KEY_FALLBACKS upgraded to the current key. */
  private async verifySessionHash(session: RequestSession, user: AuthUser): Promise<boolean> {
    if (typeof user.getSessionAuthHash !== 'function' && user.password === undefined) return true;
    const stored = session.get(HASH_SESSION_KEY);
    const current = this.sessionAuthHashOf(user);
    if (typeof stored === 'string' && sameSessionAuthHash(stored, current)) return true;
    const fallbackMatched =
      typeof stored === 'string' &&
      this.options.secretKeyFallbacks.some((key) => constantTimeCompare(stored, this.sessionAuthHashOf(user, key)));
    if (fallbackMatched) {
      await storageCall(() => session.cycleKey());
      session.set(HASH_SESSION_KEY, current);
      return true;
    }
    await storageCall(() => session.flush());
    return false;
  }

  /**
   * The user's session auth hash. Django's own definition (an HMAC of the
   * password field) is memoized: it is a pure function of the password and
   * the key, computed on every authenticated request otherwise.
   */
  private sessionAuthHashOf(user: AuthUser, secretKey = this.options.secretKey): string {
    const ownDefinition = user.getSessionAuthHash === undefined || user.getSessionAuthHash === AbstractBaseUser.prototype.getSessionAuthHash;
    if (!ownDefinition) return user.getSessionAuthHash!(secretKey);
    const password = user.password ?? '';
    // The current key, on every request, is memoized by the password alone (no key string to build and hash).
    const current = secretKey === this.options.secretKey;
    const memoKey = current ? password : `${secretKey}\u0000${password}`;
    const memo = current ? this.currentKeyAuthHashes : this.sessionAuthHashes;
    let hash = memo.get(memoKey);
    if (hash === undefined) {
      hash = sessionAuthHash(password, secretKey);
      memo.set(memoKey, hash);
    }
    return hash;
  }

  private backendNameFor(user: AuthUser, backend?: string | AuthBackend): string {
    if (typeof backend === 'string') return backend;
    if (backend) return this.backends.nameOf(backend) ?? backend.constructor.name;
    const stamped = (user as { backend?: unknown }).backend;
    if (typeof stamped === 'string') return stamped;
    const all = this.backends.all();
    if (all.length === 1) return all[0].name;
    throw new ImproperlyConfiguredError(
      'You have multiple authentication backends configured and therefore must provide the `backend` argument or set the `backend` attribute on the user.',
    );
  }

  private logStorageError(error: unknown): void {
    this.logger.error(`session or user store unavailable: ${(error as Error)?.message ?? String(error)}`);
  }
}

/**
 * The stored session auth hash against the user's, on every authenticated
 * request: an HMAC-SHA256 in hex has a public length, so equal lengths are
 * compared directly in constant time (as Python's compare_digest does), and
 * anything else goes through constantTimeCompare.
 */
function sameSessionAuthHash(stored: string, current: string): boolean {
  const a = Buffer.from(stored);
  const b = Buffer.from(current);
  return a.length === b.length ? timingSafeEqual(a, b) : constantTimeCompare(a, b);
}

/** Django sets `user.backend` to the dotted path of the backend that authenticated it. */
function stampBackend(user: object, name: string): void {
  Object.defineProperty(user, 'backend', { value: name, enumerable: false, configurable: true, writable: true });
}

function setRequestUser(request: Request, user: unknown): void {
  (request as unknown as { user: unknown }).user = user;
  requestStateOf(request).user = Promise.resolve(user);
}
