import { ImproperlyConfiguredError } from '../exceptions/improperly-configured.error';

/** What a session engine returns for a live session. */
export interface SessionRecord {
  data: Record<string, unknown>;
  expireDate: Date;
}

export interface SessionSaveOptions {
  /**
   * True for a brand-new key: insert, never overwrite (Django's
   * must_create). False: update an existing row only, so a request still in
   * flight cannot resurrect a session that was deleted (logged out) meanwhile.
   */
  mustCreate: boolean;
}

/**
 * Thrown by `save(…, { mustCreate: true })` when the key is taken (Django's
 * CreateError): the caller picks another key.
 */
export class SessionKeyTakenError extends Error {
  override readonly name = 'SessionKeyTakenError';
}

/**
 * Thrown by `save(…, { mustCreate: false })` when the row is gone (Django's
 * UpdateError → SessionInterrupted): the session was deleted concurrently.
 */
export class SessionDeletedError extends Error {
  override readonly name = 'SessionDeletedError';
}

/**
 * Listing or revoking a user's sessions needs the index table beside
 * django_session (our migrations create it; a Django-managed database lacks it).
 * @publicApi
 */
export class SessionIndexUnavailableError extends ImproperlyConfiguredError {
  constructor(table: string) {
    super(`The ${table} table is missing, so a user's sessions cannot be listed or revoked. Run AUTH_MIGRATIONS (SessionsInitial) to create it.`);
  }
}

/**
 * Django's session engine contract (SessionStore minus the per-request
 * state): storage of encoded session dicts by key, with expiry. `db`,
 * `cache` and `cached_db` implement it; express-session stores can be
 * adapted to it.
 * @publicApi
 */
export interface SessionEngine {
  /** The live session's data, or null when missing, expired or undecodable. */
  load(sessionKey: string): Promise<SessionRecord | null>;
  save(sessionKey: string, data: Record<string, unknown>, expireDate: Date, options: SessionSaveOptions): Promise<void>;
  delete(sessionKey: string): Promise<void>;
  /** Deletes expired sessions (Django's clear_expired); returns how many. `onProgress` gets the running count (batched engines). */
  clearExpired(options?: { onProgress?: (cleared: number) => void }): Promise<number>;
  /** The live sessions of a user, from the user → session index the engine keeps on save. */
  sessionsOfUser(userId: string): Promise<UserSessionInfo[]>;
  /** Deletes every session of a user but `exceptKey`; returns how many. */
  deleteSessionsOfUser(userId: string, exceptKey?: string): Promise<number>;
  /**
   * Optional: the live session and, in the same round trip, the user its
   * index row names (null when missing, expired or undecodable). Engines
   * without it cost a second round trip for the user.
   */
  loadWithUser?<U>(sessionKey: string, join: SessionUserJoin<U>): Promise<SessionWithUser<U> | null>;
}

/**
 * How a backend's user (with its permission sets) is read in the same
 * statement as the session row, through the engine's user → session index
 * (UserLoader.sessionJoin builds it). `columns` and `from` are SQL over the
 * user table's alias `u`.
 */
export interface SessionUserJoin<U = unknown> {
  /** Names the statement (one per user table and permission flag). */
  key: string;
  columns: string;
  /** The JOIN clause; `indexUser` is the index's user_id column (text). */
  from(indexUser: string): string;
  /** The user from a joined row, or null when no user row matched. */
  read(row: Record<string, unknown>): U | null;
}

/** A session read together with the user its index row points at. */
export interface SessionWithUser<U = unknown> {
  record: SessionRecord;
  /** The index's user id for the session: null when the index has no row (a session Django wrote, say). */
  indexUserId: string | null;
  /** The user row the index pointed at, when there is one. */
  user: U | null;
}

/** One of a user's sessions, as AuthService.getUserSessions lists them. */
export interface UserSessionInfo {
  sessionKey: string;
  expireDate: Date;
  createdAt: Date | null;
}

/** DI token of the active SessionEngine. */
export const SessionEngine = Symbol('SessionEngine');
