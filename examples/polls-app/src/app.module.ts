import { Module } from '@nestjs/common';
import { ConfigModule, ConfigService } from '@nestjs/config';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AccountsModule, AUTH_MIGRATIONS, AuthModule, authEntities, databaseOptionsFromUrl } from 'nest-django-auth';
import { PollsController } from './polls/polls.controller.js';
import { Question } from './polls/question.entity.js';

@Module({
  imports: [
    ConfigModule.forRoot({ isGlobal: true }),
    TypeOrmModule.forRootAsync({
      inject: [ConfigService],
      useFactory: (config: ConfigService) => ({
        ...databaseOptionsFromUrl(config.get('DATABASE_URL') ?? 'sqlite:data/app.sqlite3'),
        entities: [...authEntities(), Question],
        migrations: AUTH_MIGRATIONS,
        migrationsRun: true,
      }),
    }),
    AuthModule.forRootAsync({
      imports: [ConfigModule],
      inject: [ConfigService],
      useFactory: (config: ConfigService) => ({
        secretKey: config.getOrThrow<string>('SECRET_KEY'),
        models: [Question],
        allowedHosts: (config.get<string>('ALLOWED_HOSTS') ?? '127.0.0.1,localhost').split(','),
        csrf: { global: true },
        email: { backend: 'console' },
      }),
    }),
    // Django's auth.urls under /accounts/: login, logout, password change and reset, in HTML and JSON.
    AccountsModule.forRoot(),
  ],
  controllers: [PollsController],
})
export class AppModule {}
