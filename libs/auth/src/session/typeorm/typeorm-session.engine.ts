import { Logger } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import type { SessionCodec } from '../codecs/session-codec.interface';
import { Session } from '../entities/session.entity';
import {
  SessionDeletedError,
  SessionEngine,
  SessionKeyTakenError,
  SessionRecord,
  SessionSaveOptions,
  SessionUserJoin,
  SessionWithUser,
  UserSessionInfo,
} from '../session-engine.interface';
import { assertValidSessionKey, isValidSessionKey } from '../session-key';
import { clearExpiredSessions } from './clear-expired';
import { decodeSessionData } from '../codecs/decode-session-data';
import { sessionOwnerOf } from '../session-owner';
import { hydrate } from './hydrate';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';
import { insertSessionUnlessTaken } from './insert-or-ignore';
import { UserSessionIndex } from './user-session-index';
import { RawQueries } from '../../database/raw-query';

/** @publicApi */
export interface TypeormSessionEngineOptions {
  /** The clock deciding what has expired. Default: `() => new Date()`. */
  now?: () => Date;
  /** Told when a row's data cannot be decoded (never the data itself). Default: a Nest Logger. */
  logger?: { warn(message: string): void };
}

/** A live session with its key, as `liveSessions()` lists them. */
export interface KeyedSessionRecord extends SessionRecord {
  sessionKey: string;
}

interface SessionRow {
  session_data: string;
  expire_date: unknown;
}

/**
 * Django's database session engine (sessions/backends/db.py) on the
 * `django_session` table, made race-free: a new key is inserted without ever
 * overwriting, an existing session is updated without ever being re-created,
 * and nothing is written on read.
 * @publicApi
 */
export class TypeormSessionEngine implements SessionEngine {
  private readonly now: () => Date;
  private readonly logger: { warn(message: string): void };
  private readonly index: UserSessionIndex;

  constructor(
    private readonly dataSource: DataSource,
    private readonly codec: SessionCodec,
    options: TypeormSessionEngineOptions = {},
  ) {
    this.now = options.now ?? (() => new Date());
    this.logger = options.logger ?? new Logger(TypeormSessionEngine.name);
    this.index = new UserSessionIndex(dataSource, this.now);
    this.raw = new RawQueries(dataSource);
    const q = (name: string) => dataSource.driver.escape(name);
    this.loadStatement =
      `SELECT ${q('session_data')} AS session_data, ${q('expire_date')} AS expire_date FROM ${q('django_session')} ` +
      `WHERE ${q('session_key')} = ? AND ${q('expire_date')} > ?`;
  }

  private readonly raw: RawQueries;
  private readonly loadStatement: string;
  private readonly joinedStatements = new Map<string, string>();
  private expireDateColumn?: ColumnMetadata;

  /**
   * One SELECT, sent as a prepared statement (every authenticated request runs
   * it); keys Django could not have issued never reach the database.
   */
  async load(sessionKey: string): Promise<SessionRecord | null> {
    if (!isValidSessionKey(sessionKey)) return null;
    const [row] = await this.raw.all<SessionRow & Record<string, unknown>>(this.loadStatement, [sessionKey, this.raw.param(this.now())]);
    if (!row) return null;
    return { data: this.decode(row.session_data), expireDate: this.expireDateOf(row.expire_date) };
  }

  /**
   * The session row, its index row and the user the index names (with what
   * `join` selects, both permission sets for a permission check) in ONE
   * statement — one snapshot, so nothing can change between the session and
   * the user. Without the index table (a database Django manages) it is
   * `load` and no user.
   */
  async loadWithUser<U>(sessionKey: string, join: SessionUserJoin<U>): Promise<SessionWithUser<U> | null> {
    if (!isValidSessionKey(sessionKey)) return null;
    if (!(this.index.knownAvailable ?? (await this.index.isAvailable()))) {
      const record = await this.load(sessionKey);
      return record && { record, indexUserId: null, user: null };
    }
    const [row] = await this.raw.all(this.joinedStatement(join), [sessionKey, this.raw.param(this.now())]);
    if (!row) return null;
    const record = { data: this.decode(row.auth_session_data as string), expireDate: this.expireDateOf(row.auth_expire_date) };
    const indexUserId = row.auth_index_user === null || row.auth_index_user === undefined ? null : String(row.auth_index_user);
    return { record, indexUserId, user: indexUserId === null ? null : join.read(row) };
  }

  private joinedStatement(join: SessionUserJoin<unknown>): string {
    let sql = this.joinedStatements.get(join.key);
    if (!sql) {
      const q = (name: string) => this.dataSource.driver.escape(name);
      sql =
        `SELECT s.${q('session_data')} AS auth_session_data, s.${q('expire_date')} AS auth_expire_date, ` +
        `i.${q('user_id')} AS auth_index_user, ${join.columns} ` +
        `FROM ${q('django_session')} s LEFT JOIN ${q(this.index.tableName)} i ON i.${q('session_key')} = s.${q('session_key')} ` +
        `${join.from(`i.${q('user_id')}`)} WHERE s.${q('session_key')} = ? AND s.${q('expire_date')} > ?`;
      this.joinedStatements.set(join.key, sql);
    }
    return sql;
  }

  /** expire_date as TypeORM hydrates it (SQLite's text becomes a UTC Date), the column looked up once. */
  private expireDateOf(raw: unknown): Date {
    this.expireDateColumn ??= this.dataSource.getMetadata(Session).findColumnWithPropertyName('expireDate')!;
    return this.dataSource.driver.prepareHydratedValue(raw, this.expireDateColumn) as Date;
  }

  /**
   * `mustCreate`: INSERT that never overwrites, SessionKeyTakenError when the
   * key is live. Otherwise: UPDATE only, SessionDeletedError when the row is
   * gone. Then the user index is written (a second statement).
   */
  async save(sessionKey: string, data: Record<string, unknown>, expireDate: Date, options: SessionSaveOptions): Promise<void> {
    assertValidSessionKey(sessionKey);
    const sessionData = this.codec.encode(data);
    if (options.mustCreate) await this.create(sessionKey, sessionData, expireDate);
    else await this.update(sessionKey, { sessionData, expireDate });
    await this.index.record(sessionKey, sessionOwnerOf(data), options.mustCreate);
  }

  async delete(sessionKey: string): Promise<void> {
    if (!isValidSessionKey(sessionKey)) return;
    await this.dataSource.createQueryBuilder().delete().from(Session).where({ sessionKey }).execute();
    await this.index.forget(sessionKey);
  }

  /** Batched, so a million expired rows never sit under one long lock; their index rows go with them. */
  clearExpired(options: { onProgress?: (cleared: number) => void } = {}): Promise<number> {
    return clearExpiredSessions(this.dataSource, this.index, this.now(), undefined, options.onProgress);
  }

  sessionsOfUser(userId: string): Promise<UserSessionInfo[]> {
    return this.index.sessionsOf(userId);
  }

  deleteSessionsOfUser(userId: string, exceptKey?: string): Promise<number> {
    return this.index.deleteSessionsOf(userId, exceptKey);
  }

  /** Moves a live session's expiry without rewriting its data; false when the row is gone. */
  async touch(sessionKey: string, expireDate: Date): Promise<boolean> {
    if (!isValidSessionKey(sessionKey)) return false;
    try {
      await this.update(sessionKey, { expireDate });
      return true;
    } catch (error) {
      if (error instanceof SessionDeletedError) return false;
      throw error;
    }
  }

  /** The live sessions, with their keys. */
  async liveSessions(): Promise<KeyedSessionRecord[]> {
    const rows = await this.dataSource
      .createQueryBuilder()
      .select('session.sessionKey', 'session_key')
      .addSelect('session.sessionData', 'session_data')
      .addSelect('session.expireDate', 'expire_date')
      .from(Session, 'session')
      .where('session.expireDate > :now', { now: this.now() })
      .getRawMany<SessionRow & { session_key: string }>();
    return rows.map((row) => ({
      sessionKey: row.session_key,
      data: this.decode(row.session_data),
      expireDate: hydrate(this.dataSource, Session, 'expireDate', row.expire_date),
    }));
  }

  async countLive(): Promise<number> {
    return this.dataSource.createQueryBuilder().from(Session, 'session').where('session.expireDate > :now', { now: this.now() }).getCount();
  }

  /** Deletes every session, live or not, and the whole index. */
  async deleteAll(): Promise<void> {
    await this.dataSource.createQueryBuilder().delete().from(Session).execute();
    await this.index.clear();
  }

  private async create(sessionKey: string, sessionData: string, expireDate: Date): Promise<void> {
    const row = { sessionKey, sessionData, expireDate };
    if (await insertSessionUnlessTaken(this.dataSource, row)) return;
    // Django's create() never reuses a key present in the table, even expired
    // (db.py exists()); a dead row only blocks until clear_expired, so it is
    // removed and the insert retried once.
    if ((await this.deleteIfExpired(sessionKey)) && (await insertSessionUnlessTaken(this.dataSource, row))) return;
    throw new SessionKeyTakenError('The session key is already in use.');
  }

  private async deleteIfExpired(sessionKey: string): Promise<boolean> {
    const { affected } = await this.dataSource
      .createQueryBuilder()
      .delete()
      .from(Session)
      .where('session_key = :sessionKey AND expire_date <= :now', { sessionKey, now: this.now() })
      .execute();
    return (affected ?? 0) > 0;
  }

  private async update(sessionKey: string, values: Partial<Session>): Promise<void> {
    const { affected } = await this.dataSource.createQueryBuilder().update(Session).set(values).where({ sessionKey }).execute();
    if (affected) return;
    // 0 can also mean "matched but unchanged": MySQL counts changed rows when
    // the client drops CLIENT_FOUND_ROWS (mysql2 sets it by default).
    if (await this.exists(sessionKey)) return;
    throw new SessionDeletedError('The session was deleted before it could be saved.');
  }

  private async exists(sessionKey: string): Promise<boolean> {
    const row = await this.dataSource
      .createQueryBuilder()
      .select('1', 'found')
      .from(Session, 'session')
      .where('session.sessionKey = :sessionKey', { sessionKey })
      .getRawOne();
    return row !== undefined;
  }

  private decode(sessionData: string): Record<string, unknown> {
    return decodeSessionData(this.codec, sessionData, this.logger);
  }
}
