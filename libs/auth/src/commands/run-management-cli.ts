import { basename } from 'node:path';
import { DynamicModule, Logger, Module, Type } from '@nestjs/common';
import { CommandFactory, CommandMetadata } from 'nest-commander';
import { BUILTIN_COMMANDS } from './builtin-commands';
import { ManagementApp, MANAGEMENT_OPTIONS } from './management-app';
import { StderrLogger } from './stderr-logger';
import { permissionsSyncAtStartup } from '../permissions/permissions-sync.service';

/** nest-commander's metadata key for `@Command()` (its constants module is not exported). */
const COMMAND_META = 'CommandBuilder:Command:Meta';

export interface ManagementCliOptions {
  /** The app's own commands (Django's `management/commands/*.py`): `BaseCommand` subclasses with `@Command()`. */
  commands?: Array<Type<unknown>>;
  /** Arguments after the program name; default `process.argv.slice(2)`. */
  argv?: string[];
  /** The name in usage lines; default the script's file name (`manage.js`). */
  progName?: string;
  /** Builds the app module when a command first needs it, instead of the first argument. */
  appModuleFactory?: () => Type<unknown> | DynamicModule;
}

interface CommandEntry {
  name: string;
  appLabel: string;
}

function commandEntries(commands: Array<Type<unknown>>): Map<string, CommandEntry> {
  const entries = new Map<string, CommandEntry>();
  for (const command of commands) {
    const meta = Reflect.getMetadata(COMMAND_META, command) as CommandMetadata | undefined;
    if (!meta?.name) throw new Error(`${command.name} is not decorated with @Command({ name })`);
    entries.set(meta.name, { name: meta.name, appLabel: (command as unknown as { appLabel?: string }).appLabel ?? 'app' });
  }
  return entries;
}

/** Django's main_help_text: commands grouped by app. */
function mainHelpText(progName: string, entries: Map<string, CommandEntry>): string {
  const lines = ['', `Type '${progName} help <subcommand>' for help on a specific subcommand.`, '', 'Available subcommands:'];
  const byApp = new Map<string, string[]>();
  for (const { name, appLabel } of entries.values()) byApp.set(appLabel, [...(byApp.get(appLabel) ?? []), name]);
  for (const app of [...byApp.keys()].sort()) {
    lines.push('', `[${app}]`, ...byApp.get(app)!.sort().map((name) => `    ${name}`));
  }
  return `${lines.join('\n')}\n`;
}

/** Python's difflib.get_close_matches, reduced to what "Did you mean" needs. */
function closeMatch(word: string, candidates: string[]): string | undefined {
  const ratio = (a: string, b: string) => {
    const lcs = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
    for (let i = 1; i <= a.length; i++) for (let j = 1; j <= b.length; j++) lcs[i][j] = a[i - 1] === b[j - 1] ? lcs[i - 1][j - 1] + 1 : Math.max(lcs[i - 1][j], lcs[i][j - 1]);
    return (2 * lcs[a.length][b.length]) / (a.length + b.length);
  };
  const scored = candidates.map((c) => [c, ratio(word, c)] as const).filter(([, r]) => r >= 0.6);
  return scored.sort((x, y) => y[1] - x[1])[0]?.[0];
}

/**
 * A usage error from commander (unknown option, missing argument…) exits 2,
 * as argparse does; help exits 0; anything else is reported and exits 1.
 */
function exitCodeOfRunError(error: { code?: string; name?: string; message?: string }): number {
  if (error.code === 'commander.helpDisplayed' || error.code === 'commander.help' || error.code === 'commander.version') return 0;
  if (error.code?.startsWith('commander.')) return 2;
  process.stderr.write(`${error.name ?? 'Error'}: ${error.message ?? String(error)}\n`);
  return 1;
}

/**
 * Django's `manage.py` for a Nest app: `help`, the package's commands
 * (createsuperuser, changepassword, migrate, check, dumpdata, loaddata…)
 * and the app's own. The app module is started only when a command needs
 * it. Resolves to the exit status.
 *
 * ```ts
 * // src/manage.ts
 * runManagementCli(AppModule, { commands: [SeedCommand] }).then((code) => process.exit(code));
 * ```
 * @publicApi
 */
export async function runManagementCli(appModule: Type<unknown> | DynamicModule | undefined, options: ManagementCliOptions = {}): Promise<number> {
  const argv = options.argv ?? process.argv.slice(2);
  // Commands write only what they are asked to: migrate and createpermissions sync, start-up does not.
  permissionsSyncAtStartup.enabled = false;
  Logger.overrideLogger(new StderrLogger('nest-django-auth', { logLevels: ['fatal', 'error', 'warn'] }));
  const progName = options.progName ?? basename(process.argv[1] ?? 'manage');
  const commands = [...BUILTIN_COMMANDS, ...(options.commands ?? [])];
  const entries = commandEntries(commands);

  let [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || (name === 'help' && rest.length === 0)) {
    process.stdout.write(mainHelpText(progName, entries));
    return 0;
  }
  if (name === 'help') [name, rest] = [rest[0], ['--help']];
  if (!entries.has(name)) {
    const match = closeMatch(name, [...entries.keys()]);
    process.stderr.write(`Unknown command: '${name}'${match ? `. Did you mean ${match}?` : ''}\nType '${progName} help' for usage.\n`);
    return 1;
  }

  @Module({
    providers: [{ provide: MANAGEMENT_OPTIONS, useValue: { appModule, appModuleFactory: options.appModuleFactory, progName } }, ManagementApp, ...commands],
  })
  class ManagementCliModule {}

  let exitCode = 0;
  const savedArgv = process.argv;
  process.argv = [savedArgv[0], progName, name, ...rest];
  try {
    const app = await CommandFactory.createWithoutRunning(ManagementCliModule, {
      logger: new StderrLogger('nest-django-auth', { logLevels: ['fatal', 'error'] }),
      cliName: progName,
      abortOnError: false,
      errorHandler: (error) => {
        throw error;
      },
      serviceErrorHandler: (error) => {
        exitCode = exitCodeOfRunError(error as { code?: string });
      },
      outputConfiguration: {
        writeOut: (text) => process.stdout.write(text),
        writeErr: (text) => process.stderr.write(text),
      },
    });
    try {
      await CommandFactory.runApplication(app);
      exitCode ||= app.get(ManagementApp).exitCode;
    } finally {
      await app.close();
    }
  } finally {
    process.argv = savedArgv;
  }
  return exitCode;
}
