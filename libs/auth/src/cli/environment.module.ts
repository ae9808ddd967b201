import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuthModule, authEntities } from '../auth.module';
import { databaseOptionsFromUrl } from '../database/database-url';
import { ImproperlyConfiguredError } from '../exceptions/improperly-configured.error';
import { AUTH_MIGRATIONS } from '../migrations';

/**
 * The app the bare `nest-django-auth` bin runs when given no `--app`: the
 * package's models on `DATABASE_URL`, signed with `SECRET_KEY` (and
 * `SECRET_KEY_FALLBACKS`, comma-separated) — Django's settings, from the
 * environment.
 */
@Module({})
export class EnvironmentAppModule {
  static fromEnvironment(env: NodeJS.ProcessEnv = process.env): DynamicModule {
    const url = env.DATABASE_URL;
    if (!url) throw new ImproperlyConfiguredError('Set DATABASE_URL (sqlite:<path>, postgres://…, mysql://…) or pass --app <compiled module exporting your app module>.');
    return {
      module: EnvironmentAppModule,
      imports: [
        TypeOrmModule.forRoot({ ...databaseOptionsFromUrl(url), entities: authEntities(), migrations: AUTH_MIGRATIONS, migrationsRun: false, synchronize: false }),
        AuthModule.forRoot({
          secretKey: env.SECRET_KEY ?? '',
          secretKeyFallbacks: (env.SECRET_KEY_FALLBACKS ?? '').split(',').filter(Boolean),
        }),
      ],
    };
  }
}
