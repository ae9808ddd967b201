import { MigrationInterface, QueryRunner, Table } from 'typeorm';
import { varchar } from './column-types';

/** Failed-login counters and lock-outs shared by every instance (login throttling's database store). */
export class LoginThrottle1700000000003 implements MigrationInterface {
  name = 'LoginThrottle1700000000003';

  async up(queryRunner: QueryRunner): Promise<void> {
    const mysql = ['mysql', 'mariadb'].includes(queryRunner.connection.driver.options.type);
    const binary = mysql ? { charset: 'utf8mb4', collation: 'utf8mb4_bin' } : {};
    await queryRunner.createTable(
      new Table({
        name: 'auth_login_throttle',
        columns: [
          varchar('throttle_key', 128, { isPrimary: true, ...binary }),
          { name: 'points', type: 'integer' },
          { name: 'expire', type: 'bigint', isNullable: true },
          varchar('username', 150, { isNullable: true, ...binary }),
          varchar('ip_address', 64, { isNullable: true }),
        ],
        indices: [
          { name: 'auth_login_throttle_username', columnNames: ['username'] },
          { name: 'auth_login_throttle_expire', columnNames: ['expire'] },
        ],
      }),
      true,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('auth_login_throttle', true);
  }
}
