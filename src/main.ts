import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { AppModule } from './app.module';
import { allowedHosts, isDevelopment } from './config/auth.config';
import { databaseUrl } from './config/database.config';
import { prepareDatabase } from './config/prepare-database';
import { applySecurityHeaders } from './security-headers';

async function bootstrap(): Promise<void> {
  await prepareDatabase(databaseUrl());
  const app = await NestFactory.create<NestExpressApplication>(AppModule);
  applySecurityHeaders(app, { development: isDevelopment() });
  app.enableShutdownHooks();
  const port = Number(process.env.PORT ?? 3000);
  await app.listen(port, process.env.HOST ?? '127.0.0.1');
  new Logger('Demo').log(`listening on http://${process.env.HOST ?? '127.0.0.1'}:${port}`);
}

if (!isDevelopment() && allowedHosts().length === 0) {
  // As Django's runserver with DEBUG off: with no allowed host every request would be a 400.
  new Logger('Demo').error('You must set ALLOWED_HOSTS outside development (comma-separated host names, e.g. ALLOWED_HOSTS=example.com,www.example.com).');
  process.exit(1);
}
void bootstrap();
