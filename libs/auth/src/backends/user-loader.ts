import type { DataSource, EntityMetadata } from 'typeorm';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';
import { Dialect, RawQueries } from '../database/raw-query';
import { permissionTablesOf } from '../permissions/permission-queries';
import type { SessionUserJoin } from '../session/session-engine.interface';
import type { UserContextBinder } from '../users/user-context.binder';

export interface LoadedUser<T> {
  user: T;
  /** Present when loaded with permissions. */
  userPermissions?: Set<string>;
  groupPermissions?: Set<string>;
}

/** A JSON array of "app_label.codename" strings, built by the database. */
function jsonArrayOf(dialect: Dialect, from: string): string {
  switch (dialect) {
    case 'postgres':
      return `(SELECT json_agg(ct.app_label || '.' || p.codename) ${from})`;
    case 'mysql':
      return `(SELECT JSON_ARRAYAGG(CONCAT(ct.app_label, '.', p.codename)) ${from})`;
    default:
      return `(SELECT json_group_array(ct.app_label || '.' || p.codename) ${from})`;
  }
}

function parseJsonArray(value: unknown): Set<string> {
  if (Array.isArray(value)) return new Set(value as string[]);
  if (typeof value === 'string' && value.length) return new Set((JSON.parse(value) as string[] | null) ?? []);
  return new Set();
}

/** Column types whose raw driver value is already the entity's value (no transformer): copied as they are. */
const PLAIN_TYPES = new Set<unknown>([String, Number, 'varchar', 'character varying', 'text', 'int', 'integer', 'smallint']);

/** One column's raw value → entity value, decided once per column instead of per row. */
interface ColumnMapper {
  property: string;
  alias: string;
  convert: ((raw: unknown) => unknown) | null;
}

/**
 * Loads the session's user by primary key, optionally with both permission
 * sets, in ONE round trip (two correlated JSON aggregates beside the user's
 * columns; Django needs three queries). The statements are built once and
 * sent as prepared statements; rows are hydrated with TypeORM's own value
 * conversion, so dates and booleans come out as they would through TypeORM.
 */
export class UserLoader<T extends object> {
  private readonly raw: RawQueries;
  private readonly statements = new Map<boolean, string>();
  private readonly joins = new Map<boolean, SessionUserJoin<LoadedUser<T>>>();
  private mappers?: ColumnMapper[];

  constructor(
    private readonly dataSource: DataSource,
    private readonly userEntity: new () => T,
    private readonly binder: UserContextBinder,
  ) {
    this.raw = new RawQueries(dataSource);
  }

  async byPk(pk: unknown, withPermissions: boolean): Promise<LoadedUser<T> | null> {
    const rows = await this.raw.all(this.statement(withPermissions), [pk]);
    if (rows.length === 0) return null;
    return this.fromRow(rows[0], withPermissions);
  }

  /**
   * The same user columns and permission aggregates as `byPk`, joined by the
   * db session engine to the session row through its user → session index
   * (`indexUser`: the index's user_id column, text), so that a session and its
   * user come in one statement. The caller verifies that the decoded session
   * names the user the index pointed at.
   */
  sessionJoin(withPermissions: boolean): SessionUserJoin<LoadedUser<T>> {
    let join = this.joins.get(withPermissions);
    if (!join) {
      const q = (name: string) => this.dataSource.driver.escape(name);
      const metadata = this.metadata;
      const pkColumn = metadata.primaryColumns[0];
      const pkAlias = pkColumn.databaseName;
      join = {
        key: `${metadata.tableName}:${withPermissions}`,
        columns: this.selectList(withPermissions),
        from: (indexUser: string) => `LEFT JOIN ${q(metadata.tableName)} u ON u.${q(pkAlias)} = ${this.indexUserAsPk(pkColumn, indexUser)}`,
        read: (row) => (row[pkAlias] === null || row[pkAlias] === undefined ? null : this.fromRow(row, withPermissions)),
      };
      this.joins.set(withPermissions, join);
    }
    return join;
  }

  private fromRow(row: Record<string, unknown>, withPermissions: boolean): LoadedUser<T> {
    const user = this.hydrate(row);
    if (!withPermissions) return { user };
    return { user, userPermissions: parseJsonArray(row.auth_own_perms), groupPermissions: parseJsonArray(row.auth_group_perms) };
  }

  /**
   * The index keeps user ids as text; the join compares them in the key's own
   * type so the user table is probed by primary key. A value that is no valid
   * key matches no user (PostgreSQL would raise on a bad cast, so it is
   * guarded); a lenient cast elsewhere ('12abc' → 12 on SQLite and MySQL) is
   * caught by the caller's check that the user's key reads back as the index's.
   */
  private indexUserAsPk(pkColumn: ColumnMetadata, indexUser: string): string {
    const type = String(pkColumn.type === Number ? 'integer' : pkColumn.type);
    const numeric = ['int', 'integer', 'bigint', 'smallint'].includes(type);
    switch (this.raw.dialect) {
      case 'postgres':
        if (numeric) return `CASE WHEN ${indexUser} ~ '^[0-9]{1,15}$' THEN CAST(${indexUser} AS bigint) END`;
        if (type === 'uuid') return `CASE WHEN ${indexUser} ~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' THEN CAST(${indexUser} AS uuid) END`;
        return indexUser;
      case 'mysql':
        return numeric ? `CAST(${indexUser} AS SIGNED)` : indexUser;
      default:
        return numeric ? `CAST(${indexUser} AS INTEGER)` : indexUser;
    }
  }

  private get metadata(): EntityMetadata {
    return this.dataSource.getMetadata(this.userEntity);
  }

  private statement(withPermissions: boolean): string {
    let sql = this.statements.get(withPermissions);
    if (!sql) {
      sql = this.buildStatement(withPermissions);
      this.statements.set(withPermissions, sql);
    }
    return sql;
  }

  private buildStatement(withPermissions: boolean): string {
    const q = (name: string) => this.dataSource.driver.escape(name);
    const metadata = this.metadata;
    const pk = `u.${q(metadata.primaryColumns[0].databaseName)}`;
    return `SELECT ${this.selectList(withPermissions)} FROM ${q(metadata.tableName)} u WHERE ${pk} = ?`;
  }

  /** The user's columns (as their database names) and, with permissions, the two JSON aggregates, over alias `u`. */
  private selectList(withPermissions: boolean): string {
    const q = (name: string) => this.dataSource.driver.escape(name);
    const metadata = this.metadata;
    const pk = `u.${q(metadata.primaryColumns[0].databaseName)}`;
    const columns = metadata.columns.map((c) => `u.${q(c.databaseName)} AS ${q(c.databaseName)}`);
    if (withPermissions) {
      const { userPermissions: up, userGroups: ug } = permissionTablesOf(metadata);
      const base = 'FROM auth_permission p INNER JOIN django_content_type ct ON ct.id = p.content_type_id ';
      const own = `${base}INNER JOIN ${q(up.table)} up ON up.${q(up.targetColumn)} = p.id WHERE up.${q(up.ownerColumn)} = ${pk}`;
      const group =
        `${base}INNER JOIN auth_group_permissions gp ON gp.permission_id = p.id ` +
        `INNER JOIN ${q(ug.table)} ug ON ug.${q(ug.targetColumn)} = gp.group_id WHERE ug.${q(ug.ownerColumn)} = ${pk}`;
      columns.push(`${jsonArrayOf(this.raw.dialect, own)} AS auth_own_perms`, `${jsonArrayOf(this.raw.dialect, group)} AS auth_group_perms`);
    }
    return columns.join(', ');
  }

  /** TypeORM's value conversion, looked up once per column: plain text and integer columns are copied as they come. */
  private columnMappers(): ColumnMapper[] {
    if (!this.mappers) {
      const driver = this.dataSource.driver;
      this.mappers = this.metadata.columns.map((column) => ({
        property: column.propertyName,
        alias: column.databaseName,
        convert: !column.transformer && PLAIN_TYPES.has(column.type) ? null : (raw: unknown) => driver.prepareHydratedValue(raw, column),
      }));
    }
    return this.mappers;
  }

  private hydrate(row: Record<string, unknown>): T {
    const user = new this.userEntity() as Record<string, unknown>;
    for (const { property, alias, convert } of this.columnMappers()) {
      const raw = row[alias];
      user[property] = convert === null ? raw : convert(raw);
    }
    return this.binder.bind(user as T);
  }
}
