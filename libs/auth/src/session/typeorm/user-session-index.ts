import type { DataSource } from 'typeorm';
import { Session } from '../entities/session.entity';
import { UserSession } from '../entities/user-session.entity';
import { SessionIndexUnavailableError, UserSessionInfo } from '../session-engine.interface';
import { deleteInBatches } from './batched-delete';
import { hydrate } from './hydrate';

interface UserSessionRow {
  session_key: string;
  expire_date: unknown;
  created_at: unknown;
}

/**
 * auth_user_session_index, the user → session map written beside
 * django_session on save. Rows may outlive their session (a delete racing a
 * save): every read joins django_session, and orphans are pruned with expired
 * sessions.
 */
export class UserSessionIndex {
  private available?: Promise<boolean>;
  /** What isAvailable() found, once it has answered (lets the hot path skip an await). */
  knownAvailable?: boolean;

  constructor(
    private readonly dataSource: DataSource,
    private readonly now: () => Date,
  ) {}

  /**
   * False on a database Django manages, which has no index table (we never
   * change its schema): writes are then skipped, and listing or revoking a
   * user's sessions says what is missing. Checked once.
   */
  isAvailable(): Promise<boolean> {
    this.available ??= (async () => {
      const runner = this.dataSource.createQueryRunner();
      try {
        return (this.knownAvailable = await runner.hasTable(this.table()));
      } finally {
        await runner.release();
      }
    })().catch((error) => {
      this.available = undefined;
      throw error;
    });
    return this.available;
  }

  private async requireAvailable(): Promise<void> {
    if (!(await this.isAvailable())) throw new SessionIndexUnavailableError(this.table());
  }

  /**
   * Records the session's owner, or forgets the session when it has none.
   * A row found for a brand-new key is stale, so it is overwritten whole; for
   * an existing session only the owner can change and `created_at` keeps the
   * login time (Django's login() cycles the key, so the owner never changes in
   * practice).
   */
  async record(sessionKey: string, userId: string | null, isNewSession: boolean): Promise<void> {
    if (!(await this.isAvailable())) return;
    if (userId === null) return this.forget(sessionKey);
    await this.dataSource
      .createQueryBuilder()
      .insert()
      .into(UserSession)
      .values({ sessionKey, userId, createdAt: this.now() })
      .orUpdate(isNewSession ? ['user_id', 'created_at'] : ['user_id'], ['session_key'], { skipUpdateIfNoValuesChanged: true })
      .updateEntity(false)
      .execute();
  }

  async forget(sessionKey: string): Promise<void> {
    if (!(await this.isAvailable())) return;
    await this.dataSource.createQueryBuilder().delete().from(UserSession).where({ sessionKey }).execute();
  }

  /** Forgets a batch of sessions (clearExpired deletes them next). */
  async forgetMany(sessionKeys: string[]): Promise<void> {
    if (sessionKeys.length === 0 || !(await this.isAvailable())) return;
    await this.dataSource.createQueryBuilder().delete().from(UserSession).where('session_key IN (:...sessionKeys)', { sessionKeys }).execute();
  }

  /** Deletes every index row (the sessions are being deleted too). */
  async clear(): Promise<void> {
    if (!(await this.isAvailable())) return;
    await this.dataSource.createQueryBuilder().delete().from(UserSession).execute();
  }

  /** The user's live sessions, soonest to expire first. */
  async sessionsOf(userId: string): Promise<UserSessionInfo[]> {
    await this.requireAvailable();
    const rows = await this.dataSource
      .createQueryBuilder()
      .select('entry.sessionKey', 'session_key')
      .addSelect('session.expireDate', 'expire_date')
      .addSelect('entry.createdAt', 'created_at')
      .from(UserSession, 'entry')
      .innerJoin(Session, 'session', 'session.sessionKey = entry.sessionKey')
      .where('entry.userId = :userId AND session.expireDate > :now', { userId, now: this.now() })
      .orderBy('session.expireDate', 'ASC')
      .addOrderBy('entry.sessionKey', 'ASC')
      .getRawMany<UserSessionRow>();
    return rows.map((row) => this.toInfo(row));
  }

  /** Deletes the user's sessions but `exceptKey` with two set-based statements; returns how many sessions. */
  async deleteSessionsOf(userId: string, exceptKey?: string): Promise<number> {
    await this.requireAvailable();
    const owned = this.dataSource
      .createQueryBuilder()
      .select('entry.sessionKey')
      .from(UserSession, 'entry')
      .where('entry.userId = :userId', { userId });
    if (exceptKey !== undefined) owned.andWhere('entry.sessionKey <> :exceptKey', { exceptKey });
    const { affected } = await this.dataSource
      .createQueryBuilder()
      .delete()
      .from(Session)
      .where(`session_key IN (${owned.getQuery()})`)
      .setParameters(owned.getParameters())
      .execute();
    await this.pruneOrphansOf(userId);
    return affected ?? 0;
  }

  /** Deletes index rows whose session is gone; returns how many. */
  async pruneOrphans(): Promise<number> {
    if (!(await this.isAvailable())) return 0;
    return deleteInBatches(this.dataSource, this.table(), this.sessionIsGone(), {});
  }

  /**
   * Only the rows whose session is gone: a session of the user saved while
   * the DELETE ran keeps its row, so it can still be listed and revoked.
   */
  private async pruneOrphansOf(userId: string): Promise<void> {
    await this.dataSource
      .createQueryBuilder()
      .delete()
      .from(UserSession)
      .where('user_id = :userId', { userId })
      .andWhere(this.sessionIsGone())
      .execute();
  }

  private sessionIsGone(): string {
    const sessions = this.dataSource.driver.escape(this.dataSource.getMetadata(Session).tableName);
    return `NOT EXISTS (SELECT 1 FROM ${sessions} live_session WHERE live_session.session_key = ${this.dataSource.driver.escape(this.table())}.session_key)`;
  }

  get tableName(): string {
    return this.table();
  }

  private table(): string {
    return this.dataSource.getMetadata(UserSession).tableName;
  }

  private toInfo(row: UserSessionRow): UserSessionInfo {
    return {
      sessionKey: row.session_key,
      expireDate: hydrate(this.dataSource, Session, 'expireDate', row.expire_date),
      createdAt: row.created_at === null ? null : hydrate(this.dataSource, UserSession, 'createdAt', row.created_at),
    };
  }
}
