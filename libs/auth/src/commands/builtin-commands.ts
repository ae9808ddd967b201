import { ChangePasswordCommand } from './changepassword.command';
import { CheckCommand } from './check.command';
import { ClearSessionsCommand } from './clearsessions.command';
import { CreatePermissionsCommand } from './createpermissions.command';
import { CreateSuperuserCommand } from './createsuperuser.command';
import { DumpDataCommand } from './dumpdata.command';
import { FlushCommand } from './flush.command';
import { LoadDataCommand } from './loaddata.command';
import { ListLockoutsCommand, ResetLockoutsCommand } from './lockouts.command';
import { MigrateCommand } from './migrate.command';

/** The package's management commands (Django's auth, sessions and core ones that apply). */
export const BUILTIN_COMMANDS = [
  ChangePasswordCommand,
  CheckCommand,
  ClearSessionsCommand,
  CreatePermissionsCommand,
  CreateSuperuserCommand,
  DumpDataCommand,
  FlushCommand,
  ListLockoutsCommand,
  LoadDataCommand,
  MigrateCommand,
  ResetLockoutsCommand,
];
