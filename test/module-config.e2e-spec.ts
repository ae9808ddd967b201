import { Injectable, INestApplication, Module } from '@nestjs/common';
import { ConfigModule, ConfigService } from '@nestjs/config';
import { Test } from '@nestjs/testing';
import { TypeOrmModule } from '@nestjs/typeorm';
import request from 'supertest';
import {
  AUTH_MIGRATIONS,
  AuthModule,
  AuthModuleOptions,
  authEntities,
  databaseOptionsFromUrl,
  GroupManager,
  ImproperlyConfiguredError,
  resolveAuthOptions,
  User,
  UserManager,
} from 'nest-django-auth';
import { AuthTestController } from './fixtures/controllers/auth-test.controller';
import { Question } from './fixtures/entities/question.entity';
import { createTestDatabase, describeEachDatabase, TestDatabase } from './support/databases';
import { seedReferenceUsers } from './support/seed-reference';
import { fastHashers, TEST_SECRET_KEY } from './support/test-app';

@Injectable()
class AuthConfigFactory {
  createAuthOptions(): AuthModuleOptions {
    return { secretKey: TEST_SECRET_KEY, passwordHashers: fastHashers(), models: [Question] };
  }
}

@Module({ providers: [AuthConfigFactory], exports: [AuthConfigFactory] })
class AuthConfigModule {}

type Variant = [string, () => ReturnType<typeof AuthModule.forRoot>];

const VARIANTS: Variant[] = [
  ['forRoot', () => AuthModule.forRoot({ secretKey: TEST_SECRET_KEY, passwordHashers: fastHashers(), models: [Question] })],
  [
    'forRootAsync(useFactory, ConfigService)',
    () =>
      AuthModule.forRootAsync({
        imports: [ConfigModule.forRoot({ ignoreEnvFile: true, load: [() => ({ SECRET_KEY: TEST_SECRET_KEY })] })],
        inject: [ConfigService],
        useFactory: (config: ConfigService) => ({
          secretKey: config.getOrThrow<string>('SECRET_KEY'),
          passwordHashers: fastHashers(),
          models: [Question],
        }),
      }),
  ],
  ['forRootAsync(useClass)', () => AuthModule.forRootAsync({ imports: [AuthConfigModule], useClass: AuthConfigFactory })],
];

describeEachDatabase('module configuration', (kind) => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await createTestDatabase(kind);
  });

  afterAll(async () => {
    await database?.drop();
  });

  async function boot(auth: ReturnType<typeof AuthModule.forRoot>, runMigrations: boolean): Promise<INestApplication> {
    const moduleRef = await Test.createTestingModule({
      imports: [
        TypeOrmModule.forRoot({
          ...databaseOptionsFromUrl(database.url),
          entities: [...authEntities(), Question],
          migrations: AUTH_MIGRATIONS,
          migrationsRun: runMigrations,
        } as never),
        auth,
      ],
      controllers: [AuthTestController],
    }).compile();
    const app = moduleRef.createNestApplication({ logger: false });
    await app.init();
    return app;
  }

  it.each(VARIANTS.map((v, i) => [...v, i] as const))('%s gives the same working module', async (_name, make, index) => {
    const app = await boot(make(), index === 0);
    try {
      if (index === 0) await seedReferenceUsers(app.get(UserManager<User>), app.get(GroupManager));
      const agent = request.agent(app.getHttpServer());
      await agent.post('/login').send({ username: 'alice', password: 'password' }).expect(200);
      await agent.get('/can?perm=polls.can_vote').expect(200, { allowed: true });
    } finally {
      await app.close();
    }
  });
});

describe('start-up checks', () => {
  it('refuses a missing secret key, always', () => {
    expect(() => resolveAuthOptions({ secretKey: '', development: true })).toThrow(ImproperlyConfiguredError);
    expect(() => resolveAuthOptions({} as AuthModuleOptions)).toThrow(/secretKey option must not be empty/);
  });

  it('refuses a weak secret key outside development, warns in development', () => {
    const warn = jest.fn();
    for (const weak of ['short', 'a'.repeat(60), `django-insecure-${'x1y2z3'.repeat(10)}`]) {
      expect(() => resolveAuthOptions({ secretKey: weak, development: false })).toThrow(/secretKey is weak/);
      expect(() => resolveAuthOptions({ secretKey: weak, development: true }, { warn } as never)).not.toThrow();
    }
    expect(warn).toHaveBeenCalledTimes(3);
    expect(() => resolveAuthOptions({ secretKey: TEST_SECRET_KEY, development: false })).not.toThrow();
  });

  it('refuses an empty backend or hasher list and SameSite=None without Secure', () => {
    expect(() => resolveAuthOptions({ secretKey: TEST_SECRET_KEY, backends: [] })).toThrow(/backends must list/);
    expect(() => resolveAuthOptions({ secretKey: TEST_SECRET_KEY, passwordHashers: [] })).toThrow(/passwordHashers must list/);
    expect(() => resolveAuthOptions({ secretKey: TEST_SECRET_KEY, session: { cookieSameSite: 'None' } })).toThrow(/requires session.cookieSecure/);
    expect(() => resolveAuthOptions({ secretKey: TEST_SECRET_KEY, session: { cookieAge: -1 } })).toThrow(/cookieAge/);
  });

  it('resolves defaults once and freezes them', () => {
    const options = resolveAuthOptions({ secretKey: TEST_SECRET_KEY });
    expect(Object.isFrozen(options)).toBe(true);
    expect(options.loginUrl).toBe('/accounts/login/');
    expect(options.session.cookieName).toBe('sessionid');
    expect(options.session.cookieAge).toBe(1209600);
  });
});
