import { AuthModule } from 'nest-django-auth';
import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { authConfig } from './config/auth.config';
import { databaseConfig } from './config/database.config';
import { AccountsController } from './accounts/accounts.controller';
import { HealthController } from './health/health.controller';
import { PollsController } from './polls/polls.controller';

@Module({
  imports: [TypeOrmModule.forRootAsync({ useFactory: () => databaseConfig() }), AuthModule.forRootAsync({ useFactory: authConfig })],
  controllers: [HealthController, AccountsController, PollsController],
})
export class AppModule {}
