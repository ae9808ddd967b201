import { QueryRunner, TableColumnOptions, TableForeignKeyOptions } from 'typeorm';

/** Column types as Django's migrations create them on each backend. */
export function dateTimeColumn(queryRunner: QueryRunner, name: string, nullable = false): TableColumnOptions {
  switch (queryRunner.connection.driver.options.type) {
    case 'postgres':
      return { name, type: 'timestamp with time zone', isNullable: nullable };
    case 'mysql':
    case 'mariadb':
      return { name, type: 'datetime', precision: 6, isNullable: nullable };
    default:
      return { name, type: 'datetime', isNullable: nullable };
  }
}

export function idColumn(): TableColumnOptions {
  return { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' };
}

export function varchar(name: string, length: number, extra: Partial<TableColumnOptions> = {}): TableColumnOptions {
  return { name, type: 'varchar', length: String(length), ...extra };
}

export function booleanColumn(name: string): TableColumnOptions {
  return { name, type: 'boolean' };
}

export function foreignKey(column: string, table: string): TableForeignKeyOptions {
  return { columnNames: [column], referencedTableName: table, referencedColumnNames: ['id'], onDelete: 'CASCADE' };
}

/**
 * A username column with the table's collation, as Django's migrations make
 * it: on MySQL/MariaDB the server's default (utf8mb4_general_ci, so "Alice"
 * finds "alice" there, as with Django), case-sensitive on SQLite and PostgreSQL.
 */
export function usernameColumn(_queryRunner: QueryRunner, name: string, length: number): TableColumnOptions {
  return varchar(name, length, { isUnique: true });
}

/** Django's TextField: LONGTEXT on MySQL/MariaDB (TEXT stops at 64 KB), text elsewhere. */
export function textColumn(queryRunner: QueryRunner, name: string): TableColumnOptions {
  const type = queryRunner.connection.driver.options.type;
  return { name, type: type === 'mysql' || type === 'mariadb' ? 'longtext' : 'text' };
}
