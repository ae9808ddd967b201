import { INestApplication, MiddlewareConsumer, Module, NestModule } from '@nestjs/common';
import helmet from 'helmet';
import request from 'supertest';
import { AccountsModule, GroupManager, PasswordResetTokenGenerator, urlsafeBase64Encode, User, UserManager } from 'nest-django-auth';
import { cookieValue } from './support/cookies';
import { createTestDatabase, TestDatabase } from './support/databases';
import { seedReferenceUsers } from './support/seed-reference';
import { createTestApp } from './support/test-app';

/** helmet with its defaults on every route, as an app adds it (X-Frame-Options: SAMEORIGIN, Referrer-Policy: no-referrer). */
@Module({})
class HelmetDefaultsModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(helmet()).forRoutes('*');
  }
}

/**
 * An app-wide security-headers middleware sets its headers before any handler runs; the account pages' own headers
 * must still win, as Django's per-view decorators win over its middleware (XFrameOptionsMiddleware keeps a header
 * the view set).
 */
describe("the account pages' headers over an app-wide helmet [sqlite]", () => {
  let database: TestDatabase;
  let app: INestApplication;
  let alice: User;

  beforeAll(async () => {
    database = await createTestDatabase('sqlite');
    ({ app } = await createTestApp(database.url, {
      imports: [HelmetDefaultsModule, AccountsModule.forRoot()],
      auth: { csrf: { global: true }, email: { backend: 'locmem' } } as never,
    }));
    ({ alice } = await seedReferenceUsers(app.get(UserManager<User>), app.get(GroupManager)));
  }, 60_000);

  afterAll(async () => {
    await app?.close();
    await database?.drop();
  });

  it('X-Frame-Options: DENY and never_cache on the login page, helmet\'s other headers kept', async () => {
    const res = await request(app.getHttpServer()).get('/accounts/login/').set('accept', 'text/html').expect(200);
    expect(res.headers['x-frame-options']).toBe('DENY');
    expect(res.headers['cache-control']).toBe('max-age=0, no-cache, no-store, must-revalidate, private');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
  });

  it('the reset link answers no-referrer, and its set-password page its own policy (the form posts to itself)', async () => {
    const token = app.get(PasswordResetTokenGenerator).makeToken(alice as never);
    const uidb64 = urlsafeBase64Encode(String(alice.id));
    const link = await request(app.getHttpServer()).get(`/accounts/reset/${uidb64}/${token}/`).set('accept', 'text/html').expect(302);
    expect(link.headers['referrer-policy']).toBe('no-referrer');
    const session = cookieValue(link, 'sessionid');
    const page = await request(app.getHttpServer()).get(link.headers.location).set({ accept: 'text/html', cookie: `sessionid=${session}` }).expect(200);
    expect(page.headers['referrer-policy']).toBe('same-origin');
    expect(page.headers['x-frame-options']).toBe('DENY');
  });
});
