import { DynamicModule, INestApplication, Type } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { getDataSourceToken, TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import {
  AbstractBaseUser,
  AUTH_MIGRATIONS,
  AuthModule,
  AuthModuleOptions,
  authEntities,
  databaseOptionsFromUrl,
  MD5PasswordHasher,
  Pbkdf2PasswordHasher,
} from 'nest-django-auth';
import { Question } from '../fixtures/entities/question.entity';
import { TEST_SECRET_KEY } from './test-secret-key';

export { TEST_SECRET_KEY } from './test-secret-key';

/** Fast hashers for tests that are not about hashing (Django's test settings use MD5 too). */
export function fastHashers() {
  return [new Pbkdf2PasswordHasher({ iterations: 1000 }), new MD5PasswordHasher()];
}

export interface TestAppOptions {
  auth?: Partial<AuthModuleOptions>;
  userEntity?: new () => AbstractBaseUser;
  entities?: Function[];
  migrations?: Function[];
  runMigrations?: boolean;
  imports?: Array<Type | DynamicModule>;
  controllers?: Type[];
  providers?: any[];
  /** Extra TypeORM options (a query-counting logger, say). */
  dataSource?: Record<string, unknown>;
  /** AuthModule extras (isGlobal, userEntity, globalLoginRequired…). */
  extras?: Record<string, unknown>;
}

/** Boots a real Nest app (TypeORM + AuthModule) on the given database URL. */
export async function createTestApp(url: string, options: TestAppOptions = {}): Promise<{ app: INestApplication; dataSource: DataSource }> {
  const userEntity = options.userEntity;
  const moduleRef = await Test.createTestingModule({
    imports: [
      TypeOrmModule.forRoot({
        ...databaseOptionsFromUrl(url),
        entities: [...authEntities(userEntity), Question, ...(options.entities ?? [])],
        migrations: options.migrations ?? AUTH_MIGRATIONS,
        migrationsRun: options.runMigrations ?? true,
        synchronize: false,
        ...options.dataSource,
      } as never),
      AuthModule.forRoot({
        secretKey: TEST_SECRET_KEY,
        passwordHashers: fastHashers(),
        models: [Question],
        // Suites not about throttling make many failed logins on purpose (throttling's own suite turns it on).
        throttling: false,
        ...(userEntity ? { userEntity } : {}),
        ...options.auth,
        ...options.extras,
      } as never),
      ...(options.imports ?? []),
    ],
    controllers: options.controllers ?? [],
    providers: options.providers ?? [],
  }).compile();
  const app = moduleRef.createNestApplication({ logger: ['error'] });
  await app.init();
  return { app, dataSource: app.get(getDataSourceToken()) };
}
