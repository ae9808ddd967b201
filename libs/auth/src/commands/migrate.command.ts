import { Command } from 'nest-commander';
import { DataSource, DataSourceOptions } from 'typeorm';
import { AUTH_MIGRATIONS } from '../migrations';
import { BaseCommand } from './base.command';
import { createPermissions, reportSync } from './createpermissions.command';

/**
 * Django's migrate for this package: the app's TypeORM migrations (ours when
 * the app lists none), then the content types and permissions (post_migrate).
 * A database Django manages (it has django_migrations) is left as it is.
 */
@Command({ name: 'migrate', description: 'Updates database schema. Manages both apps with migrations and those without.' })
export class MigrateCommand extends BaseCommand {
  static override appLabel = 'django';

  async handle(): Promise<void> {
    const appDataSource = await this.app.dataSource();
    if (await this.djangoManaged(appDataSource)) {
      this.stdout.write("This database is managed by Django (it has a django_migrations table): nothing was changed. Run Django's migrate instead.");
      return;
    }
    const ownDataSource = appDataSource.migrations.length === 0;
    const dataSource = ownDataSource
      ? await new DataSource({ ...appDataSource.options, migrations: AUTH_MIGRATIONS, migrationsRun: false, synchronize: false, logging: false } as DataSourceOptions).initialize()
      : appDataSource;
    try {
      await this.migrate(dataSource);
    } finally {
      if (ownDataSource) await dataSource.destroy();
    }
    const report = await createPermissions(this.app);
    if (this.verbosity >= 2) reportSync(report, (line) => this.stdout.write(line));
  }

  private async migrate(dataSource: DataSource): Promise<void> {
    const heading = (text: string) => this.verbosity >= 1 && this.stdout.write(text, this.style.MIGRATE_HEADING);
    heading('Operations to perform:');
    if (this.verbosity >= 1) this.stdout.write(`  Apply all migrations: ${dataSource.migrations.map((m) => m.name ?? m.constructor.name).join(', ')}`);
    heading('Running migrations:');
    const pending = await this.pendingNames(dataSource);
    if (pending.length === 0) {
      if (this.verbosity >= 1) this.stdout.write('  No migrations to apply.');
      return;
    }
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    if (this.verbosity >= 1) for (const migration of applied) this.stdout.write(`  Applying ${migration.name}...${this.style.SUCCESS(' OK')}`);
  }

  private async pendingNames(dataSource: DataSource): Promise<string[]> {
    return (await dataSource.showMigrations()) ? dataSource.migrations.map((m) => m.name ?? '') : [];
  }

  private async djangoManaged(dataSource: DataSource): Promise<boolean> {
    const queryRunner = dataSource.createQueryRunner();
    try {
      return await queryRunner.hasTable('django_migrations');
    } finally {
      await queryRunner.release();
    }
  }
}
