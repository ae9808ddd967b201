import { join } from 'node:path';
import { AUTH_MIGRATIONS, authEntities, databaseOptionsFromUrl } from 'nest-django-auth';
import type { TypeOrmModuleOptions } from '@nestjs/typeorm';
import { Question } from '../polls/question.entity';
import { QueryLineLogger } from './query-log';

export const DEFAULT_DATABASE_URL = `sqlite:${join(process.cwd(), 'data', 'demo.sqlite3')}`;

export function databaseUrl(): string {
  return process.env.DATABASE_URL || DEFAULT_DATABASE_URL;
}

/**
 * The demo's database: our migrations run at start-up, unless the database
 * was made by Django (it has django_migrations), which is then used as is.
 */
export function databaseConfig(url = databaseUrl()): TypeOrmModuleOptions {
  return {
    ...databaseOptionsFromUrl(url),
    entities: [...authEntities(), Question],
    migrations: AUTH_MIGRATIONS,
    migrationsRun: false,
    synchronize: false,
    logging: process.env.SQL_LOG === '1' || Boolean(process.env.SQL_LOG_FILE),
    ...(process.env.SQL_LOG_FILE ? { logger: new QueryLineLogger(process.env.SQL_LOG_FILE) } : {}),
  } as TypeOrmModuleOptions;
}
