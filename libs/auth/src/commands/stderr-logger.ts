import { ConsoleLogger, LogLevel } from '@nestjs/common';

/** Nest's console logger, writing every level to stderr so a command's stdout holds only its output. */
export class StderrLogger extends ConsoleLogger {
  /** Nest's own report of a failed start-up: the command prints that error itself (with its stack under --traceback). */
  private static readonly REPORTED_ELSEWHERE = new Set(['ExceptionHandler']);

  protected override printMessages(messages: unknown[], context?: string, logLevel?: LogLevel): void {
    if (context && StderrLogger.REPORTED_ELSEWHERE.has(context)) return;
    super.printMessages(messages, context, logLevel, 'stderr');
  }
}

/** Django's --verbosity for the app's log lines: 0 errors only, 1 and 2 warnings too, 3 everything. */
export function logLevelsFor(verbosity: number): LogLevel[] {
  const levels: LogLevel[] = ['fatal', 'error'];
  if (verbosity >= 1) levels.push('warn');
  if (verbosity >= 3) levels.push('log', 'debug', 'verbose');
  return levels;
}
