import { DynamicModule, Inject, Injectable, INestApplicationContext, OnApplicationShutdown, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { logLevelsFor, StderrLogger } from './stderr-logger';

export const MANAGEMENT_OPTIONS = Symbol('MANAGEMENT_OPTIONS');

export interface ManagementAppOptions {
  /** The app's root module: started only when a command needs it. */
  appModule?: Type<unknown> | DynamicModule;
  /** Builds the root module when it is first needed (the bare bin reads its settings then). */
  appModuleFactory?: () => Type<unknown> | DynamicModule;
  /** The program's name in usage lines. */
  progName?: string;
}

/**
 * The app, started on demand (Django's manage.py loads the settings but
 * touches the database only when a command does): `help`, a typo or a bad
 * option never connect. Commands ask for what they need:
 * `const users = await this.app.get(UserManager)`.
 * @publicApi
 */
@Injectable()
export class ManagementApp implements OnApplicationShutdown {
  /** The exit status the CLI ends with (set by commands that fail). */
  exitCode = 0;
  verbosity = 1;
  private started?: Promise<INestApplicationContext>;

  constructor(@Inject(MANAGEMENT_OPTIONS) readonly options: ManagementAppOptions) {}

  /** The app's context, started on first use with the app's logs on stderr. */
  context(): Promise<INestApplicationContext> {
    this.started ??= this.create();
    return this.started;
  }

  private async create(): Promise<INestApplicationContext> {
    const appModule = this.options.appModule ?? this.options.appModuleFactory?.();
    if (!appModule) throw new Error('runManagementCli: no app module');
    return NestFactory.createApplicationContext(appModule, {
      logger: new StderrLogger('nest-django-auth', { logLevels: logLevelsFor(this.verbosity) }),
      abortOnError: false,
    });
  }

  async get<T>(token: Type<T> | string | symbol): Promise<T> {
    return (await this.context()).get<T>(token as Type<T>, { strict: false });
  }

  async dataSource(): Promise<DataSource> {
    return this.get<DataSource>(getDataSourceToken() as Type<DataSource>);
  }

  async onApplicationShutdown(): Promise<void> {
    if (!this.started) return;
    const context = await this.started.catch(() => undefined);
    this.started = undefined;
    await context?.close();
  }
}
