import { Logger } from '@nestjs/common';
import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * MySQL/MariaDB installs made before this migration: django_session.session_data
 * becomes LONGTEXT (TEXT refused sessions over 64 KB) and auth_user.username
 * takes the table's collation (it was utf8mb4_bin), as Django's migrations
 * create them. Columns already right (a Django-made database) are left alone;
 * other databases are untouched.
 */
export class MysqlDjangoColumns1700000000002 implements MigrationInterface {
  name = 'MysqlDjangoColumns1700000000002';

  async up(queryRunner: QueryRunner): Promise<void> {
    const type = queryRunner.connection.driver.options.type;
    if (type !== 'mysql' && type !== 'mariadb') return;
    const session = await columnInfo(queryRunner, 'django_session', 'session_data');
    if (session && session.dataType !== 'longtext') {
      await queryRunner.query('ALTER TABLE `django_session` MODIFY `session_data` LONGTEXT NOT NULL');
    }
    const username = await columnInfo(queryRunner, 'auth_user', 'username');
    if (username && username.collation !== username.tableCollation) {
      await this.useTableCollation(queryRunner, username.length);
    }
  }

  async down(): Promise<void> {
    // Going back to TEXT could truncate sessions and utf8mb4_bin changes how usernames compare: kept as they are.
  }

  /** Usernames equal but for case cannot share a case-insensitive unique index: keep the column then, and say why. */
  private async useTableCollation(queryRunner: QueryRunner, length: number): Promise<void> {
    try {
      await queryRunner.query(`ALTER TABLE \`auth_user\` MODIFY \`username\` varchar(${length}) NOT NULL`);
    } catch (error) {
      if ((error as { code?: string }).code !== 'ER_DUP_ENTRY') throw error;
      new Logger('AuthModule').warn(
        'auth_user.username keeps its case-sensitive collation (utf8mb4_bin): some usernames differ only by case, ' +
          "so Django's case-insensitive collation cannot apply. Rename them, then run: " +
          `ALTER TABLE auth_user MODIFY username varchar(${length}) NOT NULL`,
      );
    }
  }
}

interface ColumnInfo {
  dataType: string;
  collation: string | null;
  tableCollation: string | null;
  length: number;
}

async function columnInfo(queryRunner: QueryRunner, table: string, column: string): Promise<ColumnInfo | null> {
  const rows: Record<string, unknown>[] = await queryRunner.query(
    'SELECT c.DATA_TYPE AS dataType, c.COLLATION_NAME AS collation, t.TABLE_COLLATION AS tableCollation, ' +
      'c.CHARACTER_MAXIMUM_LENGTH AS length FROM information_schema.COLUMNS c ' +
      'JOIN information_schema.TABLES t ON t.TABLE_SCHEMA = c.TABLE_SCHEMA AND t.TABLE_NAME = c.TABLE_NAME ' +
      'WHERE c.TABLE_SCHEMA = DATABASE() AND c.TABLE_NAME = ? AND c.COLUMN_NAME = ?',
    [table, column],
  );
  if (rows.length === 0) return null;
  const row = rows[0];
  return {
    dataType: String(row.dataType).toLowerCase(),
    collation: (row.collation as string | null) ?? null,
    tableCollation: (row.tableCollation as string | null) ?? null,
    length: Number(row.length),
  };
}
