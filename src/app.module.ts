import { AccountsModule, AuthModule } from 'nest-django-auth';
import { join } from 'node:path';
import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { authConfig } from './config/auth.config';
import { databaseConfig } from './config/database.config';
import { HealthController } from './health/health.controller';
import { PollsController } from './polls/polls.controller';

@Module({
  imports: [
    TypeOrmModule.forRootAsync({ useFactory: () => databaseConfig() }),
    AuthModule.forRootAsync({ useFactory: authConfig }),
    // Django's path("accounts/", include("django.contrib.auth.urls")): login, logout, password change and reset. The
    // demo's own templates (src/views) come first: a file there named like a default (registration/login.html) replaces it.
    AccountsModule.forRoot({ prefix: 'accounts', templatesDir: join(__dirname, 'views') }),
  ],
  controllers: [HealthController, PollsController],
})
export class AppModule {}
