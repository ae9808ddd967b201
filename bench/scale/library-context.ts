import { INestApplicationContext, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuthModule, authEntities, databaseOptionsFromUrl } from 'nest-django-auth';
import { Question } from '../../src/polls/question.entity';
import { SECRET_KEY } from './demo-env';

/** The library as an application uses it (TypeORM + AuthModule with the demo's models), without HTTP. */
export async function createLibraryContext(url: string): Promise<INestApplicationContext> {
  @Module({
    imports: [
      TypeOrmModule.forRoot({ ...databaseOptionsFromUrl(url), entities: [...authEntities(), Question], migrationsRun: false, synchronize: false } as never),
      AuthModule.forRoot({ secretKey: SECRET_KEY, models: [Question] }),
    ],
  })
  class LibraryModule {}
  return NestFactory.createApplicationContext(LibraryModule, { logger: ['error', 'warn'] });
}
