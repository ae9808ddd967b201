import { MigrationInterface, QueryRunner, Table } from 'typeorm';
import { dateTimeColumn, textColumn, varchar } from './column-types';

/** django.contrib.sessions' table, plus our user → session index beside it. */
export class SessionsInitial1700000000001 implements MigrationInterface {
  name = 'SessionsInitial1700000000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'django_session',
        columns: [
          varchar('session_key', 40, { isPrimary: true }),
          textColumn(queryRunner, 'session_data'),
          dateTimeColumn(queryRunner, 'expire_date'),
        ],
        indices: [{ name: 'django_session_expire_date_a5c62663', columnNames: ['expire_date'] }],
      }),
      true,
    );
    await queryRunner.createTable(
      new Table({
        name: 'auth_user_session_index',
        columns: [
          varchar('session_key', 40, { isPrimary: true }),
          varchar('user_id', 64),
          dateTimeColumn(queryRunner, 'created_at'),
        ],
        indices: [{ name: 'auth_user_session_index_user_id', columnNames: ['user_id'] }],
      }),
      true,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('auth_user_session_index', true);
    await queryRunner.dropTable('django_session', true);
  }
}
