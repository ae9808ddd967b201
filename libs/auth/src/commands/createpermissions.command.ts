import { Command } from 'nest-commander';
import { AUTH_OPTIONS, AUTH_USER_ENTITY } from '../auth.constants';
import { authEntities } from '../auth.module';
import type { ResolvedAuthOptions } from '../interfaces/auth-module-options.interface';
import { syncPermissions, SyncReport } from '../permissions/permissions-sync.service';
import { BaseCommand } from './base.command';
import type { ManagementApp } from './management-app';

/** Django's post_migrate create_contenttypes + create_permissions for the app's models; returns what was added. */
export async function createPermissions(app: ManagementApp): Promise<SyncReport> {
  const options = await app.get<ResolvedAuthOptions>(AUTH_OPTIONS);
  const userEntity = await app.get<Function>(AUTH_USER_ENTITY);
  const dataSource = await app.dataSource();
  return syncPermissions(dataSource.manager, [...authEntities(userEntity), ...options.models]);
}

/** Django's messages for what a sync added ("Adding content type 'polls | question'"). */
export function reportSync(report: SyncReport, write: (line: string) => void): void {
  for (const contentType of report.contentTypes) write(`Adding content type '${contentType.replace('.', ' | ')}'`);
  for (const permission of report.permissions) write(`Adding permission '${permission}'`);
}

/** The start-up sync of content types and permissions, on demand, reporting what it added. */
@Command({ name: 'createpermissions', description: 'Creates the content types and permissions of the installed models (what start-up does), and reports what it added.' })
export class CreatePermissionsCommand extends BaseCommand {
  static override appLabel = 'auth';

  async handle(): Promise<void> {
    const report = await createPermissions(this.app);
    if (this.verbosity >= 1) {
      reportSync(report, (line) => this.stdout.write(line));
      const { contentTypes, permissions } = report;
      this.stdout.write(
        contentTypes.length + permissions.length === 0
          ? 'No content types or permissions to add.'
          : `Added ${contentTypes.length} content type(s) and ${permissions.length} permission(s).`,
      );
    }
  }
}
