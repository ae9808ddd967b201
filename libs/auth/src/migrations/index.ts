import { AuthInitial1700000000000 } from './1700000000000-auth-initial.migration';
import { SessionsInitial1700000000001 } from './1700000000001-sessions-initial.migration';
import { MysqlDjangoColumns1700000000002 } from './1700000000002-mysql-django-columns.migration';
import { LoginThrottle1700000000003 } from './1700000000003-login-throttle.migration';

export { AuthInitial1700000000000, SessionsInitial1700000000001, MysqlDjangoColumns1700000000002, LoginThrottle1700000000003 };

/**
 * The module's migrations, in order. Add them to your DataSource's
 * `migrations` and run them (`migrationsRun: true` or the TypeORM CLI).
 * @publicApi
 */
export const AUTH_MIGRATIONS = [
  AuthInitial1700000000000,
  SessionsInitial1700000000001,
  MysqlDjangoColumns1700000000002,
  LoginThrottle1700000000003,
];
