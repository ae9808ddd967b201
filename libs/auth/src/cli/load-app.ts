import { resolve } from 'node:path';
import { DynamicModule, Type } from '@nestjs/common';
import { MODULE_METADATA } from '@nestjs/common/constants';
import { ImproperlyConfiguredError } from '../exceptions/improperly-configured.error';

export interface LoadedApp {
  appModule: Type<unknown> | DynamicModule;
  commands: Array<Type<unknown>>;
}

function isNestModule(value: unknown): value is Type<unknown> {
  if (typeof value !== 'function') return false;
  return Object.values(MODULE_METADATA).some((key) => Reflect.getMetadata(key, value) !== undefined);
}

/**
 * `--app <file>`: a compiled module exporting the app's root module
 * (`AppModule`, `default`, or its only Nest module) and, optionally, its
 * commands as `commands`.
 */
export function loadApp(path: string): LoadedApp {
  let exported: Record<string, unknown>;
  try {
    exported = require(resolve(path)) as Record<string, unknown>;
  } catch (error) {
    throw new ImproperlyConfiguredError(`--app ${path}: ${(error as Error).message}`);
  }
  const candidates = [exported.AppModule, exported.default, ...Object.values(exported)].filter(isNestModule);
  const appModule = candidates[0];
  if (!appModule) throw new ImproperlyConfiguredError(`--app ${path} exports no Nest module (export your AppModule).`);
  const commands = Array.isArray(exported.commands) ? (exported.commands as Array<Type<unknown>>) : [];
  return { appModule, commands };
}

/** Takes `--app <path>` / `--app=<path>` out of argv (it may come anywhere); `NEST_DJANGO_AUTH_APP` otherwise. */
export function extractAppOption(argv: string[], env: NodeJS.ProcessEnv = process.env): { app?: string; argv: string[] } {
  const rest: string[] = [];
  let app = env.NEST_DJANGO_AUTH_APP || undefined;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--app' && i + 1 < argv.length) app = argv[++i];
    else if (argv[i].startsWith('--app=')) app = argv[i].slice('--app='.length);
    else rest.push(argv[i]);
  }
  return { app, argv: rest };
}
