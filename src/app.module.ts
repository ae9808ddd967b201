import { AccountsModule, AuthModule } from 'nest-django-auth';
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
    // Django's path("accounts/", include("django.contrib.auth.urls")): login, logout, password change and reset.
    AccountsModule.forRoot({ prefix: 'accounts' }),
  ],
  controllers: [HealthController, PollsController],
})
export class AppModule {}
