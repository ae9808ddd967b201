import { Inject } from '@nestjs/common';
import { CommandRunner, Option } from 'nest-commander';
import { CommandError } from './command-error';
import { ManagementApp } from './management-app';
import { OutputWrapper, styleFor } from './output';
import { noStyle, Style } from './style';

/** An argument parser's refusal, in the shape commander reports as a usage error. */
export function invalidArgument(message: string): Error {
  return Object.assign(new Error(message), { code: 'commander.invalidArgument' });
}

/** Options every command takes (Django's BaseCommand.create_parser). */
export interface BaseCommandOptions {
  verbosity: number;
  color: boolean;
  forceColor?: boolean;
  traceback?: boolean;
}

/**
 * Port of django.core.management.BaseCommand on nest-commander: subclass it,
 * decorate with `@Command({ name, description, arguments })`, implement
 * `handle(args, options)`; write with `this.stdout.write()` / `this.stderr.write()`;
 * throw `CommandError` for a failure the user can fix (stderr, exit 1).
 * `static appLabel` groups it in `help` (Django lists commands by app).
 * @publicApi
 */
export abstract class BaseCommand<O extends BaseCommandOptions = BaseCommandOptions> extends CommandRunner {
  static appLabel = 'app';

  stdout: OutputWrapper = new OutputWrapper(process.stdout, false);
  stderr: OutputWrapper = new OutputWrapper(process.stderr, false);
  style: Style = noStyle;
  verbosity = 1;

  constructor(@Inject(ManagementApp) protected readonly app: ManagementApp) {
    super();
  }

  /**
   * Django's parser conventions on nest-commander's command: a usage error
   * (unknown option, extra argument) is reported and ends with status 2,
   * `--help` with 0, both through the CLI's error path instead of process.exit.
   */
  override setCommand(command: Parameters<CommandRunner['setCommand']>[0]): this {
    command.exitOverride((error) => {
      throw error;
    });
    command.allowExcessArguments(false);
    command.showHelpAfterError(`Type '${this.app.options.progName ?? 'manage'} help ${command.name()}' for usage.`);
    return super.setCommand(command);
  }

  abstract handle(args: string[], options: O): Promise<string | void>;

  /** Largest number of positional arguments `handle` takes (Django's parser refuses more). */
  protected maxArgs(): number {
    return 0;
  }

  async run(args: string[], options: Record<string, unknown> = {}): Promise<void> {
    const opts = { verbosity: 1, color: true, ...options } as O;
    this.verbosity = this.app.verbosity = opts.verbosity;
    this.style = styleFor(process.stdout, { noColor: !opts.color, forceColor: opts.forceColor });
    this.stdout = new OutputWrapper(process.stdout, this.style !== noStyle);
    const errStyle = styleFor(process.stderr, { noColor: !opts.color, forceColor: opts.forceColor });
    this.stderr = new OutputWrapper(process.stderr, errStyle !== noStyle);
    this.stderr.styleFunc = errStyle.ERROR;
    try {
      if (args.length > this.maxArgs()) {
        throw new CommandError(`unrecognized arguments: ${args.slice(this.maxArgs()).join(' ')}`, 2);
      }
      const output = await this.handle(args, opts);
      if (output) this.stdout.write(output);
    } catch (error) {
      this.app.exitCode = this.reportError(error, opts);
    }
  }

  /** CommandError: `CommandError: <message>`; anything else: its class and message (the stack with --traceback). */
  private reportError(error: unknown, options: O): number {
    if (options.traceback) process.stderr.write(`${(error as Error)?.stack ?? String(error)}\n`);
    else if (error instanceof Error) this.stderr.write(`${error.name}: ${error.message}`);
    else this.stderr.write(String(error));
    return error instanceof CommandError ? error.returncode : 1;
  }

  @Option({ flags: '-v, --verbosity <level>', description: 'Verbosity level; 0=minimal output, 1=normal output, 2=verbose output, 3=very verbose output' })
  parseVerbosity(value: string): number {
    if (!['0', '1', '2', '3'].includes(value)) throw invalidArgument("invalid choice (choose from '0', '1', '2', '3')");
    return Number(value);
  }

  @Option({ flags: '--no-color', description: "Don't colorize the command output." })
  parseNoColor(): boolean {
    return false;
  }

  @Option({ flags: '--force-color', description: 'Force colorization of the command output.' })
  parseForceColor(): boolean {
    return true;
  }

  @Option({ flags: '--traceback', description: 'Raise on CommandError exceptions.' })
  parseTraceback(): boolean {
    return true;
  }
}
