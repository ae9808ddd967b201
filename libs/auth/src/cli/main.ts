#!/usr/bin/env node
import 'reflect-metadata';
import { runManagementCli } from '../commands/run-management-cli';
import { EnvironmentAppModule } from './environment.module';
import { extractAppOption, loadApp } from './load-app';

/**
 * The `nest-django-auth` bin: Django's management commands on the app given
 * by `--app <compiled module>` (or NEST_DJANGO_AUTH_APP), else on the
 * package's own models configured from DATABASE_URL and SECRET_KEY.
 */
async function main(): Promise<number> {
  const { app, argv } = extractAppOption(process.argv.slice(2));
  const loaded = app ? loadApp(app) : undefined;
  return runManagementCli(loaded?.appModule, {
    argv,
    commands: loaded?.commands,
    progName: 'nest-django-auth',
    appModuleFactory: () => EnvironmentAppModule.fromEnvironment(),
  });
}

main().then(
  (code) => process.exit(code),
  (error: Error) => {
    process.stderr.write(`${error.name}: ${error.message}\n`);
    process.exit(1);
  },
);
